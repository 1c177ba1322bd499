//! The person card: the contact (or lead, with a visible badge), why they matched, their fields.

use super::field_list::FieldList;
use super::record_link::RecordLink;
use leptos::prelude::*;
use sidecard_model::Customer;

/// The matched person.
#[component]
pub fn PersonCard(
    /// The customer whose person record to show.
    customer: Customer,
) -> impl IntoView {
    let person = customer.person.clone();
    let is_lead = customer.is_lead();
    let reasons = customer.match_summary();
    view! {
        <section class="card person-card" aria-label=person.entity.label()>
            <header>
                <h2>{person.title.clone()}</h2>
                <span class=if is_lead { "badge badge-lead" } else { "badge" }>
                    {person.entity.label()}
                </span>
            </header>
            <p class="matched-on">"Matched on " {reasons}</p>
            <FieldList record=person.clone() />
            {person.link.is_some().then(|| view! {
                <RecordLink record=person.clone() text="Open in CRM" class="open-record" />
            })}
        </section>
    }
}
