//! The account card: the organisation the contact belongs to.

use super::field_list::FieldList;
use super::record_link::RecordLink;
use leptos::prelude::*;
use sidecard_model::{Entity, Record};

/// The person's account.
#[component]
pub fn AccountCard(
    /// The account record.
    account: Record,
) -> impl IntoView {
    let title = account.title.clone();
    view! {
        <section class="card account-card" aria-label=crate::i18n::entity(Entity::Account)>
            <header>
                <h3>
                    <RecordLink record=account.clone() text=title />
                </h3>
                <span class="badge">{crate::i18n::entity(Entity::Account)}</span>
            </header>
            <FieldList record=account />
        </section>
    }
}
