//! The settings document an admin edits: which cards show, which fields in which order under
//! which labels, how lookups behave, and what "create" and "call" do. One document per
//! install, versioned by the store so concurrent edits cannot overwrite each other.
//!
//! Pure logic only: validation against the CRM's field list, and applying a card's choices to
//! a record (the same function renders the real card and the settings page's preview).

use crate::activity::{Activity, LogTarget, MAX_RECENT};
use crate::lookup::Customer;
use crate::people::CreateForm;
use crate::record::{Deal, Entity, Field, Record, sort_deals};
use crate::schema::FieldInfo;
use serde::{Deserialize, Serialize};

/// No cap like the 5 text + 3 other fields some vendors allow, but a bound that keeps a card
/// readable and a `$select` within URL limits.
pub const MAX_FIELDS_PER_CARD: usize = 100;
/// Longest label override, in characters.
pub const MAX_LABEL_CHARS: usize = 80;
/// Most deals the deal list can be set to show.
pub const MAX_DEALS_SHOWN: u8 = 50;

/// The whole document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The store's version this document was read at; a save carries it back, and a save
    /// based on an older version is refused (409).
    #[serde(default)]
    pub version: u64,
    /// The person card for contacts.
    pub contact: Card,
    /// The person card for leads.
    pub lead: Card,
    /// The account card.
    pub account: Card,
    /// The deal list.
    pub deal: DealCard,
    /// How lookups search.
    #[serde(default)]
    pub lookup: LookupSettings,
    /// What "create contact/lead" does when the CRM reports a likely duplicate.
    #[serde(default)]
    pub duplicate_policy: DuplicatePolicy,
    /// What "call" opens: `{e164}` and `{digits}` are replaced by the number.
    #[serde(default = "default_dial_template")]
    pub dial_url_template: String,
    /// How many of the person's latest activities their card lists (0 hides the list; at
    /// most [`MAX_RECENT`]).
    #[serde(default = "default_recent")]
    pub recent_activities: u8,
    /// The recent-activity list's fields under each activity (type, subject, date and owner
    /// always show).
    #[serde(default)]
    pub activity: ActivityList,
    /// How "Log to CRM" records this install's conversations (an install is one host); until
    /// an admin maps it, as the CRM connector's default for the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<LogTarget>,
    /// The fields "Create contact / lead" asks for beyond the name, email, phone and company
    /// (the CRM's required ones are always asked for).
    #[serde(default)]
    pub create_form: CreateForm,
}

/// One card's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Whether the card shows at all.
    #[serde(default = "yes")]
    pub shown: bool,
    /// The fields, in display order.
    pub fields: Vec<FieldChoice>,
}

/// A chosen field and its optional label override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldChoice {
    /// The CRM's field key.
    pub key: String,
    /// The label agents see instead of the CRM's, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl FieldChoice {
    /// A field under the CRM's own label.
    pub fn new(key: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            label: None,
        }
    }
}

/// The deal list's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DealCard {
    /// Whether the list shows at all.
    #[serde(default = "yes")]
    pub shown: bool,
    /// Extra fields under each deal (name, amount, stage and close date always show).
    pub fields: Vec<FieldChoice>,
    /// Most deals listed.
    #[serde(default = "default_max_deals")]
    pub max_shown: u8,
    /// Their order.
    #[serde(default)]
    pub sort: DealSort,
}

/// The recent-activity list's choices (how many it lists is
/// [`Settings::recent_activities`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityList {
    /// Extra fields under each activity, in order.
    #[serde(default)]
    pub fields: Vec<FieldChoice>,
}

/// How the deal list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DealSort {
    /// Soonest expected close first.
    #[default]
    CloseDate,
    /// Largest amount first.
    AmountDesc,
}

impl DealSort {
    /// Orders deals this way; ties by name so the order never flickers between two loads.
    pub fn sort(self, deals: &mut [Deal]) {
        match self {
            DealSort::CloseDate => sort_deals(deals),
            DealSort::AmountDesc => deals.sort_by(|a, b| {
                let amount = |d: &Deal| d.amount.as_ref().map(|m| m.minor);
                // `None` sorts before any amount, so the reversed comparison puts unpriced deals last.
                amount(b)
                    .cmp(&amount(a))
                    .then_with(|| a.record.title.cmp(&b.record.title))
            }),
        }
    }
}

/// How lookups search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LookupSettings {
    /// Search every email field, not only the primary one.
    #[serde(default = "yes")]
    pub search_secondary_emails: bool,
    /// Region for numbers without a country code (ISO 3166 two letters); the proxy's
    /// `--default-region` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_region: Option<String>,
    /// Search open leads when no contact matches.
    #[serde(default = "yes")]
    pub fall_back_to_leads: bool,
}

impl Default for LookupSettings {
    fn default() -> Self {
        Self {
            search_secondary_emails: true,
            default_region: None,
            fall_back_to_leads: true,
        }
    }
}

/// What creating a record does about likely duplicates (as the Freshdesk connector offers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    /// Refuse and show the existing record.
    Block,
    /// Show the existing record and let the agent create anyway.
    #[default]
    Warn,
    /// Create without asking.
    Allow,
}

fn yes() -> bool {
    true
}

fn default_max_deals() -> u8 {
    5
}

fn default_recent() -> u8 {
    MAX_RECENT
}

fn default_dial_template() -> String {
    "tel:{e164}".to_owned()
}

impl Settings {
    /// The settings a new install starts with: every card shown with the connector's default
    /// fields (for deals, the extras beyond the four facts always shown), five deals by close
    /// date, duplicates warned about, calls through `tel:`.
    pub fn defaults(default_fields: impl Fn(Entity) -> Vec<String>) -> Self {
        let card = |entity| Card {
            shown: true,
            fields: default_fields(entity)
                .into_iter()
                .map(FieldChoice::new)
                .collect(),
        };
        Settings {
            version: 0,
            contact: card(Entity::Contact),
            lead: card(Entity::Lead),
            account: card(Entity::Account),
            deal: DealCard {
                shown: true,
                fields: default_fields(Entity::Deal)
                    .into_iter()
                    .map(FieldChoice::new)
                    .collect(),
                max_shown: default_max_deals(),
                sort: DealSort::CloseDate,
            },
            lookup: LookupSettings::default(),
            duplicate_policy: DuplicatePolicy::Warn,
            dial_url_template: default_dial_template(),
            recent_activities: default_recent(),
            activity: ActivityList {
                fields: default_fields(Entity::Activity)
                    .into_iter()
                    .map(FieldChoice::new)
                    .collect(),
            },
            log: None,
            create_form: CreateForm::default(),
        }
    }

    /// An entity's field list, for editing.
    pub fn edit(&mut self, entity: Entity) -> &mut dyn FieldListEdit {
        match entity {
            Entity::Contact => &mut self.contact,
            Entity::Lead => &mut self.lead,
            Entity::Account => &mut self.account,
            Entity::Deal => &mut self.deal,
            Entity::Activity => &mut self.activity,
        }
    }

    /// Trims label overrides (dropping blank ones) and the dial template, as typed text
    /// should be before it is saved.
    pub fn tidy(&mut self) {
        for entity in Entity::ALL {
            for choice in self.edit(entity).choices() {
                choice.label = choice
                    .label
                    .take()
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty());
            }
        }
        self.dial_url_template = self.dial_url_template.trim().to_owned();
        if let Some(region) = &mut self.lookup.default_region {
            *region = region.trim().to_uppercase();
        }
        if self.lookup.default_region.as_deref() == Some("") {
            self.lookup.default_region = None;
        }
    }

    /// Whether an entity's card shows.
    pub fn shown(&self, entity: Entity) -> bool {
        match entity {
            Entity::Contact => self.contact.shown,
            Entity::Lead => self.lead.shown,
            Entity::Account => self.account.shown,
            Entity::Deal => self.deal.shown,
            Entity::Activity => self.recent_activities > 0,
        }
    }

    /// Shows or hides an entity's card.
    pub fn set_shown(&mut self, entity: Entity, shown: bool) {
        match entity {
            Entity::Contact => self.contact.shown = shown,
            Entity::Lead => self.lead.shown = shown,
            Entity::Account => self.account.shown = shown,
            Entity::Deal => self.deal.shown = shown,
            // The list is as long as set; shown again it lists as many as it can.
            Entity::Activity if shown && self.recent_activities == 0 => {
                self.recent_activities = MAX_RECENT;
            }
            Entity::Activity if !shown => self.recent_activities = 0,
            Entity::Activity => {}
        }
    }

    /// The record as `entity`'s card shows it (the deal list's extra fields for deals, the
    /// recent-activity list's for activities).
    pub fn apply(&self, entity: Entity, record: &Record) -> Record {
        project(self.fields(entity), record)
    }

    /// The chosen fields of an entity's card.
    pub fn fields(&self, entity: Entity) -> &[FieldChoice] {
        match entity {
            Entity::Contact => &self.contact.fields,
            Entity::Lead => &self.lead.fields,
            Entity::Account => &self.account.fields,
            Entity::Deal => &self.deal.fields,
            Entity::Activity => &self.activity.fields,
        }
    }

    /// The card a person of this kind is shown on.
    pub fn person_card(&self, entity: Entity) -> &Card {
        match entity {
            Entity::Lead => &self.lead,
            _ => &self.contact,
        }
    }

    /// The cards switched off, for the widget to leave out (not show empty).
    pub fn hidden(&self) -> Vec<Entity> {
        [
            (Entity::Contact, self.contact.shown),
            (Entity::Lead, self.lead.shown),
            (Entity::Account, self.account.shown),
            (Entity::Deal, self.deal.shown),
            (Entity::Activity, self.recent_activities > 0),
        ]
        .into_iter()
        .filter(|(_, shown)| !shown)
        .map(|(entity, _)| entity)
        .collect()
    }

    /// A customer as the cards are set: every record with only its chosen fields, in the
    /// chosen order, under the chosen labels; a hidden person card keeps only the name, a
    /// hidden account card drops the account, a hidden deal list drops the deals; the deals
    /// sorted and cut to `max_shown`, counting what was cut.
    ///
    /// The proxy runs every answer through this whatever the connector fetched, so a field
    /// nobody chose never leaves the proxy.
    pub fn present(&self, customer: &Customer) -> Customer {
        let card = self.person_card(customer.person.entity);
        let person = if card.shown {
            card.apply(&customer.person)
        } else {
            Record {
                fields: Vec::new(),
                ..customer.person.clone()
            }
        };
        let account = customer
            .account
            .as_ref()
            .filter(|_| self.account.shown)
            .map(|a| self.account.apply(a));
        let (open_deals, more_deals) = if self.deal.shown {
            let mut deals: Vec<Deal> = customer
                .open_deals
                .iter()
                .map(|d| Deal {
                    record: self.deal.apply(&d.record),
                    ..d.clone()
                })
                .collect();
            self.deal.sort.sort(&mut deals);
            let more = deals.len().saturating_sub(usize::from(self.deal.max_shown));
            deals.truncate(usize::from(self.deal.max_shown));
            (deals, more)
        } else {
            (Vec::new(), 0)
        };
        Customer {
            person,
            matched_on: customer.matched_on.clone(),
            account,
            open_deals,
            more_deals,
            recent: customer
                .recent
                .iter()
                .take(usize::from(self.recent_activities))
                .map(|a| Activity {
                    fields: pick(&self.activity.fields, &a.fields),
                    ..a.clone()
                })
                .collect(),
        }
    }

    /// Every problem with this document, given each entity's fields in the CRM. Empty means
    /// it can be saved.
    pub fn problems(&self, mut schema: impl FnMut(Entity) -> Vec<FieldInfo>) -> Vec<String> {
        let mut problems = Vec::new();
        if self.recent_activities > MAX_RECENT {
            problems.push(format!(
                "A card lists at most {MAX_RECENT} recent activities, not {}.",
                self.recent_activities
            ));
        }
        for entity in Entity::ALL {
            let known = schema(entity);
            let fields = self.fields(entity);
            let name = entity.label();
            if fields.len() > MAX_FIELDS_PER_CARD {
                problems.push(format!(
                    "The {name} card has {} fields; the most is {MAX_FIELDS_PER_CARD}.",
                    fields.len()
                ));
            }
            let mut seen = std::collections::HashSet::new();
            for choice in fields {
                if !known.iter().any(|f| f.key == choice.key) {
                    problems.push(format!(
                        "The {name} card lists `{}`, which is not {} {name} field in the CRM.",
                        choice.key,
                        if matches!(entity, Entity::Account | Entity::Activity) {
                            "an"
                        } else {
                            "a"
                        }
                    ));
                }
                if !seen.insert(&choice.key) {
                    problems.push(format!("The {name} card lists `{}` twice.", choice.key));
                }
                if let Some(label) = &choice.label {
                    if label.trim().is_empty() {
                        problems.push(format!(
                            "The label of `{}` on the {name} card is blank; remove the override to use the CRM's label.",
                            choice.key
                        ));
                    } else if label.chars().count() > MAX_LABEL_CHARS {
                        problems.push(format!(
                            "The label of `{}` on the {name} card is longer than {MAX_LABEL_CHARS} characters.",
                            choice.key
                        ));
                    }
                }
            }
        }
        if !(1..=MAX_DEALS_SHOWN).contains(&self.deal.max_shown) {
            problems.push(format!(
                "The deal list can show 1 to {MAX_DEALS_SHOWN} deals, not {}.",
                self.deal.max_shown
            ));
        }
        if let Some(region) = &self.lookup.default_region
            && !(region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic()))
        {
            problems.push(format!(
                "The default phone region \"{region}\" is not a two-letter country code (e.g. US, GB)."
            ));
        }
        let template = &self.dial_url_template;
        let scheme_ok = ["tel:", "sip:", "callto:", "https://", "http://"]
            .iter()
            .any(|s| template.starts_with(s));
        if !scheme_ok || !(template.contains("{e164}") || template.contains("{digits}")) {
            problems.push(format!(
                "The dial URL \"{template}\" must start with tel:, sip:, callto: or https:// and contain {{e164}} or {{digits}}."
            ));
        }
        problems
    }
}

/// Editing a card's field list, as the settings page does: each keeps the list free of
/// duplicates and is a no-op where it cannot apply.
pub trait FieldListEdit {
    /// The ordered choices.
    fn choices(&mut self) -> &mut Vec<FieldChoice>;

    /// Shows `key` (at the end) if hidden, hides it if shown.
    fn toggle(&mut self, key: &str) {
        let list = self.choices();
        match list.iter().position(|c| c.key == key) {
            Some(i) => {
                list.remove(i);
            }
            None => list.push(FieldChoice::new(key)),
        }
    }

    /// Moves `key` one place up (`-1`) or down (`1`); returns whether it moved.
    fn shift(&mut self, key: &str, by: isize) -> bool {
        let list = self.choices();
        let Some(from) = list.iter().position(|c| c.key == key) else {
            return false;
        };
        let Some(to) = from.checked_add_signed(by).filter(|to| *to < list.len()) else {
            return false;
        };
        list.swap(from, to);
        true
    }

    /// Sets the label override of `key` as typed (so an input bound to it keeps the caret
    /// where it is); blank text removes it (the CRM's label shows). [`Settings::tidy`] trims.
    fn set_label(&mut self, key: &str, label: &str) {
        if let Some(choice) = self.choices().iter_mut().find(|c| c.key == key) {
            choice.label = (!label.trim().is_empty()).then(|| label.to_owned());
        }
    }
}

impl FieldListEdit for Card {
    fn choices(&mut self) -> &mut Vec<FieldChoice> {
        &mut self.fields
    }
}

impl FieldListEdit for DealCard {
    fn choices(&mut self) -> &mut Vec<FieldChoice> {
        &mut self.fields
    }
}

impl FieldListEdit for ActivityList {
    fn choices(&mut self) -> &mut Vec<FieldChoice> {
        &mut self.fields
    }
}

impl Card {
    /// The record as this card shows it: only the chosen fields, in the chosen order, under
    /// the chosen labels. Chosen fields the record lacks are left out.
    pub fn apply(&self, record: &Record) -> Record {
        project(&self.fields, record)
    }
}

impl DealCard {
    /// See [`Card::apply`].
    pub fn apply(&self, record: &Record) -> Record {
        project(&self.fields, record)
    }
}

fn project(choices: &[FieldChoice], record: &Record) -> Record {
    Record {
        fields: pick(choices, &record.fields),
        ..record.clone()
    }
}

/// The chosen ones of `fields`, in the chosen order, under the chosen labels.
fn pick(choices: &[FieldChoice], fields: &[Field]) -> Vec<Field> {
    choices
        .iter()
        .filter_map(|choice| {
            let field = fields.iter().find(|f| f.key == choice.key)?;
            Some(Field {
                label: choice.label.clone().unwrap_or_else(|| field.label.clone()),
                ..field.clone()
            })
        })
        .collect()
}

/// The link "call" opens for a number: `{e164}` becomes `+14255550100`, `{digits}` becomes
/// `14255550100`; both are URL-safe as they are.
pub fn dial_url(template: &str, e164: &str) -> String {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    template
        .replace("{e164}", e164)
        .replace("{digits}", &digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::FieldKind;
    use crate::value::Value;

    fn defaults() -> Settings {
        Settings::defaults(|entity| match entity {
            Entity::Contact => vec!["job_title".into(), "email1".into(), "city".into()],
            _ => vec!["name".into()],
        })
    }

    fn schema(entity: Entity) -> Vec<FieldInfo> {
        let keys: &[&str] = match entity {
            Entity::Contact => &["job_title", "email1", "email2", "city", "mobile"],
            _ => &["name"],
        };
        keys.iter()
            .map(|k| FieldInfo::new(*k, k.to_uppercase(), FieldKind::Text))
            .collect()
    }

    fn record() -> Record {
        Record {
            entity: Entity::Contact,
            id: "C1".into(),
            title: "Ann".into(),
            link: None,
            fields: ["job_title", "email1", "email2", "city"]
                .iter()
                .map(|k| Field::new(*k, k.to_uppercase(), Value::Text(format!("{k} value"))))
                .collect(),
        }
    }

    #[test]
    fn defaults_are_valid_and_show_every_card() {
        let s = defaults();
        assert!(s.problems(schema).is_empty(), "{:?}", s.problems(schema));
        assert!(s.contact.shown && s.lead.shown && s.account.shown && s.deal.shown);
        assert_eq!(s.deal.max_shown, 5);
        assert_eq!(s.dial_url_template, "tel:{e164}");
    }

    #[test]
    fn a_card_shows_exactly_the_chosen_fields_in_order_with_labels() {
        let mut card = defaults().contact;
        // Hide the job title, add the second email, move it to the top and rename it.
        card.fields.retain(|f| f.key != "job_title");
        card.fields.insert(
            0,
            FieldChoice {
                key: "email2".into(),
                label: Some("Personal email".into()),
            },
        );
        let shown = card.apply(&record());
        let rows: Vec<_> = shown
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.label.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("email2", "Personal email"),
                ("email1", "EMAIL1"),
                ("city", "CITY")
            ]
        );
        assert_eq!(shown.title, "Ann", "the rest of the record is untouched");
    }

    #[test]
    fn chosen_fields_the_record_lacks_are_left_out() {
        let mut card = defaults().contact;
        card.fields.push(FieldChoice::new("mobile"));
        assert!(
            !card
                .apply(&record())
                .fields
                .iter()
                .any(|f| f.key == "mobile")
        );
    }

    #[test]
    fn every_problem_is_named() {
        let mut s = defaults();
        s.contact.fields.push(FieldChoice::new("shoe_size"));
        s.contact.fields.push(FieldChoice::new("city"));
        s.contact.fields[0].label = Some("  ".into());
        s.deal.max_shown = 0;
        s.lookup.default_region = Some("Atlantis".into());
        s.dial_url_template = "javascript:alert(1)".into();
        let problems = s.problems(schema);
        for expected in [
            "`shoe_size`, which is not a Contact field",
            "lists `city` twice",
            "label of `job_title` on the Contact card is blank",
            "1 to 50 deals, not 0",
            "\"Atlantis\" is not a two-letter country code",
            "must start with tel:",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected} not in {problems:#?}"
            );
        }
    }

    #[test]
    fn more_than_a_hundred_fields_is_a_problem_but_a_hundred_is_not() {
        let big = |n: usize| {
            let mut s = defaults();
            s.contact.fields = (0..n).map(|i| FieldChoice::new(format!("f{i}"))).collect();
            s.problems(|entity| match entity {
                Entity::Contact => (0..n)
                    .map(|i| FieldInfo::new(format!("f{i}"), format!("F{i}"), FieldKind::Text))
                    .collect(),
                other => schema(other),
            })
        };
        assert!(big(100).is_empty());
        assert!(big(101)[0].contains("101 fields; the most is 100"));
    }

    #[test]
    fn unknown_keys_in_the_document_are_refused() {
        let mut json = serde_json::to_value(defaults()).unwrap();
        json["contact"]["colour"] = "blue".into();
        let err = serde_json::from_value::<Settings>(json).unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
    }

    fn deal(title: &str, minor: Option<i64>, close: Option<&str>) -> Deal {
        Deal {
            record: Record {
                entity: Entity::Deal,
                id: title.into(),
                title: title.into(),
                link: None,
                fields: vec![
                    Field::new("stage", "Stage", Value::Choice("Propose".into())),
                    Field::new("probability", "Probability", Value::Number(40.0)),
                ],
            },
            amount: minor.map(|m| crate::value::Money::new(m, "USD")),
            stage: Some("Propose".into()),
            close_date: close.map(|d| d.parse().unwrap()),
        }
    }

    fn customer() -> Customer {
        Customer {
            person: record(),
            matched_on: vec![crate::lookup::MatchReason::Email {
                field: "EMAIL1".into(),
                value: "email1 value".into(),
            }],
            account: Some(Record {
                entity: Entity::Account,
                id: "A1".into(),
                title: "Contoso".into(),
                link: None,
                fields: vec![Field::new("name", "NAME", Value::Text("Contoso".into()))],
            }),
            open_deals: vec![
                deal("Small soon", Some(100), Some("2026-12-01")),
                deal("Big late", Some(90_000), Some("2027-06-01")),
                deal("Unpriced", None, Some("2026-11-30")),
                deal("Mid", Some(5_000), None),
            ],
            more_deals: 0,
            recent: Vec::new(),
        }
    }

    #[test]
    fn present_shapes_every_card_and_cuts_the_deal_list() {
        let mut s = defaults();
        s.contact.fields = vec![
            FieldChoice {
                key: "city".into(),
                label: Some("Town".into()),
            },
            FieldChoice::new("email1"),
        ];
        s.deal.fields = vec![FieldChoice::new("probability")];
        s.deal.max_shown = 2;
        let shown = s.present(&customer());
        let rows: Vec<_> = shown
            .person
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.label.as_str()))
            .collect();
        assert_eq!(rows, [("city", "Town"), ("email1", "EMAIL1")]);
        let deals: Vec<_> = shown
            .open_deals
            .iter()
            .map(|d| d.record.title.as_str())
            .collect();
        assert_eq!(
            deals,
            ["Unpriced", "Small soon"],
            "soonest close first, cut at 2"
        );
        assert_eq!(shown.more_deals, 2);
        let deal_fields: Vec<_> = shown.open_deals[0]
            .record
            .fields
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(
            deal_fields,
            ["probability"],
            "the stage field was not chosen"
        );
        assert_eq!(shown.matched_on, customer().matched_on);
    }

    #[test]
    fn deals_can_be_ordered_by_amount() {
        let mut s = defaults();
        s.deal.sort = DealSort::AmountDesc;
        let shown = s.present(&customer());
        let deals: Vec<_> = shown
            .open_deals
            .iter()
            .map(|d| d.record.title.as_str())
            .collect();
        assert_eq!(deals, ["Big late", "Mid", "Small soon", "Unpriced"]);
        assert_eq!(shown.more_deals, 0);
    }

    #[test]
    fn recent_activities_show_the_chosen_fields_and_are_cut_to_the_count() {
        let activity = |n: u32| Activity {
            kind: "Phone Call".into(),
            subject: format!("Call {n}"),
            when: None,
            owner: None,
            fields: vec![
                Field::new("description", "Description", Value::Text("Toner".into())),
                Field::new("prioritycode", "Priority", Value::Choice("High".into())),
                Field::new("secret", "Secret", Value::Text("not chosen".into())),
            ],
        };
        let mut c = customer();
        c.recent = (1..=4).map(activity).collect();
        let mut s = defaults();
        s.recent_activities = 2;
        s.activity.fields = vec![
            FieldChoice {
                key: "prioritycode".into(),
                label: Some("Urgency".into()),
            },
            FieldChoice::new("description"),
        ];
        let shown = s.present(&c);
        assert_eq!(shown.recent.len(), 2);
        let rows: Vec<_> = shown.recent[0]
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.label.as_str()))
            .collect();
        assert_eq!(
            rows,
            [("prioritycode", "Urgency"), ("description", "Description")],
            "a field nobody chose never leaves the proxy"
        );
        assert_eq!(shown.recent[1].subject, "Call 2");
    }

    #[test]
    fn the_recent_list_is_shown_by_its_count() {
        let mut s = defaults();
        assert!(s.shown(Entity::Activity));
        s.set_shown(Entity::Activity, false);
        assert_eq!(s.recent_activities, 0);
        assert_eq!(s.hidden(), [Entity::Activity]);
        s.set_shown(Entity::Activity, true);
        assert_eq!(s.recent_activities, MAX_RECENT);
        s.recent_activities = 2;
        s.set_shown(Entity::Activity, true);
        assert_eq!(
            s.recent_activities, 2,
            "showing a shown list keeps its length"
        );
    }

    #[test]
    fn an_activity_field_the_crm_lacks_is_refused() {
        let mut s = defaults();
        s.activity.fields = vec![FieldChoice::new("name"), FieldChoice::new("colour")];
        let problems = s.problems(schema);
        assert_eq!(
            problems,
            ["The Activity card lists `colour`, which is not an Activity field in the CRM."]
        );
    }

    #[test]
    fn hidden_cards_are_left_out() {
        let mut s = defaults();
        s.contact.shown = false;
        s.account.shown = false;
        s.deal.shown = false;
        let shown = s.present(&customer());
        assert_eq!(shown.person.title, "Ann", "the name still says who matched");
        assert!(shown.person.fields.is_empty());
        assert!(shown.account.is_none());
        assert!(shown.open_deals.is_empty() && shown.more_deals == 0);
        assert_eq!(s.hidden(), [Entity::Contact, Entity::Account, Entity::Deal]);
        assert!(defaults().hidden().is_empty());
    }

    #[test]
    fn leads_use_the_lead_card() {
        let mut s = defaults();
        s.lead.fields = vec![FieldChoice::new("email2")];
        let mut lead = customer();
        lead.person.entity = Entity::Lead;
        let keys: Vec<_> = s
            .present(&lead)
            .person
            .fields
            .iter()
            .map(|f| f.key.clone())
            .collect();
        assert_eq!(keys, ["email2"]);
    }

    #[test]
    fn the_page_edits_a_card_like_an_admin_expects() {
        let mut s = defaults();
        let card = s.edit(Entity::Contact);
        card.toggle("job_title"); // hide
        card.toggle("email2"); // show, at the end
        assert!(card.shift("email2", -1));
        assert!(card.shift("email2", -1));
        assert!(!card.shift("email2", -1), "already at the top");
        card.set_label("email2", "  Personal email ");
        card.set_label("city", "   ");
        s.lookup.default_region = Some(" gb ".into());
        s.tidy();
        let keys: Vec<_> = s.contact.fields.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["email2", "email1", "city"]);
        assert_eq!(s.contact.fields[0].label.as_deref(), Some("Personal email"));
        assert_eq!(s.contact.fields[2].label, None);
        assert!(
            !s.edit(Entity::Contact).shift("city", 1),
            "already at the bottom"
        );
        assert!(!s.edit(Entity::Contact).shift("shoe_size", 1));
        s.set_shown(Entity::Account, false);
        assert!(!s.shown(Entity::Account) && s.shown(Entity::Deal));
        assert_eq!(
            s.apply(Entity::Contact, &record())
                .fields
                .iter()
                .map(|f| f.label.as_str())
                .collect::<Vec<_>>(),
            ["Personal email", "EMAIL1", "CITY"]
        );
    }

    #[test]
    fn dial_urls_take_the_number() {
        assert_eq!(dial_url("tel:{e164}", "+14255550100"), "tel:+14255550100");
        assert_eq!(
            dial_url("https://pbx.example/dial?n={digits}", "+14255550100"),
            "https://pbx.example/dial?n=14255550100"
        );
    }
}
