//! The open deals: name, amount with currency, stage and close date, then the extra fields an
//! admin chose, in the order the admin set (the proxy sorts and cuts them; closed deals never
//! arrive).

use super::field_list::FieldList;
use super::record_link::RecordLink;

use crate::i18n::{self, t, t_args};
use crate::locale::{AgentLocale, date, money};
use leptos::prelude::*;
use sidecard_model::Deal;
use wasm_bindgen::JsValue;

/// The person's and their account's open deals.
#[component]
pub fn DealList(
    /// Open deals, already sorted and cut to the number the admin set.
    deals: Vec<Deal>,
    /// How many more open deals the CRM has than are listed.
    more: usize,
) -> impl IntoView {
    let count = deals.len();
    let items = deals
        .into_iter()
        .map(|deal| {
            let title = view! {
                <RecordLink record=deal.record.clone() text=deal.record.title.clone() />
            };
            let extra = deal.record.clone();
            let (amount, close_date) = (deal.amount.clone(), deal.close_date);
            view! {
                <li class="deal" data-id=deal.record.id.clone()>
                    <div class="deal-name">{title}</div>
                    <div class="deal-facts">
                        <span class="amount">
                            {move || {
                                let locale = AgentLocale::get();
                                amount.as_ref().map_or_else(
                                    || t("deal-list-no-amount"),
                                    |m| locale.as_deref().and_then(|l| money(m, l)).unwrap_or_else(|| m.to_string()),
                                )
                            }}
                        </span>
                        {deal.stage.clone().map(|s| view! { <span class="stage">{s}</span> })}
                        <span class="close-date">
                            {move || {
                                let locale = AgentLocale::get();
                                close_date.map_or_else(
                                    || t("deal-list-no-close-date"),
                                    |d| {
                                        let shown = locale.as_deref().and_then(|l| date(&d, l)).unwrap_or_else(|| d.to_string());
                                        t_args("deal-list-closes", &[("date", JsValue::from_str(&shown))])
                                    },
                                )
                            }}
                        </span>
                    </div>
                    {(!extra.fields.is_empty()).then(|| view! { <FieldList record=extra /> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card deal-list" aria-label=t("deal-list-label")>
            <h3>
                {t("deal-list-title")}
                <span class="count">
                    {t_args("deal-list-count", &[("count", i18n::count(count + more))])}
                </span>
            </h3>
            {if count == 0 {
                view! { <p class="empty">{t("deal-list-empty")}</p> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }}
            {(more > 0).then(|| view! {
                <p class="more-deals">
                    {t_args("deal-list-more", &[("count", i18n::count(more))])}
                </p>
            })}
        </section>
    }
}
