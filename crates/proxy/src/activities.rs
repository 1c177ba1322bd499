//! "Log to CRM": the conversation becomes an activity regarding the person, with the fields
//! the admin mapped for the install's host, once. The person must be one of the customer's
//! matches as the agent reads the CRM (a kept answer serves), and the activity is related to
//! the account the CRM gives them: a request cannot point a log at any record.
//!
//! A log is keyed by install, host, conversation and person. The key's last log is kept
//! (`LogStore`) with a digest of what it sent: the same log again (a retry, a double click,
//! a reload) answers the activity already made and sends nothing; a different one (a new
//! note) updates that activity or logs another, as the admin chose ([`Repeat`]). Logs of one
//! key wait for each other in this process, so two clicks that cross still make one
//! activity. An activity deleted in the CRM since is logged anew by the next log that says
//! something new, not lost. With Redis (`--redis-url`) the key is also locked across
//! processes, so two clicks that cross on two proxies behind one address make one activity too
//! (while Redis does not answer, each process's own lock still holds). A log refreshes the
//! install's kept lookup answers, so the card's recent activity shows it.

use crate::auth::Agent;
use crate::crm::{CrmError, NewActivity};
use crate::error::ApiError;
use crate::install::Install;
use crate::store::{LogStore, LoggedActivity};
use base64::Engine;
use sha2::{Digest, Sha256};
use sidecard_model::LookupRequest;
use sidecard_model::activity::{Facts, LogAnswer, LogRequest, Logged, Repeat};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

/// The longest one log holds its key across processes (a CRM call's time limit is well
/// within it; past it the lock expires on its own).
const LOG_HOLD: std::time::Duration = std::time::Duration::from_secs(30);

/// Logs activities and remembers what each log made.
pub struct ActivityLog {
    store: Arc<dyn LogStore>,
    /// Locks across processes, when there is Redis.
    redis: Option<crate::shared::Redis>,
    /// One lock per key being logged; entries go when nobody holds them.
    locks: Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
}

impl ActivityLog {
    /// Remembers logs in `store`.
    pub fn new(store: Arc<dyn LogStore>) -> Self {
        ActivityLog {
            store,
            redis: None,
            locks: Mutex::new(HashMap::new()),
        }
    }

    /// Locks each log's key across the processes sharing `redis` too (when given).
    pub fn shared(mut self, redis: Option<crate::shared::Redis>) -> Self {
        self.redis = redis;
        self
    }

    /// Logs `request` for `agent` in `install`'s CRM, as the install's settings map its
    /// host's conversations.
    pub async fn log(
        &self,
        install: &Install,
        agent: &Agent,
        request: &LogRequest,
    ) -> Result<LogAnswer, ApiError> {
        if let Some(problem) = request.problem() {
            return Err(ApiError::BadParameter(problem));
        }
        let service = &install.lookup;
        // Only about someone this customer's lookup matches (as the agent reads the CRM),
        // related to the account the CRM gives them, whatever the request says.
        let customer = LookupRequest::given(request.emails.clone(), request.phones.clone());
        let (_, matched) = service
            .matched(&customer, agent, request.entity, &request.id)
            .await?;
        let (settings, _) = service.in_force().await?;
        let (connector, _) = service.connector_for(agent);
        let target = match &settings.log {
            Some(target) => target.clone(),
            None => connector
                .default_log(install.host)
                .ok_or(CrmError::Unsupported("logging activities"))?,
        };
        let values = target.values(&Facts::of(request));
        let activity = NewActivity {
            kind: target.activity,
            entity: request.entity,
            person_id: request.id.trim().to_owned(),
            account_id: matched.account.map(|a| a.id),
            values,
            update: None,
        };
        let key = key(install, request);
        let digest = digest(&activity);
        let lock = self.lock(&format!("{}\u{1f}{key}", install.id));
        let _held = lock.lock().await;
        let _across = match &self.redis {
            Some(redis) => {
                let name = crate::shared::digest(&key);
                redis.lock(&[&install.id, "log", &name], LOG_HOLD).await
            }
            None => None,
        };

        let before = self.store.logged(&install.id, &key).await?;
        let kind = target.activity.as_str();
        if let Some(same) = before
            .as_ref()
            .filter(|b| b.kind == kind && b.digest == digest)
        {
            return Ok(answer(
                same.activity_id.clone(),
                &activity,
                Logged::Unchanged,
            ));
        }
        let update = before
            .filter(|b| b.kind == kind && target.repeat == Repeat::Update)
            .map(|b| b.activity_id);
        let timeout = service.timeout();
        let send = |activity: NewActivity| {
            let connector = connector.clone();
            async move {
                tokio::time::timeout(timeout, connector.log_activity(&activity))
                    .await
                    .map_err(|_| CrmError::Timeout(timeout))?
            }
        };
        let (id, logged) = match update {
            Some(id) => match send(NewActivity {
                update: Some(id),
                ..activity.clone()
            })
            .await
            {
                Ok(id) => (id, Logged::Updated),
                // Deleted in the CRM since: this log makes a new one.
                Err(CrmError::NotFound(_)) => (send(activity.clone()).await?, Logged::Created),
                Err(e) => return Err(e.into()),
            },
            None => (send(activity.clone()).await?, Logged::Created),
        };
        // The person's recent activity changed: kept answers are refreshed on their next
        // lookup (and still stand in while the CRM cannot answer).
        service.forget_answers().await;
        // The activity exists now: a failure to remember it costs at most one duplicate on
        // a retry, so it is logged, not answered as an error that invites one.
        if let Err(e) = self
            .store
            .remember(
                &install.id,
                &key,
                &LoggedActivity {
                    kind: kind.to_owned(),
                    activity_id: id.clone(),
                    digest,
                },
            )
            .await
        {
            tracing::error!(error = %e, install = %install.id, "could not remember a logged activity");
        }
        Ok(answer(id, &activity, logged))
    }

    fn lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.retain(|_, lock| lock.strong_count() > 0);
        if let Some(lock) = locks.get(key).and_then(Weak::upgrade) {
            return lock;
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        locks.insert(key.to_owned(), Arc::downgrade(&lock));
        lock
    }
}

fn answer(id: String, activity: &NewActivity, logged: Logged) -> LogAnswer {
    LogAnswer {
        id,
        activity: activity.kind,
        logged,
    }
}

/// The install's host, the conversation and the person, hashed to a fixed length.
fn key(install: &Install, request: &LogRequest) -> String {
    hash(&[
        install.host.as_str(),
        request.conversation.id.trim(),
        request.entity.as_str(),
        request.id.trim(),
    ])
}

/// What a log sends: the type and every mapped value (the links are the person's, set when
/// the activity is created).
fn digest(activity: &NewActivity) -> String {
    let mut parts = vec![activity.kind.as_str().to_owned()];
    for (key, kind, value) in &activity.values {
        parts.push(format!("{key}\u{1f}{kind:?}\u{1f}{value:?}"));
    }
    hash(&parts.iter().map(String::as_str).collect::<Vec<_>>())
}

/// SHA-256 of the parts, each length-prefixed so no two lists hash alike by concatenation.
fn hash(parts: &[&str]) -> String {
    let mut sha = Sha256::new();
    for part in parts {
        sha.update((part.len() as u64).to_le_bytes());
        sha.update(part.as_bytes());
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_never_run_into_each_other() {
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
        assert_eq!(hash(&["a", "b"]), hash(&["a", "b"]));
    }

    #[tokio::test]
    async fn one_key_one_lock_until_nobody_holds_it() {
        let log = ActivityLog::new(Arc::new(
            crate::store::sqlite::SqliteStore::in_memory().unwrap(),
        ));
        let first = log.lock("k");
        let same = log.lock("k");
        assert!(Arc::ptr_eq(&first, &same));
        assert!(!Arc::ptr_eq(&first, &log.lock("other")));
        drop((first, same));
        log.lock("x");
        assert_eq!(
            log.locks.lock().unwrap().len(),
            1,
            "unheld locks are dropped"
        );
    }
}
