//! The search requests a lookup sends (`POST /crm/v3/objects/{object}/search`).
//!
//! Source: HubSpot's "Search the CRM" guide (developers.hubspot.com/docs/api-reference/latest/
//! crm/search-the-crm). Filter groups are ORed and the filters inside one group ANDed; a
//! request holds at most five groups, six filters per group and eighteen filters in all (the
//! August 2024 changelog's 5 / 10 / 25 was tightened since; we keep to the stricter), at most
//! 200 results per page, at most 10,000 in all, and a body of at most 3,000 characters. `IN`
//! takes `values` (strings lowercase). Phone numbers are searched on the calculated
//! `hs_searchable_calculated_*` properties, which hold "only the area code and local number":
//! the number without its country code. `associations.{object}` filters records by an
//! associated record's id. Search answers carry no rate-limit headers, and the search
//! endpoints allow five requests a second per account.
//!
//! Secondary emails live in `hs_additional_emails` (a `;`-separated enumeration); HubSpot's
//! staff confirm `EQ` finds a contact by one of them (hubspot-api-nodejs issue 24). Every
//! result is checked against the searched keys afterwards, so a looser match by HubSpot never
//! shows.

use crate::crm::LookupKeys;
use serde_json::{Value as Json, json};
use sidecard_model::phone::national_digits;

/// Most filter groups in one search.
pub(super) const MAX_GROUPS: usize = 5;
/// Most filters in one group.
pub(super) const MAX_FILTERS_PER_GROUP: usize = 6;
/// Most filters in one search.
pub(super) const MAX_FILTERS: usize = 18;
/// Longest search body, in characters.
pub(super) const MAX_BODY: usize = 3_000;
/// Most people one search returns.
pub(super) const MAX_PEOPLE: u32 = 25;
/// Most open deals read per person (one page; HubSpot's page holds at most 200).
pub const MAX_DEALS: u32 = 100;
/// Most ids in one batch read.
pub(super) const MAX_BATCH: usize = 100;
/// Most characters of one search's filter groups: the rest of the 3,000 is for the
/// properties asked for (the essential ones always fit).
const MAX_FILTER_CHARS: usize = 2_000;

/// The contact properties every lookup reads: the name, every searched field (to check the
/// match), the primary company and the lifecycle stage (lead or not).
pub(super) const PERSON_PROPERTIES: [&str; 8] = [
    "firstname",
    "lastname",
    "email",
    "hs_additional_emails",
    "phone",
    "mobilephone",
    "associatedcompanyid",
    "lifecyclestage",
];

/// The deal properties every deal shows, whatever the settings.
pub(super) const DEAL_PROPERTIES: [&str; 7] = [
    "dealname",
    "amount",
    "dealstage",
    "pipeline",
    "closedate",
    "deal_currency_code",
    "hs_is_closed",
];

/// One filter group: filters that must all hold.
pub(super) type Group = Vec<Json>;

fn filter(property: &str, operator: &str, value: &str) -> Json {
    json!({ "propertyName": property, "operator": operator, "value": value })
}

fn any_of(property: &str, values: &[String]) -> Json {
    json!({ "propertyName": property, "operator": "IN", "values": values })
}

/// The groups that find anyone holding a key: the primary email among the searched ones, each
/// searched email among the additional ones (when secondary emails are searched), and the
/// numbers on both calculated phone properties.
pub(super) fn person_groups(keys: &LookupKeys, secondary_emails: bool) -> Vec<Group> {
    let mut groups = Vec::new();
    if !keys.emails.is_empty() {
        groups.push(vec![any_of("email", &keys.emails)]);
        if secondary_emails {
            for email in &keys.emails {
                groups.push(vec![filter("hs_additional_emails", "EQ", email)]);
            }
        }
    }
    let mut numbers: Vec<String> = Vec::new();
    for phone in &keys.phones {
        if let Some(national) = national_digits(&phone.e164)
            && !numbers.contains(&national)
        {
            numbers.push(national);
        }
    }
    if !numbers.is_empty() {
        for property in [
            "hs_searchable_calculated_phone_number",
            "hs_searchable_calculated_mobile_number",
        ] {
            groups.push(vec![any_of(property, &numbers)]);
        }
    }
    groups
}

/// The groups that find the open deals of a contact and of its company: two filters each.
pub(super) fn deal_groups(contact: &str, company: Option<&str>) -> Vec<Group> {
    let open = filter("hs_is_closed", "EQ", "false");
    let mut groups = vec![vec![
        filter("associations.contact", "EQ", contact),
        open.clone(),
    ]];
    if let Some(company) = company {
        groups.push(vec![filter("associations.company", "EQ", company), open]);
    }
    groups
}

/// `groups` split into as few searches as HubSpot's limits allow (groups, filters, and the
/// body's length), in order.
pub(super) fn split(groups: Vec<Group>) -> Vec<Vec<Group>> {
    let mut searches: Vec<Vec<Group>> = Vec::new();
    let (mut filters, mut chars) = (0, 0);
    for group in groups {
        debug_assert!(group.len() <= MAX_FILTERS_PER_GROUP);
        let size: usize = group.iter().map(|f| f.to_string().len() + 1).sum::<usize>() + 16;
        let fits = searches.last().is_some_and(|s| {
            s.len() < MAX_GROUPS
                && filters + group.len() <= MAX_FILTERS
                && chars + size <= MAX_FILTER_CHARS
        });
        if !fits {
            searches.push(Vec::new());
            (filters, chars) = (0, 0);
        }
        filters += group.len();
        chars += size;
        searches.last_mut().expect("just pushed").push(group);
    }
    searches
}

/// A search body: `groups`, the `properties` to return, at most `limit` results, sorted by
/// `sort` ascending when given.
pub(super) fn body(
    groups: &[Group],
    properties: &[String],
    limit: u32,
    sort: Option<&str>,
) -> Json {
    let groups: Vec<Json> = groups.iter().map(|g| json!({ "filters": g })).collect();
    let mut body = json!({ "filterGroups": groups, "properties": properties, "limit": limit });
    if let Some(sort) = sort {
        body["sorts"] = json!([{ "propertyName": sort, "direction": "ASCENDING" }]);
    }
    body
}

/// Whether HubSpot accepts `body`'s length.
pub(super) fn fits(body: &Json) -> bool {
    body.to_string().chars().count() <= MAX_BODY
}

#[cfg(test)]
mod tests {
    use super::*;
    use sidecard_model::phone::{Region, normalize_phone};

    fn keys(emails: &[&str], phones: &[&str]) -> LookupKeys {
        LookupKeys {
            emails: emails.iter().map(|e| (*e).to_owned()).collect(),
            phones: phones
                .iter()
                .map(|p| normalize_phone(p, Region::default()).unwrap())
                .collect(),
        }
    }

    #[test]
    fn every_email_and_number_is_searched_within_the_limits() {
        let groups = person_groups(
            &keys(
                &["ana@contoso.example", "ana@home.example"],
                &["+1 425 555 0100"],
            ),
            true,
        );
        assert_eq!(groups.len(), 5);
        assert_eq!(groups[0][0]["operator"], "IN");
        assert_eq!(groups[1][0]["propertyName"], "hs_additional_emails");
        assert_eq!(groups[3][0]["values"], json!(["4255550100"]));
        assert_eq!(split(groups).len(), 1, "five groups fit one search");
    }

    #[test]
    fn more_keys_than_one_search_holds_are_split() {
        let emails: Vec<String> = (0..6).map(|i| format!("a{i}@x.example")).collect();
        let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
        let groups = person_groups(&keys(&refs, &[]), true);
        assert_eq!(groups.len(), 7);
        let searches = split(groups);
        assert_eq!(searches.iter().map(Vec::len).collect::<Vec<_>>(), [5, 2]);
        let deals = split(
            (0..10)
                .flat_map(|i| deal_groups(&i.to_string(), Some("9")))
                .collect(),
        );
        assert!(
            deals
                .iter()
                .all(|s| s.len() <= MAX_GROUPS
                    && s.iter().map(Vec::len).sum::<usize>() <= MAX_FILTERS)
        );
    }

    #[test]
    fn long_addresses_split_by_the_body_limit() {
        let emails: Vec<String> = (0..5)
            .map(|i| format!("{}{i}@{}.example", "a".repeat(60), "b".repeat(60)))
            .collect();
        let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
        let searches = split(person_groups(&keys(&refs, &[]), true));
        assert!(searches.len() > 1);
        let essential: Vec<String> = PERSON_PROPERTIES.map(str::to_owned).to_vec();
        for groups in &searches {
            assert!(fits(&body(groups, &essential, MAX_PEOPLE, None)));
        }
    }

    #[test]
    fn only_the_primary_email_without_secondary_ones() {
        let groups = person_groups(&keys(&["ana@contoso.example"], &[]), false);
        assert_eq!(groups.len(), 1);
        let body = body(&groups, &["email".to_owned()], MAX_PEOPLE, None);
        assert!(fits(&body));
    }
}
