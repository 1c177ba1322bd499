//! The settings page's live preview: a sample record for the card being edited, shaped by the
//! draft settings and rendered by the very components agents see.

use super::account_card::AccountCard;
use super::deal_list::DealList;
use super::person_card::PersonCard;
use crate::i18n::t;
use leptos::prelude::*;
use sidecard_model::activity::Activity;
use sidecard_model::{
    Customer, Date, Deal, Entity, FieldInfo, MatchReason, Money, Settings, sample_record,
};

/// The preview of `entity`'s card under the draft settings.
#[component]
pub fn Preview(
    /// Which card.
    entity: Entity,
    /// The document being edited.
    draft: RwSignal<Option<Settings>>,
    /// Every field the CRM has for the entity (each gets a sample value).
    fields: Vec<FieldInfo>,
) -> impl IntoView {
    let sample = sample_record(entity, &fields);
    let card = move || {
        let settings = draft.get()?;
        if !settings.shown(entity) {
            return Some(view! { <p class="hint">{t("preview-hidden")}</p> }.into_any());
        }
        let record = settings.apply(entity, &sample);
        Some(match entity {
            Entity::Contact | Entity::Lead => {
                let customer = Customer {
                    person: record,
                    matched_on: vec![MatchReason::Email {
                        field: "Email".to_owned(),
                        value: "ana.garcia@contoso.example".to_owned(),
                    }],
                    account: None,
                    open_deals: Vec::new(),
                    more_deals: 0,
                    recent: Vec::new(),
                };
                view! { <PersonCard customer=customer /> }.into_any()
            }
            Entity::Account => view! { <AccountCard account=record /> }.into_any(),
            Entity::Activity => {
                let customer = Customer {
                    person: sample_record(Entity::Contact, &[]),
                    matched_on: Vec::new(),
                    account: None,
                    open_deals: Vec::new(),
                    more_deals: 0,
                    recent: vec![Activity {
                        kind: "Phone Call".to_owned(),
                        subject: record.title,
                        when: Some("2026-11-20".to_owned()),
                        owner: Some("Dana Support".to_owned()),
                        fields: record.fields,
                    }],
                };
                view! { <PersonCard customer=customer /> }.into_any()
            }
            Entity::Deal => {
                let deal = Deal {
                    record,
                    amount: Some(Money::new(4_800_000, "USD")),
                    stage: Some("Propose".to_owned()),
                    close_date: Date::new(2027, 1, 15),
                };
                view! { <DealList deals=vec![deal] more=0 /> }.into_any()
            }
        })
    };
    view! {
        <section class="preview" aria-label=t("preview-label")>
            <h2 class="section-title">
                {t("preview-title")}
                <span class="hint">{t("preview-sample-values")}</span>
            </h2>
            {card}
        </section>
    }
}
