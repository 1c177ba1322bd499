//! The demo connector against its real seeded SQLite file: every seed-data case a real CRM
//! holds (secondary emails, phones stored in other formats, duplicates, leads, closed deals).

mod common;

use common::keys;
use rusqlite::Connection;
use sidecard_model::phone::Region;
use sidecard_model::{Customer, Entity, MatchReason, Value};
use sidecard_proxy::crm::demo::DemoCrm;
use sidecard_proxy::crm::{Connector, CrmError, Plan};
use std::collections::HashSet;
use std::path::PathBuf;

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    crm: DemoCrm,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/demo.sqlite3");
    let crm = DemoCrm::open_or_seed(&path, Region::default()).unwrap();
    Fixture {
        _dir: dir,
        path,
        crm,
    }
}

async fn find(f: &Fixture, emails: &[&str], phones: &[&str]) -> Vec<Customer> {
    f.crm
        .find_customers(
            &keys(emails, phones),
            &Plan::defaults(&f.crm, Region::default()),
        )
        .await
        .unwrap()
}

fn ids(customers: &[Customer]) -> Vec<&str> {
    customers.iter().map(|c| c.person.id.as_str()).collect()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn first_start_seeds_a_real_database_with_enough_records() {
    let f = fixture();
    let conn = Connection::open(&f.path).unwrap();
    assert!(count(&conn, "SELECT count(*) FROM contacts") >= 40);
    assert!(count(&conn, "SELECT count(*) FROM leads") >= 10);
    assert!(count(&conn, "SELECT count(*) FROM accounts") >= 15);
    assert!(count(&conn, "SELECT count(*) FROM opportunities") >= 30);
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM opportunities WHERE state = 'won'"
        ) >= 3
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM opportunities WHERE state = 'lost'"
        ) >= 3
    );
    assert!(
        !f.path.with_extension("seeding").exists(),
        "no temporary file left"
    );
}

#[tokio::test]
async fn a_second_start_reuses_the_file_without_reseeding() {
    let f = fixture();
    Connection::open(&f.path)
        .unwrap()
        .execute(
            "UPDATE contacts SET job_title = 'Changed' WHERE id = 'C01'",
            [],
        )
        .unwrap();
    let again = DemoCrm::open_or_seed(&f.path, Region::default()).unwrap();
    let found = again
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &Plan::defaults(&again, Region::default()),
        )
        .await
        .unwrap();
    let title = &found[0]
        .person
        .fields
        .iter()
        .find(|f| f.key == "job_title")
        .unwrap()
        .value;
    assert_eq!(title.display(), "Changed");
}

#[tokio::test]
async fn a_file_from_another_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let err = DemoCrm::open_or_seed(&path, Region::default()).unwrap_err();
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

#[tokio::test]
async fn a_version_1_file_gains_the_activities_table_and_keeps_its_people() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite3");
    DemoCrm::open_or_seed(&path, Region::default()).unwrap();
    // Make it a version 1 file, with a contact of its own.
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "DROP TABLE activities; PRAGMA user_version = 1; \
             INSERT INTO contacts (id, last_name) VALUES ('C77', 'Kept');",
        )
        .unwrap();
    DemoCrm::open_or_seed(&path, Region::default()).unwrap();
    let conn = Connection::open(&path).unwrap();
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM contacts WHERE id = 'C77'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let activities: i64 = conn
        .query_row("SELECT count(*) FROM activities", [], |r| r.get(0))
        .unwrap();
    assert_eq!((version, kept, activities), (2, 1, 0));
}

#[tokio::test]
async fn primary_secondary_and_third_emails_all_find_the_contact() {
    let f = fixture();
    for (email, field) in [
        ("ana.garcia@contoso.example", "Email"),
        ("ana@garcia-family.example", "Email 2"),
        ("A.Garcia@Procurement-Guild.example", "Email 3"),
    ] {
        let found = find(&f, &[email], &[]).await;
        assert_eq!(ids(&found), ["C01"], "{email}");
        assert_eq!(
            found[0].matched_on,
            [MatchReason::Email {
                field: field.into(),
                value: email.to_lowercase()
            }],
            "{email}"
        );
    }
}

#[tokio::test]
async fn phones_match_whatever_format_is_stored() {
    let f = fixture();
    // (what the host sends, contact, how the CRM stores it)
    for (input, id, stored) in [
        ("+14255550100", "C01", "(425) 555-0100"),
        ("425-555-0101", "C02", "+1 425 555 0101"),
        ("(425) 555-0102", "C03", "425.555.0102"),
        ("1 425 555 0102", "C03", "425.555.0102"),
        ("+81 3-5555-0109", "C10", "+81 3-5555-0109"),
    ] {
        let found = find(&f, &[], &[input]).await;
        assert_eq!(ids(&found), [id], "{input}");
        match &found[0].matched_on[..] {
            [MatchReason::Phone { value, .. }] => assert_eq!(value, stored),
            other => panic!("{input}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_person_matched_on_email_and_phone_lists_both_reasons_once() {
    let f = fixture();
    let found = find(&f, &["ana.garcia@contoso.example"], &["+14255550100"]).await;
    assert_eq!(ids(&found), ["C01"]);
    assert_eq!(found[0].matched_on.len(), 2);
}

#[tokio::test]
async fn an_open_lead_is_found_when_no_contact_matches() {
    let f = fixture();
    let found = find(&f, &["priya@startuplabs.example"], &[]).await;
    assert_eq!(ids(&found), ["L01"]);
    assert_eq!(found[0].person.entity, Entity::Lead);
    assert!(found[0].account.is_none() && found[0].open_deals.is_empty());
    // By phone too, stored as "+1 (206) 555-0142".
    assert_eq!(ids(&find(&f, &[], &["206-555-0142"]).await), ["L01"]);
}

#[tokio::test]
async fn converted_and_disqualified_leads_never_show() {
    let f = fixture();
    for email in [
        "omar@haddad.example",
        "greta@lindqvist.example",
        "yuki@tanaka-design.example",
    ] {
        assert!(find(&f, &[email], &[]).await.is_empty(), "{email}");
    }
}

#[tokio::test]
async fn a_contact_wins_over_a_lead_with_the_same_email() {
    let f = fixture();
    let found = find(&f, &["ben.okafor@contoso.example"], &[]).await;
    assert_eq!(ids(&found), ["C02"]);
    assert_eq!(found[0].person.entity, Entity::Contact);
}

#[tokio::test]
async fn two_contacts_sharing_an_email_are_both_returned_with_their_reasons() {
    let f = fixture();
    let found = find(&f, &["info@northwind.example"], &[]).await;
    let mut got: Vec<(&str, String)> = found
        .iter()
        .map(|c| (c.person.id.as_str(), c.matched_on[0].describe()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("C04", "Email: info@northwind.example".to_owned()),
            ("C05", "Email 2: info@northwind.example".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_contact_without_an_account_has_no_account_and_no_deals() {
    let f = fixture();
    let found = find(&f, &["maya@patel-design.example"], &[]).await;
    assert_eq!(ids(&found), ["C12"]);
    assert!(found[0].account.is_none());
    assert!(found[0].open_deals.is_empty());
}

#[tokio::test]
async fn the_account_and_only_its_open_deals_come_soonest_first() {
    let f = fixture();
    let found = find(&f, &["ana.garcia@contoso.example"], &[]).await;
    let c = &found[0];
    assert_eq!(c.account.as_ref().unwrap().title, "Contoso Pharmaceuticals");
    let deals: Vec<_> = c.open_deals.iter().map(|d| d.record.id.as_str()).collect();
    assert_eq!(
        deals,
        ["O02", "O01", "O03"],
        "open only (not O04, O05, O31), by close date"
    );
    let first = &c.open_deals[0];
    assert_eq!(first.amount.as_ref().unwrap().to_string(), "$125,000.00");
    assert_eq!(first.stage.as_deref(), Some("Qualify"));
    assert_eq!(first.close_date.unwrap().iso(), "2026-12-20");
    assert_eq!(
        first.record.link.as_ref().map(|l| l.as_str()),
        Some("/demo/records/deal/O02")
    );
}

#[tokio::test]
async fn no_lookup_ever_returns_a_won_or_lost_deal() {
    let f = fixture();
    let conn = Connection::open(&f.path).unwrap();
    let closed: HashSet<String> = conn
        .prepare("SELECT id FROM opportunities WHERE state != 'open'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let emails: Vec<String> = conn
        .prepare("SELECT email1 FROM contacts WHERE email1 IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut deals_seen = 0;
    for email in &emails {
        for c in find(&f, &[email], &[]).await {
            for d in &c.open_deals {
                assert!(
                    !closed.contains(&d.record.id),
                    "{email} got closed deal {}",
                    d.record.id
                );
                deals_seen += 1;
            }
        }
    }
    assert!(
        deals_seen > 20,
        "the check covered real deals ({deals_seen})"
    );
}

#[tokio::test]
async fn non_ascii_names_come_back_intact() {
    let f = fixture();
    for (email, name) in [
        ("zoe.angstrom@litware.example", "Zoë Ångström"),
        ("lukasz.zolkiewski@proseware.example", "Łukasz Żółkiewski"),
        ("olga.smirnova@wideworld.example", "Ольга Смирнова"),
        ("ken.watanabe@watanabe-shoji.example", "健 渡辺"),
    ] {
        assert_eq!(find(&f, &[email], &[]).await[0].person.title, name);
    }
    let jp = find(&f, &["ken.watanabe@watanabe-shoji.example"], &[]).await;
    assert_eq!(
        jp[0].open_deals[0].amount.as_ref().unwrap().to_string(),
        "¥48,000,000"
    );
}

#[tokio::test]
async fn special_characters_in_an_address_match_exactly_and_never_widen() {
    let f = fixture();
    let exact = find(&f, &["sean.o'brien_ie+support@woodgrove.example"], &[]).await;
    assert_eq!(ids(&exact), ["C06"]);
    for near in [
        "sean.o'brien_ie@woodgrove.example",
        "sean.o'brien%ie+support@woodgrove.example",
        "x'or'1'='1@woodgrove.example",
    ] {
        assert!(find(&f, &[near], &[]).await.is_empty(), "{near}");
    }
}

#[tokio::test]
async fn unknown_keys_find_nobody() {
    let f = fixture();
    assert!(
        find(&f, &["nobody@nowhere.example"], &["+1 212 555 0199"])
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_database_that_disappears_is_an_unavailable_crm() {
    let f = fixture();
    std::fs::remove_file(&f.path).unwrap();
    let err = f
        .crm
        .find_customers(
            &keys(&["ana.garcia@contoso.example"], &[]),
            &Plan::defaults(&f.crm, Region::default()),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CrmError::Unavailable(_)), "{err:?}");
}

#[tokio::test]
async fn every_entity_lists_its_fields() {
    let f = fixture();
    for entity in Entity::ALL {
        let fields = f.crm.fields(entity).await.unwrap();
        assert!(!fields.is_empty(), "{entity:?}");
        let keys: HashSet<_> = fields.iter().map(|f| &f.key).collect();
        assert_eq!(keys.len(), fields.len(), "{entity:?} keys are unique");
    }
}

#[tokio::test]
async fn each_person_comes_with_their_latest_activities_newest_first() {
    let f = fixture();
    let ana = find(&f, &["ana.garcia@contoso.example"], &[]).await;
    let recent: Vec<(&str, &str, Option<&str>, Option<&str>)> = ana[0]
        .recent
        .iter()
        .map(|a| {
            (
                a.kind.as_str(),
                a.subject.as_str(),
                a.when.as_deref(),
                a.owner.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        recent,
        [
            (
                "Task",
                "Send the signed quote",
                Some("2026-11-24T09:30:00Z"),
                Some("Dana Support")
            ),
            (
                "Phone call",
                "Renewal pricing questions",
                Some("2026-11-20T15:04:00Z"),
                Some("Dana Support")
            ),
        ]
    );
    // A lead's too; someone without any has none; a plan that shows none reads none.
    let priya = find(&f, &["priya@startuplabs.example"], &[]).await;
    assert_eq!(priya[0].recent[0].subject, "Intro call");
    let ben = find(&f, &["ben.okafor@contoso.example"], &[]).await;
    assert!(ben[0].recent.is_empty());
    let one = Plan {
        recent: 1,
        ..Plan::defaults(&f.crm, Region::default())
    };
    let none = Plan {
        recent: 0,
        ..one.clone()
    };
    let keys = keys(&["ana.garcia@contoso.example"], &[]);
    assert_eq!(
        f.crm.find_customers(&keys, &one).await.unwrap()[0]
            .recent
            .len(),
        1
    );
    assert!(
        f.crm.find_customers(&keys, &none).await.unwrap()[0]
            .recent
            .is_empty()
    );
}

#[tokio::test]
async fn recent_activities_carry_the_fields_the_admin_chose() {
    let f = fixture();
    let plan = Plan {
        activity: vec!["duration_minutes".into(), "description".into()],
        ..Plan::defaults(&f.crm, Region::default())
    };
    let keys = keys(&["ana.garcia@contoso.example"], &[]);
    let ana = f.crm.find_customers(&keys, &plan).await.unwrap();
    let rows: Vec<Vec<(&str, &str, Value)>> = ana[0]
        .recent
        .iter()
        .map(|a| {
            a.fields
                .iter()
                .map(|f| (f.key.as_str(), f.label.as_str(), f.value.clone()))
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            vec![
                ("duration_minutes", "Duration (minutes)", Value::Empty),
                ("description", "Description", Value::Empty),
            ],
            vec![
                (
                    "duration_minutes",
                    "Duration (minutes)",
                    Value::Number(12.0)
                ),
                (
                    "description",
                    "Description",
                    Value::Text("Wants the 3-year price before the board meets.".into())
                ),
            ],
        ]
    );
    let listed = f.crm.fields(Entity::Activity).await.unwrap();
    assert!(listed.iter().any(|f| f.key == "duration_minutes"));
}
