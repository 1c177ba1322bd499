//! The person card: the contact (or lead, with a visible badge), why they matched, their fields.

use super::field_list::FieldList;
use super::record_link::RecordLink;
use super::sentence::{Value, sentence};
use crate::i18n::t;
use crate::locale::{AgentLocale, date, day};
use leptos::prelude::*;
use sidecard_model::{Customer, Date, Entity, Record};

/// The matched person.
#[component]
pub fn PersonCard(
    /// The customer whose person record to show.
    customer: Customer,
) -> impl IntoView {
    let person = customer.person.clone();
    let is_lead = customer.is_lead();
    let matched_on = sentence(
        "person-card-matched-on",
        ("reasons", customer.match_summary()),
        &[],
        Value::Text,
    );
    let recent = recent(&customer);
    view! {
        <section class="card person-card" aria-label=crate::i18n::entity(person.entity)>
            <header>
                <h2>{person.title.clone()}</h2>
                <span class=if is_lead { "badge badge-lead" } else { "badge" }>
                    {crate::i18n::entity(person.entity)}
                </span>
            </header>
            <p class="matched-on">{matched_on}</p>
            <FieldList record=person.clone() />
            {person.link.is_some().then(|| view! {
                <RecordLink record=person.clone() text=t("person-card-open-in-crm") class="open-record" />
            })}
            {(!recent.is_empty()).then(|| view! {
                <h3 class="recent-title">{t("person-card-recent-title")}</h3>
                <ul class="recent">{recent}</ul>
            })}
        </section>
    }
}

/// The person's latest activities: subject, then type, day and owner, one line each, then the
/// fields the admin chose for the list.
fn recent(customer: &Customer) -> Vec<impl IntoView + use<>> {
    let locale = AgentLocale::get();
    customer
        .recent
        .iter()
        .map(|a| {
            let on = a.when.as_deref().and_then(|w| when(w, locale.as_deref()));
            let meta = [Some(a.kind.clone()), on, a.owner.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            let fields = Record {
                entity: Entity::Activity,
                id: String::new(),
                title: a.subject.clone(),
                link: None,
                fields: a.fields.clone(),
            };
            view! {
                <li>
                    <span class="recent-subject">{a.subject.clone()}</span>
                    <span class="recent-meta">{meta}</span>
                    <FieldList record=fields />
                </li>
            }
        })
        .collect()
}

/// When an activity happened: a calendar day as it is (no time zone may move it), an instant
/// as the agent's day; without the agent's locale, the day as every card writes it
/// ("20 Dec 2026").
fn when(text: &str, locale: Option<&str>) -> Option<String> {
    let calendar = text.get(..10).and_then(|d| d.parse::<Date>().ok());
    match (locale, text.len() == 10) {
        (Some(l), true) => calendar.and_then(|d| date(&d, l)),
        (Some(l), false) => Some(js_sys::Date::parse(text))
            .filter(|t| t.is_finite())
            .map(|t| day(t, l)),
        (None, _) => calendar.map(|d| d.to_string()),
    }
}
