//! The Web API queries a lookup sends, as URLs: every value a literal, every id a GUID.
//!
//! Sources (Microsoft Learn, Power Apps developer docs): the opportunity table reference lists
//! the relationships `opportunity_parent_account` (`parentaccountid`),
//! `opportunity_parent_contact` (`parentcontactid`), `opportunity_customer_accounts` and
//! `opportunity_customer_contacts` (`customerid`); the contact reference names
//! `parentcustomerid_account`; "Join tables using OData" allows up to 15 `$expand`s per query
//! and no `$top`/`$orderby` inside an expanded collection (error `0x80060888`); "Query data
//! using the Web API" gives string literals with `''` for a quote. Unverified without a live
//! org: `statecode` 0 meaning open for leads and opportunities.

use super::schema::{ACCOUNTS, ACTIVITIES, CONTACTS, DEAL_AMOUNT, LEADS, OPPORTUNITIES, Table};
use crate::crm::wire::{Chosen, encode};
use crate::crm::{CrmError, LookupKeys, Plan};
use sidecard_model::{Entity, FieldInfo, FieldKind};

/// Contact → parent account (single-valued; the contact's `parentcustomerid` as an account).
pub(super) const NAV_CONTACT_ACCOUNT: &str = "parentcustomerid_account";
/// Account → opportunities whose parent account it is.
const NAV_ACCOUNT_DEALS: &str = "opportunity_parent_account";
/// Contact → opportunities whose parent contact it is.
const NAV_CONTACT_DEALS: &str = "opportunity_parent_contact";
/// Account → opportunities whose "Potential Customer" (`customerid`) it is: the required
/// lookup, the only one an import or integration may set.
const NAV_ACCOUNT_CUSTOMER_DEALS: &str = "opportunity_customer_accounts";
/// Contact → opportunities whose "Potential Customer" (`customerid`) it is.
const NAV_CONTACT_CUSTOMER_DEALS: &str = "opportunity_customer_contacts";
/// Every tie of an account to its open deals, as expanded from the account.
pub(super) const ACCOUNT_DEALS: [&str; 2] = [NAV_ACCOUNT_DEALS, NAV_ACCOUNT_CUSTOMER_DEALS];
/// Every tie of a contact to its open deals, as expanded from the contact.
pub(super) const CONTACT_DEALS: [&str; 2] = [NAV_CONTACT_DEALS, NAV_CONTACT_CUSTOMER_DEALS];
/// Record → its transaction currency, for the ISO code of money fields.
pub(super) const NAV_CURRENCY: &str = "transactioncurrencyid";
/// `statecode` of active contacts, open leads and open opportunities (UNCONFIRMED for leads
/// and opportunities: 0 Open, 1 Qualified/Won, 2 Disqualified/Lost).
pub(super) const STATE_OPEN: u8 = 0;
/// Most people one lookup returns; more than this many matches is a data problem to show,
/// not to page through.
const MAX_PEOPLE: u8 = 25;
/// Most open deals the fallback deals query reads (when the expanded answer was too large).
pub const MAX_DEALS: u16 = 200;

/// The contacts query: every searched field, and (when their cards are shown) the account
/// with its open deals and the contact's own open deals expanded, in one request.
pub(super) fn contacts(api: &str, keys: &LookupKeys, plan: &Plan, chosen: &Chosen) -> String {
    let currency = format!("{NAV_CURRENCY}($select=isocurrencycode)");
    let deals = format!(
        "$select={};$filter=statecode eq {STATE_OPEN};$expand={currency}",
        select_list(&OPPORTUNITIES, &chosen.deal, plan)
    );
    let mut account_expand = vec![currency.clone()];
    let mut expand = Vec::new();
    if plan.deal.is_some() {
        // Open deals through every lookup that ties one to the person or the account:
        // parent account, parent contact, and the Potential Customer (either kind).
        account_expand.extend(ACCOUNT_DEALS.map(|nav| format!("{nav}({deals})")));
        expand.extend(CONTACT_DEALS.map(|nav| format!("{nav}({deals})")));
    }
    // The account is needed for its deals even when its own card is hidden.
    if plan.account.is_some() || plan.deal.is_some() {
        expand.insert(
            0,
            format!(
                "{NAV_CONTACT_ACCOUNT}($select={};$expand={})",
                select_list(&ACCOUNTS, &chosen.account, plan),
                account_expand.join(",")
            ),
        );
    }
    if chosen.contact.iter().any(|f| f.kind == FieldKind::Money) {
        expand.push(currency);
    }
    people(api, &CONTACTS, keys, plan, &chosen.contact, expand)
}

/// The open leads query, for when no contact matches.
pub(super) fn leads(api: &str, keys: &LookupKeys, plan: &Plan, chosen: &Chosen) -> String {
    let mut expand = Vec::new();
    if chosen.lead.iter().any(|f| f.kind == FieldKind::Money) {
        expand.push(format!("{NAV_CURRENCY}($select=isocurrencycode)"));
    }
    people(api, &LEADS, keys, plan, &chosen.lead, expand)
}

/// Active rows of `table` holding any searched key, at most [`MAX_PEOPLE`].
fn people(
    api: &str,
    table: &Table,
    keys: &LookupKeys,
    plan: &Plan,
    chosen: &[FieldInfo],
    expand: Vec<String>,
) -> String {
    let mut params = vec![
        ("$select", select_list(table, chosen, plan)),
        (
            "$filter",
            format!(
                "statecode eq {STATE_OPEN} and ({})",
                match_filter(table, keys, plan)
            ),
        ),
    ];
    if !expand.is_empty() {
        params.push(("$expand", expand.join(",")));
    }
    params.push(("$top", MAX_PEOPLE.to_string()));
    url(api, table, &params)
}

/// The latest activities regarding any of `people` with the chosen `fields` (column names
/// from the org's metadata): newest first, at most `per_person` each on average (the caller
/// keeps `per_person` of each). Their own request: "Join tables" forbids `$top`/`$orderby`
/// inside an expansion when the query expands anything else nested, as the contacts query
/// does.
pub(super) fn recent_activities(
    api: &str,
    people: &[String],
    per_person: u8,
    fields: &[FieldInfo],
) -> Result<Option<String>, CrmError> {
    let mut parts = Vec::new();
    for person in people {
        parts.push(format!("_regardingobjectid_value eq {}", guid(person)?));
    }
    if parts.is_empty() || per_person == 0 {
        return Ok(None);
    }
    let top = (usize::from(per_person) * people.len()).min(MAX_RECENT_ROWS);
    let mut select = vec![
        "activitytypecode",
        "subject",
        "createdon",
        "_ownerid_value",
        "_regardingobjectid_value",
    ];
    for field in fields {
        if !select.contains(&field.key.as_str()) {
            select.push(&field.key);
        }
    }
    Ok(Some(format!(
        "{api}{}?{}",
        ACTIVITIES.set,
        encode_query(&[
            ("$select", select.join(",")),
            ("$filter", parts.join(" or ")),
            ("$orderby", "createdon desc".to_owned()),
            ("$top", top.to_string()),
        ])
    )))
}

/// Most activity rows the recent-activity request reads.
const MAX_RECENT_ROWS: usize = 50;

/// Open deals of these `(contact, account)` pairs through every tie, at most [`MAX_DEALS`],
/// soonest close first; `None` when there is nobody to ask for.
pub(super) fn deals_of(
    api: &str,
    owners: &[(String, Option<String>)],
    plan: &Plan,
    chosen: &Chosen,
) -> Result<Option<String>, CrmError> {
    let mut parts = Vec::new();
    for (contact, account) in owners {
        let contact = guid(contact)?;
        parts.push(format!("_parentcontactid_value eq {contact}"));
        parts.push(format!("_customerid_value eq {contact}"));
        if let Some(account) = account {
            let account = guid(account)?;
            parts.push(format!("_parentaccountid_value eq {account}"));
            parts.push(format!("_customerid_value eq {account}"));
        }
    }
    if parts.is_empty() {
        return Ok(None);
    }
    let select = format!(
        "{},_parentaccountid_value,_parentcontactid_value,_customerid_value",
        select_list(&OPPORTUNITIES, &chosen.deal, plan)
    );
    Ok(Some(url(
        api,
        &OPPORTUNITIES,
        &[
            ("$select", select),
            (
                "$filter",
                format!("statecode eq {STATE_OPEN} and ({})", parts.join(" or ")),
            ),
            (
                "$expand",
                format!("{NAV_CURRENCY}($select=isocurrencycode)"),
            ),
            ("$orderby", "estimatedclosedate asc".to_owned()),
            ("$top", MAX_DEALS.to_string()),
        ],
    )))
}

/// The readable columns of the table named `logical`, with their types and display names.
pub(super) fn attributes(api: &str, logical: &str) -> String {
    attribute_list(
        api,
        logical,
        "LogicalName,AttributeType,DisplayName",
        "IsValidForRead",
    )
}

/// A table's columns a create may set (`IsValidForCreate`), with whether its forms require
/// them (`RequiredLevel`; "Column (attribute) definitions": only `SystemRequired` is enforced
/// by the platform, `ApplicationRequired` by Dynamics' own forms, which Sidecard's stands in
/// for).
pub(super) fn writable_attributes(api: &str, logical: &str) -> String {
    attribute_list(
        api,
        logical,
        "LogicalName,AttributeType,DisplayName,RequiredLevel",
        "IsValidForCreate",
    )
}

/// `EntityDefinitions(LogicalName='…')` with its own columns (not other columns' parts,
/// `AttributeOf`) for which the flag `valid` holds, each with `select`.
fn attribute_list(api: &str, logical: &str, select: &str, valid: &str) -> String {
    format!(
        "{api}EntityDefinitions(LogicalName='{logical}')?{}",
        encode_query(&[
            ("$select", "LogicalName".to_owned()),
            (
                "$expand",
                format!(
                    "Attributes($select={select};$filter=AttributeOf eq null and {valid} eq true)"
                ),
            ),
        ])
    )
}

/// `$select` for a table on create: its id, title, searched and built-in card columns.
pub(super) fn created(table: &Table, plan: &Plan, columns: &[FieldInfo]) -> String {
    format!(
        "{}?$select={}",
        table.set,
        select_list(table, columns, plan)
    )
}

fn url(api: &str, table: &Table, params: &[(&str, String)]) -> String {
    format!("{api}{}?{}", table.set, encode_query(params))
}

/// Checks that `id` is a GUID before it goes anywhere near a URL.
pub fn guid(id: &str) -> Result<uuid::Uuid, CrmError> {
    uuid::Uuid::parse_str(id.trim())
        .map_err(|_| CrmError::Invalid(format!("{id:?} is not a Dynamics record id (a GUID)")))
}

/// An OData string literal: single quotes doubled, wrapped in single quotes.
pub fn odata_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// `field eq 'value'`.
fn eq(field: &str, value: &str) -> String {
    format!("{field} eq {}", odata_string(value))
}

/// `a eq 'x' or b eq 'x' or …` over every searched email column and every phone column
/// against every stored format of each number.
fn match_filter(table: &Table, keys: &LookupKeys, plan: &Plan) -> String {
    let emails = keys.emails.iter().flat_map(|email| {
        plan.emails(table.emails)
            .iter()
            .map(move |(column, _)| eq(column, email))
    });
    let phones = keys.phones.iter().flat_map(|phone| {
        phone.formats.iter().flat_map(move |format| {
            table
                .phones
                .iter()
                .map(move |(column, _)| eq(column, format))
        })
    });
    let parts: Vec<String> = emails.chain(phones).collect();
    if parts.is_empty() {
        // No searchable key for this table: match nothing rather than everything.
        return "false".to_owned();
    }
    parts.join(" or ")
}

/// `$select` for a table: id, title, the searched columns (to verify a match), the facts a
/// deal always shows, then the chosen columns; each once. Nothing else is requested.
fn select_list(table: &Table, chosen: &[FieldInfo], plan: &Plan) -> String {
    let mut columns = vec![table.id, table.title];
    columns.extend(plan.emails(table.emails).iter().map(|(c, _)| *c));
    columns.extend(table.phones.iter().map(|(c, _)| *c));
    if table.entity == Entity::Deal {
        // `salesstage` is the stage when the pipeline phase (`stepname`) is empty.
        columns.extend([
            "statecode",
            DEAL_AMOUNT,
            "stepname",
            "salesstage",
            "estimatedclosedate",
        ]);
    }
    for field in chosen {
        if !columns.contains(&field.key.as_str()) {
            columns.push(&field.key);
        }
    }
    columns.join(",")
}

/// Percent-encodes every value (keys are OData's own `$names`).
fn encode_query(params: &[(&str, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sidecard_model::phone::{Region, normalize_phone};

    /// Parses `field eq '<literal>'` exactly (OData string literal rules: `''` is a quote, a
    /// lone `'` ends the literal) and returns the literal, or `None` if the text is anything
    /// else: a second comparison, an operator after the literal, an unterminated string.
    fn parse_single_comparison(filter: &str, field: &str) -> Option<String> {
        let rest = filter.strip_prefix(field)?.strip_prefix(" eq '")?;
        let mut literal = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    literal.push('\'');
                } else {
                    return chars.next().is_none().then_some(literal);
                }
            } else {
                literal.push(c);
            }
        }
        None
    }

    proptest! {
        #[test]
        fn any_value_stays_one_literal_comparison(value in any::<String>()) {
            let filter = eq("emailaddress1", &value);
            prop_assert_eq!(parse_single_comparison(&filter, "emailaddress1"), Some(value));
        }

        #[test]
        fn any_value_survives_url_encoding_intact(value in any::<String>()) {
            let filter = eq("emailaddress1", &value);
            let query = encode_query(&[("$filter", filter.clone()), ("$top", "5".into())]);
            // Exactly two parameters: no value can inject `&`, `#` or `=` structure.
            let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            prop_assert_eq!(pairs.len(), 2);
            prop_assert_eq!(&pairs[0], &("$filter".to_owned(), filter));
            prop_assert!(!query.contains('#') && !query.contains('+') && !query.contains(' '));
        }
    }

    #[test]
    fn quotes_double_and_wildcards_stay_literal() {
        assert_eq!(odata_string("o'brien_x%[y]"), "'o''brien_x%[y]'");
        assert_eq!(
            parse_single_comparison("emailaddress1 eq 'a'' or 1 eq 1 or ''x'", "emailaddress1"),
            Some("a' or 1 eq 1 or 'x".to_owned())
        );
        assert_eq!(
            parse_single_comparison("emailaddress1 eq 'a' or x eq 'b'", "emailaddress1"),
            None
        );
    }

    #[test]
    fn the_filter_covers_every_field_and_format() {
        let keys = LookupKeys {
            emails: vec!["ana@x.example".into()],
            phones: vec![normalize_phone("+14255550100", Region::default()).unwrap()],
        };
        let plan = Plan::new(
            &sidecard_model::Settings::defaults(|_| Vec::new()),
            Region::default(),
        );
        let filter = match_filter(&CONTACTS, &keys, &plan);
        for column in ["emailaddress1", "emailaddress2", "emailaddress3"] {
            assert!(
                filter.contains(&format!("{column} eq 'ana@x.example'")),
                "{filter}"
            );
        }
        for stored in [
            "(425) 555-0100",
            "+1 425 555 0100",
            "425.555.0100",
            "+14255550100",
        ] {
            for column in ["telephone1", "telephone2", "telephone3", "mobilephone"] {
                assert!(
                    filter.contains(&format!("{column} eq '{stored}'")),
                    "{column} {stored}"
                );
            }
        }
    }

    #[test]
    fn ids_must_be_guids() {
        assert!(guid("8b0d4a1e-34cb-ed11-b596-0022481d68cd").is_ok());
        for bad in [
            "",
            "123",
            "8b0d4a1e-34cb-ed11-b596-0022481d68cd) or (x",
            "../contacts",
        ] {
            assert!(matches!(guid(bad), Err(CrmError::Invalid(_))), "{bad}");
        }
    }
}
