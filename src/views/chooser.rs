//! Several people match: list them with why each matched, and let the agent pick, or say none
//! of them is this customer (and create them). Duplicates are shown, never silently resolved to
//! the first one.

use super::sentence::{Value, sentence};
use crate::i18n::{self, t, t_args};
use leptos::prelude::*;
use sidecard_model::Customer;

/// The chooser.
#[component]
pub fn Chooser(
    /// Everyone who matched, best first.
    customers: Vec<Customer>,
    /// Called with the index of the chosen person.
    #[prop(into)]
    on_choose: Callback<usize>,
    /// None of them: the agent creates the customer.
    #[prop(into)]
    on_none: Callback<()>,
) -> impl IntoView {
    let count = customers.len();
    let options = customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let account = c
                .account
                .as_ref()
                .map(|a| a.title.clone())
                .unwrap_or_else(|| t("chooser-no-account"));
            let matched_on = sentence(
                "chooser-matched-on",
                ("reasons", c.match_summary()),
                &[],
                Value::Text,
            );
            view! {
                <li>
                    <button type="button" class="choice" on:click=move |_| on_choose.run(i)>
                        <span class="choice-name">
                            {c.person.title.clone()}
                            <span class=if c.is_lead() { "badge badge-lead" } else { "badge" }>
                                {i18n::entity(c.person.entity)}
                            </span>
                        </span>
                        <span class="choice-account">{account}</span>
                        <span class="matched-on">{matched_on}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="chooser" aria-label=t("chooser-label")>
            <h2>{t_args("chooser-title", &[("count", i18n::count(count))])}</h2>
            <p class="hint">{t("chooser-hint")}</p>
            <ul>{options}</ul>
            <button type="button" class="none-of-these secondary" on:click=move |_| on_none.run(())>
                {t("chooser-none")}
            </button>
        </section>
    }
}
