//! Creating a contact or lead from the sidebar, under the install's duplicate policy.
//!
//! The proxy enforces the policy itself rather than trust the CRM's duplicate rules alone
//! (they may be off, or match on other fields): it looks the new person's email and phone up
//! the way a lookup does, and `block` refuses when anyone matches, `warn` refuses until the
//! agent confirms, `allow` creates. The CRM's own duplicate detection still runs; where it
//! only warns, an agent's confirmation (and `allow`) saves past it, and where it blocks, the
//! answer is the same `duplicate` with the records it named. A created person makes every
//! kept lookup answer of the install stale: a "no match" from a minute ago must not hide them.

use crate::auth::Agent;
use crate::crm::{CrmError, LookupKeys, NewPerson, Plan};
use crate::error::ApiError;
use crate::lookup::LookupService;
use sidecard_model::activity::LogValue;
use sidecard_model::email::normalize_email;
use sidecard_model::people::{
    Decision, DuplicateAnswer, NewPersonRequest, PersonForm, decide, form_fields, form_values,
};
use sidecard_model::phone::normalize_phone;
use sidecard_model::settings::DuplicatePolicy;
use sidecard_model::{
    Customer, Entity, ErrorBody, ErrorCode, FieldInfo, FieldKind, Record, Settings, rank,
};

/// What a create came to.
#[derive(Debug)]
pub enum Created {
    /// The new record; `confirmed`: the agent created past likely duplicates they were shown.
    Person {
        /// The new record.
        record: Record,
        /// Whether the agent confirmed past likely duplicates.
        confirmed: bool,
    },
    /// Not created: the CRM already has likely matches.
    Duplicates(DuplicateAnswer),
}

/// The create form's other fields for `agent`: the admin's choice and the CRM's required
/// fields, per entity (`GET /api/v1/people/form`).
pub async fn form(service: &LookupService, agent: &Agent) -> Result<PersonForm, ApiError> {
    let (settings, _) = service.in_force().await?;
    Ok(PersonForm {
        contact: entity_form(service, agent, &settings, Entity::Contact).await?,
        lead: entity_form(service, agent, &settings, Entity::Lead).await?,
    })
}

/// `entity`'s form under `settings`: the admin's fields and the CRM's required ones.
async fn entity_form(
    service: &LookupService,
    agent: &Agent,
    settings: &Settings,
    entity: Entity,
) -> Result<Vec<FieldInfo>, ApiError> {
    let (connector, _) = service.connector_for(agent);
    let timeout = service.timeout();
    let creatable = tokio::time::timeout(timeout, connector.create_fields(entity))
        .await
        .map_err(|_| CrmError::Timeout(timeout))??;
    Ok(form_fields(settings.create_form.chosen(entity), &creatable))
}

/// Creates `request`'s person for `agent` in `service`'s CRM, as the install's duplicate
/// policy allows. Nothing reaches the CRM when the form has a problem.
pub async fn create(
    service: &LookupService,
    agent: &Agent,
    request: &NewPersonRequest,
) -> Result<Created, ApiError> {
    if let Some(problem) = request.problem() {
        return Err(ApiError::BadParameter(problem));
    }
    let (settings, plan) = service.in_force().await?;
    // The form's other fields, checked against what the CRM takes before anything is sent.
    let form = entity_form(service, agent, &settings, request.entity).await?;
    let values = form_values(&form, &request.fields).map_err(ApiError::BadParameter)?;
    let given = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let email = given(&request.email)
        .map(|e| normalize_email(&e))
        .transpose()?;
    let phone = given(&request.phone);
    let phone_key = phone
        .as_deref()
        .map(|p| normalize_phone(p, plan.region))
        .transpose()?;
    // The form's other email and phone fields are who the new person is too: a second
    // address someone in the CRM already has makes them a likely duplicate as well.
    let mut keys = LookupKeys {
        emails: email.iter().cloned().collect(),
        phones: phone_key.into_iter().collect(),
    };
    for (_, kind, value) in &values {
        match (kind, value) {
            (FieldKind::Email, LogValue::Text(text)) => keys.emails.push(normalize_email(text)?),
            (FieldKind::Phone, LogValue::Text(text)) => {
                keys.phones.push(normalize_phone(text, plan.region)?)
            }
            _ => {}
        }
    }
    let (connector, _) = service.connector_for(agent);
    // Everyone the new person may duplicate: every email field and open leads too, whatever
    // the install's lookups search.
    let wide = Plan {
        secondary_emails: true,
        leads: true,
        ..(*plan).clone()
    };
    let mut existing = if keys.emails.is_empty() && keys.phones.is_empty() {
        Vec::new()
    } else {
        let timeout = service.timeout();
        tokio::time::timeout(timeout, connector.find_customers(&keys, &wide))
            .await
            .map_err(|_| CrmError::Timeout(timeout))??
    };
    rank(&mut existing);
    let existing: Vec<Customer> = existing.iter().map(|c| settings.present(c)).collect();
    let policy = settings.duplicate_policy;
    if let Decision::Refuse { create_anyway } =
        decide(policy, !existing.is_empty(), request.create_anyway)
    {
        return Ok(Created::Duplicates(duplicates(existing, create_anyway)));
    }
    // The agent created past likely duplicates they were shown.
    let confirmed = !existing.is_empty() && policy == DuplicatePolicy::Warn;
    let person = NewPerson {
        entity: request.entity,
        first_name: given(&request.first_name),
        last_name: request.last_name.trim().to_owned(),
        email,
        phone,
        company: given(&request.company),
        values,
        allow_duplicates: policy == DuplicatePolicy::Allow
            || (policy == DuplicatePolicy::Warn && request.create_anyway),
    };
    match connector.create_person(&person).await {
        Ok(record) => {
            service.forget_answers().await;
            Ok(Created::Person { record, confirmed })
        }
        // The CRM's own rules refused it (Salesforce: a rule that blocks, or one that alerts
        // before the agent confirmed; Dataverse: its duplicate detection), shown as the
        // admin set the cards.
        Err(CrmError::Duplicate { existing }) => {
            let existing = existing
                .into_iter()
                .map(|record| settings.present(&Customer::of(record)))
                .collect();
            let may_confirm = policy == DuplicatePolicy::Warn && !request.create_anyway;
            Ok(Created::Duplicates(duplicates(existing, may_confirm)))
        }
        Err(e) => Err(e.into()),
    }
}

fn duplicates(existing: Vec<Customer>, create_anyway: bool) -> DuplicateAnswer {
    let message = match (existing.first(), create_anyway) {
        (Some(first), true) => format!(
            "The CRM already has {} who may be this person. Open that record, or create anyway.",
            first.person.title
        ),
        (Some(first), false) => format!(
            "The CRM already has {} who may be this person: open that record instead.",
            first.person.title
        ),
        (None, _) => "The CRM's duplicate rules refused the new record: a matching record \
                      already exists."
            .to_owned(),
    };
    DuplicateAnswer {
        error: ErrorBody::new(ErrorCode::Duplicate, message),
        existing,
        create_anyway,
    }
}
