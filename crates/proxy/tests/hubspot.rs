//! The HubSpot connector against the strict stand-in portal (`sidecard_fakes::hubspot`): every
//! lookup within HubSpot's search limits, in at most three calls once the portal's metadata is
//! known, and the answer as the portal holds it.

mod common;

use common::{keys, new_person};
use serde_json::json;
use sidecard_fakes::hubspot::{HubSpotPortal, TOKEN};
use sidecard_model::activity::{Conversation, Facts, HostKind, LogRequest};
use sidecard_model::phone::Region;
use sidecard_model::{Customer, Entity, MatchReason, Money, Value};
use sidecard_proxy::crm::http::Limits;
use sidecard_proxy::crm::hubspot::{HubSpotConfig, HubSpotCrm};
use sidecard_proxy::crm::{ActivityKind, Connector, CrmError, NewActivity, Plan};
use sidecard_proxy::secret::Secret;
use std::time::Duration;
use wiremock::MockServer;

const ANA: &str = "ana.garcia@contoso.example";

fn config(uri: &str, token: &str) -> HubSpotConfig {
    HubSpotConfig {
        api_url: uri.to_owned(),
        token: Secret::new(token),
        lead_stages: vec!["subscriber".into(), "lead".into()],
        limits: Limits {
            timeout: Duration::from_secs(5),
            max_retry_wait: Duration::from_secs(2),
            max_response_bytes: 4 << 20,
        },
    }
}

async fn connect(portal: HubSpotPortal) -> (MockServer, HubSpotPortal, HubSpotCrm) {
    let (server, portal) = portal.start().await;
    let crm = HubSpotCrm::new(config(&server.uri(), TOKEN)).unwrap();
    (server, portal, crm)
}

fn plan(crm: &HubSpotCrm) -> Plan {
    Plan::defaults(crm, Region::default())
}

/// Reads the portal's metadata (properties, stages, account details), so what follows
/// counts lookups only.
async fn warm(crm: &HubSpotCrm, portal: &HubSpotPortal) {
    crm.find_customers(&keys(&["warm-up@nowhere.example"], &[]), &plan(crm))
        .await
        .unwrap();
    for entity in [Entity::Account, Entity::Deal] {
        crm.fields(entity).await.unwrap();
    }
    let ana = portal
        .records("contacts")
        .into_iter()
        .find(|(_, p)| p.get("email").and_then(|e| e.as_str()) == Some(ANA));
    if ana.is_some() {
        crm.find_customers(&keys(&[ANA], &[]), &plan(crm))
            .await
            .unwrap();
    }
}

/// Ana García of Contoso (a customer) with her phone stored as "(425) 555-0100", a second
/// address, Contoso's deals (open, closed won, closed lost, one also tied to Ana) and a deal
/// of Ana's alone.
fn contoso(portal: &HubSpotPortal) -> (String, String) {
    let contoso = portal.insert(
        "companies",
        json!({ "name": "Contoso Pharmaceuticals", "domain": "contoso.example",
                "industry": "PHARMACEUTICALS", "annualrevenue": "52000000" }),
    );
    let ana = portal.insert(
        "contacts",
        json!({ "firstname": "Ana", "lastname": "García", "email": ANA,
                "hs_additional_emails": "ana@garcia-family.example;agarcia@old.example",
                "phone": "(425) 555-0100", "jobtitle": "Head of Procurement",
                "lifecyclestage": "customer", "associatedcompanyid": contoso }),
    );
    portal.associate("contacts", &ana, "companies", &contoso);
    for (name, stage, amount, close, with_ana) in [
        (
            "Lab equipment renewal",
            "contractsent",
            "48000",
            "2027-01-15",
            true,
        ),
        (
            "Cold-chain sensors",
            "qualifiedtobuy",
            "125000",
            "2026-12-20",
            false,
        ),
        ("Old deal", "closedwon", "1000", "2025-01-01", false),
        ("Lost deal", "closedlost", "5000", "2025-02-01", false),
    ] {
        let deal = portal.insert(
            "deals",
            json!({ "dealname": name, "dealstage": stage, "pipeline": "default",
                    "amount": amount, "closedate": close }),
        );
        portal.associate("deals", &deal, "companies", &contoso);
        if with_ana {
            portal.associate("deals", &deal, "contacts", &ana);
        }
    }
    let own = portal.insert(
        "deals",
        json!({ "dealname": "Ana's pilot", "dealstage": "appointmentscheduled",
                "pipeline": "default", "amount": "900", "closedate": "2027-03-01",
                "deal_currency_code": "EUR" }),
    );
    portal.associate("deals", &own, "contacts", &ana);
    (ana, contoso)
}

fn deal_names(customer: &Customer) -> Vec<&str> {
    customer
        .open_deals
        .iter()
        .map(|d| d.record.title.as_str())
        .collect()
}

#[tokio::test]
async fn a_lookup_by_email_is_three_calls_with_company_open_deals_and_stage_labels() {
    let portal = HubSpotPortal::default();
    let (ana, contoso) = contoso(&portal);
    let (_server, portal, crm) = connect(portal).await;
    warm(&crm, &portal).await;

    let before = portal.api_calls();
    let found = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(
        portal.api_calls() - before,
        3,
        "the search, then the company and the deals: {:?}",
        &portal.calls()[before..]
    );
    assert_eq!(found.len(), 1);
    let ana_card = &found[0];
    assert_eq!(ana_card.person.id, ana);
    assert_eq!(ana_card.person.entity, Entity::Contact);
    assert_eq!(ana_card.person.title, "Ana García");
    assert_eq!(
        ana_card.person.link.as_ref().unwrap().as_str(),
        format!("https://app.hubspot.com/contacts/4711/record/0-1/{ana}")
    );
    assert_eq!(
        ana_card.matched_on,
        [MatchReason::Email {
            field: "Email".into(),
            value: ANA.into()
        }]
    );
    let account = ana_card.account.as_ref().unwrap();
    assert_eq!(account.id, contoso);
    assert_eq!(account.title, "Contoso Pharmaceuticals");
    let industry = account.fields.iter().find(|f| f.key == "industry").unwrap();
    assert_eq!(
        industry.value,
        Value::Choice("Pharmaceuticals".into()),
        "labels, not values"
    );
    // Closed won and lost never show; the deal of both Ana and Contoso shows once.
    assert_eq!(
        deal_names(ana_card),
        ["Cold-chain sensors", "Lab equipment renewal", "Ana's pilot"]
    );
    let renewal = &ana_card.open_deals[1];
    assert_eq!(
        renewal.stage.as_deref(),
        Some("Contract Sent"),
        "the stage's label"
    );
    assert_eq!(renewal.amount, Some(Money::new(4_800_000, "USD")));
    assert_eq!(
        ana_card.open_deals[2].amount,
        Some(Money::new(90_000, "EUR")),
        "a deal's own currency"
    );

    // Only what the cards show is asked for, and every search keeps within the limits.
    let search = portal.searches().last().unwrap().clone();
    let properties: Vec<&str> = search["properties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(properties.contains(&"hs_is_closed"), "{properties:?}");
    assert!(!properties.contains(&"hubspot_owner_id"), "{properties:?}");
}

#[tokio::test]
async fn an_additional_email_and_a_number_in_any_format_find_the_contact() {
    let portal = HubSpotPortal::default();
    let (ana, _) = contoso(&portal);
    let (_server, _portal, crm) = connect(portal).await;
    let by_second = crm
        .find_customers(&keys(&["Ana@Garcia-Family.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(by_second.len(), 1);
    assert_eq!(by_second[0].person.id, ana);
    assert_eq!(
        by_second[0].matched_on,
        [MatchReason::Email {
            field: "Additional email".into(),
            value: "ana@garcia-family.example".into()
        }]
    );
    let by_phone = crm
        .find_customers(&keys(&[], &["+14255550100"]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(by_phone.len(), 1);
    assert_eq!(
        by_phone[0].matched_on,
        [MatchReason::Phone {
            field: "Phone number".into(),
            value: "(425) 555-0100".into()
        }]
    );
    // Secondary emails off: only the primary one is searched.
    let primary_only = Plan {
        secondary_emails: false,
        ..plan(&crm)
    };
    let none = crm
        .find_customers(&keys(&["ana@garcia-family.example"], &[]), &primary_only)
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_shared_address_shows_everyone_holding_it_and_leads_only_without_customers() {
    let portal = HubSpotPortal::default();
    contoso(&portal);
    portal.insert(
        "contacts",
        json!({ "firstname": "Ben", "lastname": "Okafor", "email": "ben@contoso.example",
                "hs_additional_emails": ANA, "lifecyclestage": "opportunity" }),
    );
    portal.insert(
        "contacts",
        json!({ "firstname": "Priya", "lastname": "Raman", "email": "priya@startup.example",
                "lifecyclestage": "lead" }),
    );
    portal.insert(
        "contacts",
        json!({ "firstname": "Old", "lastname": "Lead", "email": "old@lead.example",
                "hs_additional_emails": ANA, "lifecyclestage": "subscriber" }),
    );
    let (_server, _portal, crm) = connect(portal).await;
    let shared = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    let names: Vec<&str> = shared.iter().map(|c| c.person.title.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Ana García") && names.contains(&"Ben Okafor"));
    assert!(shared.iter().all(|c| c.person.entity == Entity::Contact));
    assert!(
        !names.contains(&"Old Lead"),
        "a lead shows only when no customer matches"
    );

    let priya = crm
        .find_customers(&keys(&["priya@startup.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(priya.len(), 1);
    assert_eq!(priya[0].person.entity, Entity::Lead);
    let no_leads = Plan {
        leads: false,
        ..plan(&crm)
    };
    assert!(
        crm.find_customers(&keys(&["priya@startup.example"], &[]), &no_leads)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn many_keys_split_into_searches_within_the_limits() {
    let portal = HubSpotPortal::default();
    contoso(&portal);
    let (_server, portal, crm) = connect(portal).await;
    let emails: Vec<String> = (0..6).map(|i| format!("nobody{i}@x.example")).collect();
    let mut all: Vec<&str> = emails.iter().map(String::as_str).collect();
    all.push(ANA);
    let found = crm
        .find_customers(&keys(&all, &["+14255550100", "+442079460958"]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(
        found.len(),
        1,
        "the stand-in refuses any search beyond its limits"
    );
    let searches = portal.searches();
    let contact_searches: Vec<_> = searches
        .iter()
        .filter(|s| {
            s["filterGroups"][0]["filters"][0]["propertyName"]
                .as_str()
                .is_some_and(|p| !p.starts_with("associations."))
        })
        .collect();
    assert_eq!(contact_searches.len(), 2, "10 groups: 5 + 5");
}

#[tokio::test]
async fn eu_portals_link_to_their_own_host_and_show_their_currency() {
    let portal = HubSpotPortal::eu();
    let (ana, _) = contoso(&portal);
    let (_server, _portal, crm) = connect(portal).await;
    let found = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(
        found[0].person.link.as_ref().unwrap().as_str(),
        format!("https://app-eu1.hubspot.com/contacts/4711/record/0-1/{ana}")
    );
    assert_eq!(
        found[0].open_deals[0].amount,
        Some(Money::new(12_500_000, "EUR")),
        "the portal's currency where the deal names none"
    );
}

#[tokio::test]
async fn a_ten_secondly_throttle_keeps_every_call_away_for_the_window() {
    let portal = HubSpotPortal::default();
    contoso(&portal);
    let (_server, portal, crm) = connect(portal).await;
    warm(&crm, &portal).await;
    portal.throttle_next("TEN_SECONDLY_ROLLING");
    let err = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap_err();
    assert!(
        matches!(err, CrmError::Throttled { retry_after: Some(wait) } if wait == Duration::from_secs(10)),
        "{err:?}"
    );
    let before = portal.api_calls();
    let again = crm.find_customers(&keys(&[ANA], &[]), &plan(&crm)).await;
    assert!(
        matches!(again, Err(CrmError::Throttled { .. })),
        "{again:?}"
    );
    assert_eq!(
        portal.api_calls(),
        before,
        "no call leaves during the window"
    );
}

#[tokio::test]
async fn a_searchs_per_second_limit_is_waited_out_once() {
    let portal = HubSpotPortal::default();
    contoso(&portal);
    let (_server, portal, crm) = connect(portal).await;
    warm(&crm, &portal).await;
    portal.throttle_next("SECONDLY");
    let found = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(found.len(), 1, "a second's wait, then the same search");
}

#[tokio::test]
async fn a_refused_token_is_a_sign_in_problem() {
    let portal = HubSpotPortal::default();
    let (server, _portal) = portal.start().await;
    let crm = HubSpotCrm::new(config(&server.uri(), "pat-na1-not-the-token")).unwrap();
    let err = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap_err();
    assert!(matches!(err, CrmError::Auth(_)), "{err:?}");
}

#[tokio::test]
async fn fields_come_from_the_properties_api() {
    let portal = HubSpotPortal::default();
    portal.custom_property(
        "contacts",
        "support_tier",
        "Support tier",
        "enumeration",
        "select",
        &[("gold", "Gold"), ("silver", "Silver")],
    );
    let (_server, _portal, crm) = connect(portal).await;
    let contact = crm.fields(Entity::Contact).await.unwrap();
    let tier = contact.iter().find(|f| f.key == "support_tier").unwrap();
    assert_eq!(tier.label, "Support tier");
    let deal = crm.fields(Entity::Deal).await.unwrap();
    let amount = deal.iter().find(|f| f.key == "amount").unwrap();
    assert_eq!(amount.kind, sidecard_model::FieldKind::Money);
    assert!(crm.fields(Entity::Activity).await.unwrap().is_empty());
}

#[tokio::test]
async fn create_names_the_existing_contact_when_the_email_is_taken() {
    let portal = HubSpotPortal::default();
    let (ana, _) = contoso(&portal);
    let (_server, portal, crm) = connect(portal).await;
    let person = new_person(Entity::Lead, "Priya", "Raman", "priya@startup.example");
    let created = crm.create_person(&person).await.unwrap();
    assert_eq!(created.entity, Entity::Lead);
    let stored = portal
        .records("contacts")
        .into_iter()
        .find(|(id, _)| *id == created.id)
        .unwrap()
        .1;
    assert_eq!(stored["lifecyclestage"], "lead");

    let twin = new_person(Entity::Contact, "Ana", "García", ANA);
    match crm.create_person(&twin).await.unwrap_err() {
        CrmError::Duplicate { existing } => {
            assert_eq!(existing.len(), 1);
            assert_eq!(existing[0].id, ana);
            assert_eq!(existing[0].title, "Ana García");
        }
        other => panic!("{other:?}"),
    }
}

fn logged(crm: &HubSpotCrm, host: HostKind, person: &str) -> NewActivity {
    let target = crm.default_log(host).unwrap();
    let request = LogRequest {
        emails: vec![ANA.into()],
        phones: Vec::new(),
        entity: Entity::Contact,
        id: person.into(),
        // An inbound phone ticket, "Printer on fire".
        conversation: Conversation::sample(),
        note: Some("Sent a new toner.".into()),
        agent: None,
    };
    NewActivity {
        kind: target.activity,
        entity: Entity::Contact,
        person_id: person.into(),
        account_id: None,
        values: target.values(&Facts::of(&request)),
        update: None,
    }
}

#[tokio::test]
async fn a_call_and_a_task_are_logged_on_the_contact_and_a_second_log_updates() {
    let portal = HubSpotPortal::default();
    let (ana, _) = contoso(&portal);
    let (_server, portal, crm) = connect(portal).await;
    let call = logged(&crm, HostKind::Dynamics, &ana);
    assert_eq!(call.kind, ActivityKind::PhoneCall);
    let id = crm.log_activity(&call).await.unwrap();
    let (_, stored) = portal
        .records("calls")
        .into_iter()
        .find(|(i, _)| *i == id)
        .unwrap();
    assert_eq!(stored["hs_call_direction"], "INBOUND", "the option's value");
    assert_eq!(stored["hs_call_status"], "COMPLETED");
    assert_eq!(stored["hs_call_title"], "Printer on fire");
    assert!(stored.get("hs_timestamp").is_some());
    assert!(
        portal
            .typed_associations()
            .iter()
            .any(|(from, f, to, t, type_id)| from == "calls"
                && *f == id
                && to == "contacts"
                && *t == ana
                && *type_id == 194)
    );

    let task = logged(&crm, HostKind::Zendesk, &ana);
    let task_id = crm.log_activity(&task).await.unwrap();
    assert!(portal.records("tasks").iter().any(|(i, _)| *i == task_id));
    // A second log of the same conversation updates the first, once the lock is gone.
    portal.lock_next();
    let mut again = logged(&crm, HostKind::Zendesk, &ana);
    again.update = Some(task_id.clone());
    assert_eq!(crm.log_activity(&again).await.unwrap(), task_id);
    assert_eq!(portal.records("tasks").len(), 1);
    // A deleted activity is the CRM's "no such record".
    again.update = Some("999999999".into());
    assert!(matches!(
        crm.log_activity(&again).await.unwrap_err(),
        CrmError::NotFound(_)
    ));
    // Every host's default mapping is one the portal's metadata accepts.
    for host in HostKind::ALL {
        let target = crm.default_log(host).unwrap();
        let fields = crm.activity_fields(target.activity).await.unwrap();
        assert_eq!(
            target.problems(host, &fields),
            Vec::<String>::new(),
            "{host:?}"
        );
    }
}

#[tokio::test]
async fn a_field_list_too_long_for_one_search_is_read_in_the_second_round_trip() {
    let portal = HubSpotPortal::default();
    let (ana, _) = contoso(&portal);
    let names: Vec<String> = (0..120)
        .map(|i| format!("support_contract_detail_number_{i:03}"))
        .collect();
    for name in &names {
        portal.custom_property("contacts", name, name, "string", "text", &[]);
        portal.custom_property("deals", name, name, "string", "text", &[]);
    }
    portal.insert("contacts", json!({ "email": "someone@else.example" }));
    let (_server, portal, crm) = connect(portal).await;
    warm(&crm, &portal).await;
    let mut with_many = plan(&crm);
    with_many.contact.extend(names.iter().cloned());
    with_many.deal = Some(names.clone());
    let before = portal.api_calls();
    let found = crm
        .find_customers(&keys(&[ANA], &[]), &with_many)
        .await
        .unwrap();
    assert_eq!(found[0].person.id, ana);
    assert_eq!(
        portal.api_calls() - before,
        5,
        "the search, then the company, the deals and the people's fields, then the deals' fields"
    );
    for search in portal.searches() {
        assert!(search.to_string().len() <= 3_000, "{search}");
    }
    assert_eq!(found[0].open_deals.len(), 3, "{:?}", found[0].open_deals);
    assert!(
        found[0].open_deals[0]
            .record
            .fields
            .iter()
            .any(|f| f.key == "support_contract_detail_number_000")
    );
    assert!(
        found[0]
            .person
            .fields
            .iter()
            .any(|f| f.key == "support_contract_detail_number_119"),
        "the chosen fields still come"
    );
}

#[tokio::test]
async fn no_call_leaves_once_the_window_is_used_up() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/properties/contacts"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-HubSpot-RateLimit-Remaining", "0")
                .insert_header("X-HubSpot-RateLimit-Interval-Milliseconds", "4000")
                .set_body_json(json!({ "results": [] })),
        )
        .mount(&server)
        .await;
    let crm = HubSpotCrm::new(config(&server.uri(), TOKEN)).unwrap();
    crm.fields(Entity::Contact).await.unwrap();
    let err = crm.fields(Entity::Account).await.unwrap_err();
    assert!(
        matches!(err, CrmError::Throttled { retry_after: Some(wait) }
            if wait > Duration::from_secs(3) && wait <= Duration::from_secs(4)),
        "the window the headers name, not a default: {err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
