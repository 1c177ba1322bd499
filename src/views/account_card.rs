//! The account card: the organisation the contact belongs to.

use super::field_list::FieldList;
use leptos::prelude::*;
use sidecard_model::Record;

/// The person's account.
#[component]
pub fn AccountCard(
    /// The account record.
    account: Record,
) -> impl IntoView {
    let title = account.title.clone();
    let link = account.link.clone();
    view! {
        <section class="card account-card" aria-label="Account">
            <header>
                <h3>
                    {match link {
                        Some(href) => view! {
                            <a href=href target="_blank" rel="noopener noreferrer">{title}</a>
                        }
                        .into_any(),
                        None => title.into_any(),
                    }}
                </h3>
                <span class="badge">"Account"</span>
            </header>
            <FieldList record=account />
        </section>
    }
}
