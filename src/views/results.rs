//! The lookup's answer: how old it is, then no match, one customer's cards, or the chooser
//! when several match (`several.rs`, loaded on demand).

use super::account_card::AccountCard;
use super::deal_list::DealList;
use super::freshness::freshness;
use super::log_form::LogToCrm;
use super::person_card::PersonCard;
use super::states::Skeleton;
use crate::i18n::t;
use crate::on_demand;
use leptos::prelude::*;
use sidecard_model::{Customer, CustomerView, Entity, Pinned, Record, Searched};

/// Picks the view for the answer, under how old it is.
#[component]
pub fn Results(
    /// The proxy's answer.
    view: CustomerView,
    /// Asks the CRM again (the stale notice's "Try again").
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let CustomerView {
        searched,
        customers,
        hidden,
        as_of,
        stale,
        pinned,
    } = view;
    (
        freshness(as_of, stale, on_retry),
        answer(
            searched,
            customers,
            pinned,
            !hidden.contains(&Entity::Deal),
            on_retry,
        ),
    )
}

/// No match, one customer's cards, or the chooser; when an agent pinned one of several, their
/// cards at once, saying who pinned them and when, with the way back to everyone.
fn answer(
    searched: Searched,
    customers: Vec<Customer>,
    pinned: Option<Pinned>,
    show_deals: bool,
    on_changed: Callback<()>,
) -> AnyView {
    let count = customers.len();
    if count == 0 {
        // A person the agent creates shows at once (the proxy's next lookup finds them too).
        let created = RwSignal::new(None::<Record>);
        return (move || match created.get() {
            None => {
                let searched = searched.clone();
                on_demand::view(skeleton, move || {
                    on_demand::no_match(
                        searched.clone(),
                        Callback::new(move |r| created.set(Some(r))),
                    )
                })
            }
            Some(record) => created_cards(record, searched.clone()),
        })
        .into_any();
    }
    if count == 1 {
        let customer = customers.into_iter().next().expect("one customer");
        return view! {
            <CustomerCards customer=customer searched=searched show_deals=show_deals pin=None />
        }
        .into_any();
    }
    on_demand::view(skeleton, move || {
        on_demand::several(
            searched.clone(),
            customers.clone(),
            pinned.clone(),
            show_deals,
            on_changed,
        )
    })
}

/// The `actions` chunk (the other outcomes) is on its way: the lookup is not over for the
/// agent until it is in.
fn skeleton() -> AnyView {
    view! { <Skeleton /> }.into_any()
}

/// A person the agent just created: said so, and their card.
pub(super) fn created_cards(record: Record, searched: Searched) -> AnyView {
    view! {
        <p class="created" role="status">{t("results-created")}</p>
        <CustomerCards customer=Customer::of(record) searched=searched show_deals=false pin=None />
    }
    .into_any()
}

/// What a chosen one of several matches can be pinned as.
#[derive(Clone)]
pub(super) struct PinFor {
    /// Whether the person shown is the pinned one.
    pub(super) pinned: bool,
    /// Runs the lookup again once the pin changed.
    pub(super) on_changed: Callback<()>,
}

/// Person (with logging and, when several match, pinning), account and open deals of one
/// customer.
#[component]
pub(super) fn CustomerCards(
    /// The customer to show.
    customer: Customer,
    /// What the lookup searched for.
    searched: Searched,
    /// Whether the admin left the deal list on.
    show_deals: bool,
    /// Pinning, when several matched.
    pin: Option<PinFor>,
) -> impl IntoView {
    let account = customer.account.clone();
    let deals = customer.open_deals.clone();
    let more = customer.more_deals;
    let is_lead = customer.is_lead();
    let person = customer.person.clone();
    // Only a chosen one of several has it: their chooser came with the `actions` chunk, so
    // the button's code and English wait there too (in already, so nothing shows meanwhile).
    let pin = pin.map(|PinFor { pinned, on_changed }| {
        let (searched, person) = (searched.clone(), person.clone());
        on_demand::view(on_demand::nothing, move || {
            on_demand::pin_button(searched.clone(), person.clone(), pinned, on_changed)
        })
    });
    view! {
        <div class="customer">
            <PersonCard customer=customer />
            <div class="actions">
                <LogToCrm searched=searched person=person />
                {pin}
            </div>
            {account.map(|account| view! { <AccountCard account=account /> })}
            // Leads have no account or deals of their own yet; an empty deal list says nothing.
            {(show_deals && !is_lead).then(|| view! { <DealList deals=deals more=more /> })}
        </div>
    }
}
