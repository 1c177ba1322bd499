//! The Dynamics 365 connector against the strict stand-in org of `sidecard-fakes`: written
//! from the Dataverse Web API documentation, it evaluates the `$filter`, `$select` and
//! `$expand` it receives against its own rows and refuses what a real org refuses (unknown
//! properties, `$top`/`$orderby` in nested expansions, more than 15 expansions).

mod common;

use common::{keys, new_person};
use serde_json::json;
use sidecard_fakes::dataverse::DataverseOrg;
use sidecard_model::FieldKind;
use sidecard_model::activity::{Conversation, Direction, Facts, HostKind, LogRequest, LogValue};
use sidecard_model::phone::Region;
use sidecard_model::{Customer, Entity, MatchReason, Value};
use sidecard_proxy::crm::dynamics::{DynamicsConfig, DynamicsCrm};
use sidecard_proxy::crm::http::Limits;
use sidecard_proxy::crm::{ActivityKind, Connector, CrmError, NewActivity, PanelSignIn, Plan};
use sidecard_proxy::secret::Secret;
use sidecard_proxy::session::PanelUser;
use std::time::Duration;
use wiremock::MockServer;

const ANA: &str = "ana.garcia@contoso.example";

/// The stand-in org served, and the connector signed in to it.
async fn connect(org: DataverseOrg) -> (MockServer, DataverseOrg, DynamicsCrm) {
    let (server, org) = org.start().await;
    let crm = DynamicsCrm::new(DynamicsConfig {
        org_url: server.uri(),
        tenant: "contoso.onmicrosoft.com".into(),
        client_id: "11111111-2222-3333-4444-555555555555".into(),
        client_secret: Secret::new("client-secret-value"),
        api_version: "v9.2".into(),
        authority: server.uri(),
        limits: Limits {
            timeout: Duration::from_secs(5),
            max_retry_wait: Duration::from_secs(1),
            max_response_bytes: 4 << 20,
        },
        region: Region::default(),
    })
    .unwrap();
    (server, org, crm)
}

/// The default plan without recent activities: the tests of what one lookup request does
/// (the activities are one more, tested on their own).
fn plan(crm: &DynamicsCrm) -> Plan {
    Plan {
        recent: 0,
        ..Plan::defaults(crm, Region::default())
    }
}

fn deal_names(customer: &Customer) -> Vec<&str> {
    customer
        .open_deals
        .iter()
        .map(|d| d.record.title.as_str())
        .collect()
}

/// Ana García of Contoso and the deals tied to her or her account through each lookup, plus a
/// won deal and someone else's.
fn contoso(org: &DataverseOrg) -> (String, String) {
    let account = org.insert(
        "accounts",
        json!({ "name": "Contoso Pharmaceuticals", "websiteurl": "contoso.example",
                "industrycode": 7, "industrycode@label": "Pharmaceuticals", "revenue": 52000000.0 }),
    );
    let ana = org.insert(
        "contacts",
        json!({ "firstname": "Ana", "lastname": "García", "emailaddress1": "Ana.Garcia@contoso.example",
                "emailaddress2": "ana@garcia-family.example", "telephone1": "(425) 555-0100",
                "jobtitle": "Head of Procurement", "_parentcustomerid_value": account }),
    );
    for (name, column, to, close, state) in [
        (
            "Cold-chain sensors",
            "_parentaccountid_value",
            &account,
            "2026-12-20",
            0,
        ),
        (
            "Imported renewal",
            "_customerid_value",
            &account,
            "2027-02-01",
            0,
        ),
        (
            "Training services",
            "_parentcontactid_value",
            &ana,
            "2027-03-31",
            0,
        ),
        ("Direct order", "_customerid_value", &ana, "2027-04-30", 0),
        (
            "2025 service contract",
            "_parentaccountid_value",
            &account,
            "2025-11-30",
            1,
        ),
    ] {
        org.insert(
            "opportunities",
            json!({ "name": name, column: to, "estimatedvalue": 1000.0,
                    "estimatedclosedate": close, "statecode": state, "stepname": "2-Develop" }),
        );
    }
    // A deal tied to her account through both its parent account and its Potential Customer.
    org.insert(
        "opportunities",
        json!({ "name": "Lab equipment renewal", "_parentaccountid_value": account,
                "_customerid_value": account, "_parentcontactid_value": ana,
                "estimatedvalue": 48000.0, "estimatedclosedate": "2027-01-15",
                "stepname": "2-Develop" }),
    );
    let elsewhere = org.insert("accounts", json!({ "name": "Fabrikam" }));
    org.insert(
        "opportunities",
        json!({ "name": "Not hers", "_customerid_value": elsewhere, "estimatedclosedate": "2026-01-01" }),
    );
    (ana, account)
}

#[tokio::test]
async fn an_email_lookup_is_one_request_with_account_and_every_tied_deal_once() {
    let org = DataverseOrg::default();
    let (ana, _) = contoso(&org);
    let (_server, org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(org.api_calls(), 1, "{:?}", org.calls());
    assert_eq!(found.len(), 1);
    let customer = &found[0];
    assert_eq!(customer.person.id, ana);
    assert_eq!(customer.person.title, "Ana García");
    assert_eq!(
        customer.matched_on,
        vec![MatchReason::Email {
            field: "Email".into(),
            value: "Ana.Garcia@contoso.example".into()
        }]
    );
    let account = customer.account.as_ref().unwrap();
    assert_eq!(account.title, "Contoso Pharmaceuticals");
    let industry = account
        .fields
        .iter()
        .find(|f| f.key == "industrycode")
        .unwrap();
    assert_eq!(industry.value.display(), "Pharmaceuticals");
    assert_eq!(
        deal_names(customer),
        [
            "Cold-chain sensors",
            "Lab equipment renewal",
            "Imported renewal",
            "Training services",
            "Direct order"
        ],
        "parent account, parent contact and Potential Customer ties, each deal once, won ones hidden"
    );
    let lab = &customer.open_deals[1];
    let amount = lab.amount.as_ref().unwrap();
    assert_eq!((amount.currency.as_str(), amount.minor), ("USD", 4_800_000));
    assert_eq!(amount.to_string(), "$48,000.00", "as the org formats it");
    assert_eq!(lab.stage.as_deref(), Some("2-Develop"));
}

#[tokio::test]
async fn secondary_emails_are_searched_only_when_the_settings_say_so() {
    let org = DataverseOrg::default();
    contoso(&org);
    let (_server, _org, crm) = connect(org).await;
    let mut plan = plan(&crm);
    let found = crm
        .find_customers(&keys(&["ana@garcia-family.example"], &[]), &plan)
        .await
        .unwrap();
    assert!(
        matches!(&found[0].matched_on[..], [MatchReason::Email { field, .. }] if field == "Email 2"),
        "{found:?}"
    );
    plan.secondary_emails = false;
    let found = crm
        .find_customers(&keys(&["ana@garcia-family.example"], &[]), &plan)
        .await
        .unwrap();
    assert!(found.is_empty(), "{found:?}");
}

#[tokio::test]
async fn a_number_is_found_in_every_stored_format_and_phone_column() {
    let org = DataverseOrg::default();
    for (column, stored) in [
        ("telephone1", "(425) 555-0100"),
        ("mobilephone", "+1 425 555 0100"),
        ("telephone2", "425.555.0100"),
        ("telephone3", "4255550100"),
    ] {
        org.insert("contacts", json!({ "lastname": column, column: stored }));
    }
    org.insert(
        "contacts",
        json!({ "lastname": "else", "telephone1": "(425) 555-0199" }),
    );
    let (_server, org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&[], &["+1 (425) 555-0100"]), &plan(&crm))
        .await
        .unwrap();
    let mut names: Vec<&str> = found.iter().map(|c| c.person.title.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        ["mobilephone", "telephone1", "telephone2", "telephone3"]
    );
    assert_eq!(org.api_calls(), 1);
}

#[tokio::test]
async fn quotes_and_wildcards_stay_literal() {
    let org = DataverseOrg::default();
    org.insert(
        "contacts",
        json!({ "lastname": "O'Brien", "emailaddress1": "o'brien%_x@contoso.example" }),
    );
    org.insert(
        "contacts",
        json!({ "lastname": "Obrien", "emailaddress1": "obrien@contoso.example" }),
    );
    let (_server, _org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&["o'brien%_x@contoso.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].person.title, "O'Brien");
}

#[tokio::test]
async fn a_shared_email_shows_every_contact() {
    let org = DataverseOrg::default();
    for name in ["Front desk", "Accounts payable"] {
        org.insert(
            "contacts",
            json!({ "lastname": name, "emailaddress1": "info@contoso.example" }),
        );
    }
    let (_server, _org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&["info@contoso.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(
        found.len(),
        2,
        "duplicates are shown, not silently resolved"
    );
}

#[tokio::test]
async fn open_leads_show_only_when_no_contact_matches_and_qualified_ones_never() {
    let org = DataverseOrg::default();
    contoso(&org);
    org.insert(
        "leads",
        json!({ "lastname": "Open", "companyname": "Tailspin", "emailaddress1": "lead@tailspin.example" }),
    );
    org.insert(
        "leads",
        json!({ "lastname": "Qualified", "emailaddress1": "lead@tailspin.example", "statecode": 1 }),
    );
    org.insert(
        "leads",
        json!({ "lastname": "Shadow", "emailaddress1": ANA }),
    );
    let (_server, org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&["lead@tailspin.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(org.api_calls(), 2, "contacts first, then leads");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].person.entity, Entity::Lead);
    assert_eq!(found[0].person.title, "Open");

    let found = crm
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    assert_eq!(
        found[0].person.entity,
        Entity::Contact,
        "a contact wins over a lead"
    );
    assert_eq!(org.api_calls(), 3, "no lead query when a contact matches");
}

#[tokio::test]
async fn nobody_found_is_two_requests_and_an_empty_answer() {
    let org = DataverseOrg::default();
    contoso(&org);
    let (_server, org, crm) = connect(org).await;
    let found = crm
        .find_customers(
            &keys(&["nobody@nowhere.example"], &["+442079460958"]),
            &plan(&crm),
        )
        .await
        .unwrap();
    assert!(found.is_empty());
    assert_eq!(org.api_calls(), 2, "contacts, then leads");
}

#[tokio::test]
async fn an_account_in_danish_kroner_shows_kroner() {
    let org = DataverseOrg::default();
    let dkk = org.currency("DKK", "kr. ");
    let account = org.insert(
        "accounts",
        json!({ "name": "Nordisk", "revenue": 7500000.0, "_transactioncurrencyid_value": dkk }),
    );
    org.insert(
        "contacts",
        json!({ "lastname": "Jensen", "emailaddress1": "j@nordisk.example", "_parentcustomerid_value": account }),
    );
    for (name, currency) in [("In kroner", &dkk), ("In dollars", &String::new())] {
        let mut deal =
            json!({ "name": name, "_parentaccountid_value": account, "estimatedvalue": 100.0 });
        if !currency.is_empty() {
            deal["_transactioncurrencyid_value"] = json!(currency);
        }
        org.insert("opportunities", deal);
    }
    let (_server, _org, crm) = connect(org).await;
    let found = crm
        .find_customers(&keys(&["j@nordisk.example"], &[]), &plan(&crm))
        .await
        .unwrap();
    let revenue = found[0]
        .account
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .find(|f| f.key == "revenue")
        .unwrap();
    assert!(
        matches!(&revenue.value, Value::Money(m) if m.currency == "DKK" && m.to_string() == "kr. 7,500,000.00"),
        "{revenue:?}"
    );
    let mut currencies: Vec<(&str, &str)> = found[0]
        .open_deals
        .iter()
        .map(|d| {
            (
                d.record.title.as_str(),
                d.amount.as_ref().unwrap().currency.as_str(),
            )
        })
        .collect();
    currencies.sort();
    assert_eq!(currencies, [("In dollars", "USD"), ("In kroner", "DKK")]);
}

#[tokio::test]
async fn fields_are_the_readable_attributes_lookups_by_their_value_column() {
    let (_server, org, crm) = connect(DataverseOrg::default()).await;
    let fields = crm.fields(Entity::Contact).await.unwrap();
    let keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
    assert!(keys.contains(&"_parentcustomerid_value"), "{keys:?}");
    assert!(keys.contains(&"emailaddress3"));
    assert!(!keys.contains(&"entityimage_url"), "not valid for read");
    crm.fields(Entity::Contact).await.unwrap();
    assert_eq!(org.api_calls(), 1, "cached");
}

#[tokio::test]
async fn a_panel_users_lookups_impersonate_them_and_the_proxys_do_not() {
    let org = DataverseOrg::default();
    contoso(&org);
    let (_server, org, crm) = connect(org).await;
    crm.find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    let agent = crm
        .as_user(&PanelUser {
            user_id: "00000000-0000-4000-8000-0000000000aa".into(),
            object_id: "11111111-2222-4333-8444-555555555555".into(),
        })
        .unwrap();
    agent
        .find_customers(&keys(&[ANA], &[]), &plan(&crm))
        .await
        .unwrap();
    let callers: Vec<Option<String>> = org
        .calls()
        .into_iter()
        .filter(|c| !c.token)
        .map(|c| c.caller)
        .collect();
    assert_eq!(
        callers,
        [None, Some("11111111-2222-4333-8444-555555555555".into())]
    );
}

/// A call logged from `host` with the connector's default mapping.
fn logged(crm: &DynamicsCrm, host: HostKind, entity: Entity, id: &str) -> NewActivity {
    let target = crm.default_log(host).expect("Dynamics logs activities");
    let request = LogRequest {
        emails: Vec::new(),
        phones: Vec::new(),
        entity,
        id: id.into(),
        conversation: Conversation {
            id: "call-1".into(),
            subject: None,
            url: None,
            channel: Some("phone".into()),
            direction: Some(Direction::Outbound),
            duration_secs: Some(130),
        },
        note: Some("Left a voicemail.".into()),
        agent: None,
    };
    NewActivity {
        kind: target.activity,
        entity,
        person_id: id.into(),
        account_id: None,
        values: target.values(&Facts::of(&request)),
        update: None,
    }
}

#[tokio::test]
async fn a_call_from_the_panel_is_a_phonecall_regarding_the_contact_updated_in_place() {
    let org = DataverseOrg::default();
    let (ana, _) = contoso(&org);
    let (_server, org, crm) = connect(org).await;
    let mut call = logged(&crm, HostKind::Dynamics, Entity::Contact, &ana);
    let id = crm.log_activity(&call).await.unwrap();
    let calls = org.rows("phonecalls");
    assert_eq!(calls.len(), 1);
    let row = &calls[0];
    assert_eq!(row["activityid"], id.as_str());
    assert_eq!(row["_regardingobjectid_value"], ana.as_str());
    assert_eq!(row["subject"], "Conversation call-1");
    assert_eq!(row["directioncode"], true);
    assert_eq!(row["actualdurationminutes"], 3);
    assert_eq!(
        row["description"],
        "Left a voicemail.\n\nChannel: phone\nConversation: call-1"
    );

    call.update = Some(id.clone());
    call.values[0].2 = LogValue::Text("Called back".into());
    assert_eq!(crm.log_activity(&call).await.unwrap(), id);
    let calls = org.rows("phonecalls");
    assert_eq!(calls.len(), 1, "updated, not created");
    assert_eq!(calls[0]["subject"], "Called back");

    // A row deleted since: 404 (If-Match: * keeps the PATCH from re-creating it).
    call.update = Some("00000000-0000-4000-8000-0000000fffff".into());
    assert!(matches!(
        crm.log_activity(&call).await.unwrap_err(),
        CrmError::NotFound(_)
    ));
    assert_eq!(org.rows("phonecalls").len(), 1);
}

#[tokio::test]
async fn a_help_desk_log_is_a_task_regarding_the_lead_and_a_missing_person_is_not_found() {
    let org = DataverseOrg::default();
    let lead = org.insert(
        "leads",
        json!({ "firstname": "Priya", "lastname": "Raman", "companyname": "Startup Labs" }),
    );
    let (_server, org, crm) = connect(org).await;
    let task = logged(&crm, HostKind::Freshdesk, Entity::Lead, &lead);
    crm.log_activity(&task).await.unwrap();
    let tasks = org.rows("tasks");
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["_regardingobjectid_value"], lead.as_str());
    assert!(org.rows("phonecalls").is_empty());

    let mut nobody = logged(&crm, HostKind::Freshdesk, Entity::Contact, &lead);
    nobody.person_id = "00000000-0000-4000-8000-00000000beef".into();
    assert!(matches!(
        crm.log_activity(&nobody).await.unwrap_err(),
        CrmError::NotFound(_)
    ));
}

#[tokio::test]
async fn the_log_mapping_reads_the_activity_tables_and_the_defaults_fit_them() {
    let (_server, _org, crm) = connect(DataverseOrg::default()).await;
    for kind in ActivityKind::ALL {
        let fields = crm.activity_fields(kind).await.unwrap();
        assert!(fields.iter().any(|f| f.key == "subject"), "{fields:?}");
        assert!(
            !fields.iter().any(|f| f.key.starts_with('_')),
            "no lookup columns: {fields:?}"
        );
    }
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
async fn each_persons_latest_activities_are_one_more_request_for_everyone_found() {
    let org = DataverseOrg::default();
    let (ana, _) = contoso(&org);
    let other = org.insert(
        "contacts",
        json!({ "firstname": "Ana", "lastname": "Twin", "emailaddress2": ANA }),
    );
    for (subject, kind, label, on, regarding) in [
        (
            "Old call",
            "phonecall",
            "Phone Call",
            "2026-10-01T10:00:00Z",
            &ana,
        ),
        (
            "Renewal pricing questions",
            "phonecall",
            "Phone Call",
            "2026-11-20T15:04:00Z",
            &ana,
        ),
        (
            "Send the signed quote",
            "task",
            "Task",
            "2026-11-24T09:30:00Z",
            &ana,
        ),
        (
            "Twin's call",
            "phonecall",
            "Phone Call",
            "2026-11-25T09:30:00Z",
            &other,
        ),
    ] {
        org.insert(
            "activitypointers",
            json!({ "subject": subject, "activitytypecode": kind, "activitytypecode@label": label,
                    "createdon": on, "_regardingobjectid_value": regarding,
                    "_ownerid_value": "00000000-0000-4000-8000-00000000aaaa",
                    "_ownerid_value@label": "Dana Support" }),
        );
    }
    let (_server, org, crm) = connect(org).await;
    let with = Plan {
        recent: 2,
        ..plan(&crm)
    };
    let before = org.api_calls();
    let found = crm.find_customers(&keys(&[ANA], &[]), &with).await.unwrap();
    assert_eq!(
        org.api_calls() - before,
        2,
        "the lookup and one for every activity"
    );
    let of = |id: &str| {
        found
            .iter()
            .find(|c| c.person.id == id)
            .unwrap()
            .recent
            .iter()
            .map(|a| (a.kind.clone(), a.subject.clone(), a.owner.clone()))
            .collect::<Vec<_>>()
    };
    let dana = Some("Dana Support".to_owned());
    assert_eq!(
        of(&ana),
        [
            ("Task".into(), "Send the signed quote".into(), dana.clone()),
            (
                "Phone Call".into(),
                "Renewal pricing questions".into(),
                dana.clone()
            ),
        ]
    );
    assert_eq!(
        of(&other),
        [("Phone Call".into(), "Twin's call".into(), dana)]
    );

    // Nobody found: no activity request.
    let before = org.api_calls();
    let nobody = crm
        .find_customers(&keys(&["nobody@nowhere.example"], &[]), &with)
        .await
        .unwrap();
    assert!(nobody.is_empty());
    assert_eq!(
        org.api_calls() - before,
        2,
        "contacts, then leads; no activities"
    );
}

#[tokio::test]
async fn a_logged_call_shows_as_the_persons_latest_activity() {
    let org = DataverseOrg::default();
    let (ana, _) = contoso(&org);
    let (_server, _org, crm) = connect(org).await;
    crm.log_activity(&logged(&crm, HostKind::Dynamics, Entity::Contact, &ana))
        .await
        .unwrap();
    let with = Plan {
        recent: 5,
        ..plan(&crm)
    };
    let found = crm.find_customers(&keys(&[ANA], &[]), &with).await.unwrap();
    assert_eq!(found[0].recent.len(), 1);
    assert_eq!(found[0].recent[0].kind, "Phone Call");
    assert_eq!(found[0].recent[0].subject, "Conversation call-1");
}

#[tokio::test]
async fn recent_activities_carry_the_chosen_columns_in_the_same_request() {
    let org = DataverseOrg::default();
    let (ana, _) = contoso(&org);
    org.insert(
        "activitypointers",
        json!({ "subject": "Renewal pricing questions", "activitytypecode": "phonecall",
                "activitytypecode@label": "Phone Call", "createdon": "2026-11-20T15:04:00Z",
                "_regardingobjectid_value": ana, "description": "Wants the 3-year price.",
                "actualdurationminutes": 12, "prioritycode": 2, "prioritycode@label": "High" }),
    );
    let (_server, org, crm) = connect(org).await;
    let with = Plan {
        recent: 5,
        activity: vec!["prioritycode".into(), "actualdurationminutes".into()],
        ..plan(&crm)
    };
    let before = org.api_calls();
    let found = crm.find_customers(&keys(&[ANA], &[]), &with).await.unwrap();
    assert_eq!(
        org.api_calls() - before,
        2,
        "built-in columns need no metadata: the lookup and the activities"
    );
    let fields: Vec<(&str, &str, Value)> = found[0].recent[0]
        .fields
        .iter()
        .map(|f| (f.key.as_str(), f.label.as_str(), f.value.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("prioritycode", "Priority", Value::Choice("High".into())),
            (
                "actualdurationminutes",
                "Actual Duration",
                Value::Number(12.0)
            ),
        ]
    );
    let calls = org.calls();
    let activities = calls
        .iter()
        .rev()
        .find(|c| c.url.contains("activitypointers?"))
        .unwrap();
    assert!(
        activities
            .url
            .contains("_regardingobjectid_value,prioritycode,actualdurationminutes&"),
        "{activities:?}"
    );

    // A column beyond the built-in ones comes from the org's activitypointer metadata.
    let listed = crm.fields(Entity::Activity).await.unwrap();
    assert!(listed.iter().any(|f| f.key == "scheduledend"), "{listed:?}");
    let with_description = Plan {
        activity: vec!["createdon".into()],
        ..with
    };
    let found = crm
        .find_customers(&keys(&[ANA], &[]), &with_description)
        .await
        .unwrap();
    assert_eq!(found[0].recent[0].fields[0].key, "createdon");
    assert!(!found[0].recent[0].fields[0].value.is_empty());
}

#[tokio::test]
async fn create_meets_the_orgs_duplicate_detection_and_names_the_existing_record() {
    let org = DataverseOrg::default();
    let (ana, _) = contoso(&org);
    org.duplicate_rule("contacts", "emailaddress1");
    let (_server, org, crm) = connect(org).await;
    let before = org.rows("contacts").len();

    let mut person = new_person(Entity::Contact, "Ana", "García", ANA);
    match crm.create_person(&person).await.unwrap_err() {
        CrmError::Duplicate { existing } => {
            let named: Vec<_> = existing
                .iter()
                .map(|r| (r.id.as_str(), r.title.as_str()))
                .collect();
            assert_eq!(named, [(ana.as_str(), "Ana García")]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(org.rows("contacts").len(), before, "nothing created");
    // The agent confirmed: detection is suppressed for this create.
    person.allow_duplicates = true;
    let created = crm.create_person(&person).await.unwrap();
    assert_eq!(created.title, "Ana García");
    assert_eq!(org.rows("contacts").len(), before + 1);
    // Someone new passes the rule.
    let lena = new_person(Entity::Contact, "Lena", "Park", "lena@x.example");
    assert_eq!(crm.create_person(&lena).await.unwrap().title, "Lena Park");
}

#[tokio::test]
async fn the_create_form_offers_the_columns_valid_for_create_and_marks_the_required_ones() {
    let (_server, org, crm) = connect(DataverseOrg::default()).await;
    let contact = crm.create_fields(Entity::Contact).await.unwrap();
    let keys: Vec<(&str, bool)> = contact
        .iter()
        .map(|f| (f.key.as_str(), f.required))
        .collect();
    for offered in [
        ("jobtitle", false),
        ("description", false),
        ("numberofchildren", false),
        ("donotemail", false),
    ] {
        assert!(keys.contains(&offered), "{offered:?} in {keys:?}");
    }
    // Built into every form, set by the org, written through a navigation property, an
    // option number nobody types, or a date the list cannot tell date-only.
    for key in [
        "birthdate",
        "lastname",
        "emailaddress1",
        "fullname",
        "contactid",
        "statecode",
        "_parentcustomerid_value",
    ] {
        assert!(!keys.iter().any(|(k, _)| *k == key), "{key} in {keys:?}");
    }
    let lead = crm.create_fields(Entity::Lead).await.unwrap();
    let topic = lead.iter().find(|f| f.key == "subject").unwrap();
    assert!(
        topic.required,
        "a lead's topic is required by Dynamics' forms"
    );
    assert!(
        !lead
            .iter()
            .any(|f| f.key == "companyname" || f.key == "leadsourcecode")
    );
    // Read once per hour, not per form.
    let metadata = || {
        org.calls()
            .iter()
            .filter(|c| c.url.contains("IsValidForCreate"))
            .count()
    };
    let asked = metadata();
    crm.create_fields(Entity::Contact).await.unwrap();
    assert_eq!(metadata(), asked);

    let mut person = new_person(Entity::Lead, "Lena", "Park", "lena@x.example");
    person.values = vec![
        (
            "subject".into(),
            FieldKind::Text,
            LogValue::Text("Printer fleet".into()),
        ),
        (
            "jobtitle".into(),
            FieldKind::Text,
            LogValue::Text("Buyer".into()),
        ),
    ];
    let created = crm.create_person(&person).await.unwrap();
    let stored = org.rows("leads");
    let row = stored
        .iter()
        .find(|r| r["leadid"] == created.id.as_str())
        .unwrap();
    assert_eq!(
        (&row["subject"], &row["jobtitle"]),
        (&json!("Printer fleet"), &json!("Buyer"))
    );
    let mut contact = new_person(Entity::Contact, "Sam", "Roe", "sam@x.example");
    contact.values = vec![
        (
            "numberofchildren".into(),
            FieldKind::Number,
            LogValue::Number(2.0),
        ),
        ("donotemail".into(), FieldKind::Bool, LogValue::Bool(true)),
    ];
    let created = crm.create_person(&contact).await.unwrap();
    let stored = org.rows("contacts");
    let row = stored
        .iter()
        .find(|r| r["contactid"] == created.id.as_str())
        .unwrap();
    assert_eq!(
        (&row["numberofchildren"], &row["donotemail"]),
        (&json!(2), &json!(true))
    );
    // A value the org refuses is the agent's to fix, not an outage.
    contact.values = vec![(
        "numberofchildren".into(),
        FieldKind::Number,
        LogValue::Number(2.5),
    )];
    let err = crm.create_person(&contact).await.unwrap_err();
    assert!(
        matches!(&err, CrmError::Invalid(m) if m.contains("numberofchildren")),
        "{err:?}"
    );
}
