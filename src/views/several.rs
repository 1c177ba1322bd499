//! Several people match: the chooser, and the chosen one's cards with their pin button. Only
//! the `actions` chunk draws this ([`crate::on_demand::several`]), so its messages are in
//! `en.ftl`'s on-demand groups.

use super::chooser::Chooser;
use super::results::{CustomerCards, PinFor, created_cards};
use super::sentence::{Value, sentence};
use crate::i18n::{self, t_args};
use crate::locale::{AgentLocale, day};
use crate::on_demand;
use leptos::prelude::*;
use sidecard_model::{Customer, Pinned, Record, Searched};
use wasm_bindgen::JsValue;

/// Several matches: the agent chooses (the proxy lists a pinned person first); "back" returns
/// to the list. (In the `actions` chunk, `on_demand::several`.)
pub(crate) fn several(
    searched: Searched,
    customers: Vec<Customer>,
    pinned: Option<Pinned>,
    show_deals: bool,
    on_changed: Callback<()>,
) -> AnyView {
    let count = customers.len();
    let chosen = RwSignal::new(pinned.is_some().then_some(0));
    let is_pinned = pinned.is_some();
    let searched = StoredValue::new(searched);
    let pin_note = pinned.map(|pin| {
        let on = js_sys::Date::parse(&pin.at);
        let on = if on.is_finite() {
            day(on, AgentLocale::get().as_deref().unwrap_or("en-US"))
        } else {
            pin.at
        };
        (pin.by, on)
    });
    let customers = StoredValue::new(customers);
    // "None of these": the create form, then the new person's cards.
    let creating = RwSignal::new(false);
    let created = RwSignal::new(None::<Record>);
    (move || match chosen.get() {
        None if creating.get() => match created.get() {
            Some(record) => created_cards(record, searched.get_value()),
            None => on_demand::view(on_demand::nothing, move || {
                on_demand::create_person(
                    searched.get_value(),
                    Callback::new(move |r| created.set(Some(r))),
                    Callback::new(move |()| creating.set(false)),
                )
            })
            .into_any(),
        },
        None => view! {
            <Chooser
                customers=customers.get_value()
                on_choose=move |i| chosen.set(Some(i))
                on_none=move |_| creating.set(true)
            />
        }
        .into_any(),
        Some(i) => {
            let customer = customers.with_value(|c| c[i].clone());
            let note = pin_note.clone().filter(|_| i == 0);
            let pin = Some(PinFor {
                pinned: is_pinned && i == 0,
                on_changed,
            });
            view! {
                <button type="button" class="back" on:click=move |_| chosen.set(None)>
                    {t_args("results-back-to-all", &[("count", i18n::count(count))])}
                </button>
                {note.map(|(by, on)| view! {
                    <p class="as-of pinned">
                        {sentence("results-pinned-by", ("name", by), &[("date", JsValue::from_str(&on))], Value::Text)}
                    </p>
                })}
                <CustomerCards
                    customer=customer
                    searched=searched.get_value()
                    show_deals=show_deals
                    pin=pin
                />
            }
            .into_any()
        }
    })
    .into_any()
}
