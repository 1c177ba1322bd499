//! A cap on the calls in flight to one CRM connection, shared by every install that uses it.
//!
//! Without it a burst of agents (or one abusive install) opens as many concurrent requests to
//! the CRM as the proxy has requests, and the CRM's own protection (Dataverse's concurrent
//! request limit, Salesforce's concurrent long-running request limit) then fails everyone.
//! A call waits briefly for a turn, then fails with [`CrmError::Busy`] (`503 crm_busy`).

use super::gate::Status;
use super::{
    ActivityKind, Connector, CrmError, Health, LookupKeys, NewActivity, NewPerson, PanelSignIn,
    Plan, SignInNote,
};
use crate::session::PanelUser;
use crate::shared::windows::SharedWindows;
use async_trait::async_trait;
use sidecard_model::activity::{HostKind, LogTarget};
use sidecard_model::people::CreateForm;
use sidecard_model::{Customer, Entity, FieldInfo, Record};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// A connector with at most `max` calls in flight.
pub struct Bounded {
    inner: Arc<dyn Connector>,
    turns: Turns,
    /// The connection's throttle and circuit windows as every process sees them.
    windows: Option<Arc<SharedWindows>>,
    /// The inner connection's panel sign-in, bounded by the same turns.
    panel: Option<Arc<BoundedPanel>>,
}

/// The turns of one connection, shared by its views (the panel's sign-in, impersonation).
#[derive(Clone)]
struct Turns {
    permits: Arc<Semaphore>,
    max: u32,
    /// How long a call waits for a turn.
    queue: Duration,
}

impl Turns {
    async fn take(&self) -> Result<SemaphorePermit<'_>, CrmError> {
        match tokio::time::timeout(self.queue, self.permits.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(CrmError::Busy(self.max)),
        }
    }
}

impl Bounded {
    /// `inner` with at most `max` calls in flight, each waiting at most `queue` for a turn.
    pub fn new(inner: Arc<dyn Connector>, max: u32, queue: Duration) -> Self {
        let turns = Turns {
            permits: Arc::new(Semaphore::new(max.max(1) as usize)),
            max,
            queue,
        };
        Self::with_turns(inner, turns)
    }

    fn with_turns(inner: Arc<dyn Connector>, turns: Turns) -> Self {
        let panel = inner.clone().panel_sign_in().map(|inner| {
            Arc::new(BoundedPanel {
                inner,
                turns: turns.clone(),
                windows: None,
            })
        });
        Self {
            inner,
            turns,
            windows: None,
            panel,
        }
    }

    /// Shares the connection's CRM windows with the other processes (when given).
    pub fn shared(mut self, windows: Option<SharedWindows>) -> Self {
        self.windows = windows.map(Arc::new);
        self.panel = self.panel.map(|panel| {
            Arc::new(BoundedPanel {
                inner: panel.inner.clone(),
                turns: panel.turns.clone(),
                windows: self.windows.clone(),
            })
        });
        self
    }

    /// Runs `call` in a turn, unless a window another process entered is in force; tells
    /// the others of a window this call's failure entered.
    async fn call<T>(
        &self,
        call: impl Future<Output = Result<T, CrmError>>,
    ) -> Result<T, CrmError> {
        if let Some(windows) = &self.windows {
            windows.check().await?;
        }
        let outcome = {
            let _turn = self.turns.take().await?;
            call.await
        };
        if let (Some(windows), Err(_)) = (&self.windows, &outcome) {
            windows.publish(self.inner.health().gate).await;
        }
        outcome
    }
}

#[async_trait]
impl Connector for Bounded {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    async fn find_customers(
        &self,
        keys: &LookupKeys,
        plan: &Plan,
    ) -> Result<Vec<Customer>, CrmError> {
        self.call(self.inner.find_customers(keys, plan)).await
    }

    async fn fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        self.call(self.inner.fields(entity)).await
    }

    fn default_fields(&self, entity: Entity) -> Vec<String> {
        self.inner.default_fields(entity)
    }

    async fn create_person(&self, person: &NewPerson) -> Result<Record, CrmError> {
        self.call(self.inner.create_person(person)).await
    }

    async fn create_fields(&self, entity: Entity) -> Result<Vec<FieldInfo>, CrmError> {
        self.call(self.inner.create_fields(entity)).await
    }

    fn default_create_form(&self) -> CreateForm {
        self.inner.default_create_form()
    }

    async fn log_activity(&self, activity: &NewActivity) -> Result<String, CrmError> {
        self.call(self.inner.log_activity(activity)).await
    }

    async fn activity_fields(&self, kind: ActivityKind) -> Result<Vec<FieldInfo>, CrmError> {
        self.call(self.inner.activity_fields(kind)).await
    }

    fn default_log(&self, host: HostKind) -> Option<LogTarget> {
        self.inner.default_log(host)
    }

    fn log_problems(&self, target: &LogTarget) -> Vec<String> {
        self.inner.log_problems(target)
    }

    fn health(&self) -> Health {
        let mut health = self.inner.health();
        // A window another process entered holds here too.
        if health.gate == Status::Ok
            && let Some(window) = self.windows.as_ref().and_then(|w| w.status())
        {
            health.gate = window;
        }
        health
    }

    fn panel_sign_in(self: Arc<Self>) -> Option<Arc<dyn PanelSignIn>> {
        self.panel.clone().map(|p| p as Arc<dyn PanelSignIn>)
    }
}

/// A connection's panel sign-in, taking the connection's turns.
struct BoundedPanel {
    inner: Arc<dyn PanelSignIn>,
    turns: Turns,
    /// The connection's shared windows, for the views acting as a user.
    windows: Option<Arc<SharedWindows>>,
}

impl BoundedPanel {
    async fn call<T>(
        &self,
        call: impl Future<Output = Result<T, CrmError>>,
    ) -> Result<T, CrmError> {
        let _turn = self.turns.take().await?;
        call.await
    }
}

#[async_trait]
impl PanelSignIn for BoundedPanel {
    fn org(&self) -> &str {
        self.inner.org()
    }

    async fn sign_in_note(&self, id: &str) -> Result<Option<SignInNote>, CrmError> {
        self.call(self.inner.sign_in_note(id)).await
    }

    async fn delete_sign_in_note(&self, id: &str) -> Result<(), CrmError> {
        self.call(self.inner.delete_sign_in_note(id)).await
    }

    async fn user_object_id(&self, user_id: &str) -> Result<Option<String>, CrmError> {
        self.call(self.inner.user_object_id(user_id)).await
    }

    fn as_user(&self, user: &PanelUser) -> Option<Arc<dyn Connector>> {
        let inner = self.inner.as_user(user)?;
        let mut view = Bounded::with_turns(inner, self.turns.clone());
        view.windows = self.windows.clone();
        Some(Arc::new(view))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A CRM that holds every lookup (and sign-in note read) for a second, counting those in
    /// flight; its panel sign-in and its impersonating views are itself.
    struct Slow {
        in_flight: AtomicU32,
        most: AtomicU32,
    }

    impl Slow {
        fn new() -> Self {
            Slow {
                in_flight: AtomicU32::new(0),
                most: AtomicU32::new(0),
            }
        }

        async fn hold(&self) {
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.most.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(1)).await;
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }

    #[async_trait]
    impl PanelSignIn for Slow {
        fn org(&self) -> &str {
            "https://slow.crm.dynamics.com"
        }
        async fn sign_in_note(&self, _: &str) -> Result<Option<SignInNote>, CrmError> {
            self.hold().await;
            Ok(None)
        }
        async fn delete_sign_in_note(&self, _: &str) -> Result<(), CrmError> {
            Ok(())
        }
        async fn user_object_id(&self, _: &str) -> Result<Option<String>, CrmError> {
            Ok(None)
        }
        fn as_user(&self, _: &PanelUser) -> Option<Arc<dyn Connector>> {
            Some(Arc::new(Slow::new()))
        }
    }

    #[async_trait]
    impl Connector for Slow {
        fn name(&self) -> &'static str {
            "slow"
        }
        async fn find_customers(
            &self,
            _: &LookupKeys,
            _: &Plan,
        ) -> Result<Vec<Customer>, CrmError> {
            self.hold().await;
            Ok(Vec::new())
        }
        async fn fields(&self, _: Entity) -> Result<Vec<FieldInfo>, CrmError> {
            Ok(Vec::new())
        }
        fn default_fields(&self, _: Entity) -> Vec<String> {
            Vec::new()
        }
        fn panel_sign_in(self: Arc<Self>) -> Option<Arc<dyn PanelSignIn>> {
            Some(self)
        }
    }

    /// Any lookup: the slow CRM answers every one alike.
    fn lookup() -> (LookupKeys, Plan) {
        let keys = LookupKeys {
            emails: vec!["a@b.example".into()],
            phones: vec![],
        };
        let plan = Plan::new(
            &sidecard_model::Settings::defaults(|_| Vec::new()),
            sidecard_model::phone::Region::default(),
        );
        (keys, plan)
    }

    #[tokio::test(start_paused = true)]
    async fn at_most_max_calls_reach_the_crm_and_the_rest_are_busy() {
        let slow = Arc::new(Slow::new());
        let bounded = Bounded::new(slow.clone(), 3, Duration::from_millis(500));
        let (keys, plan) = lookup();
        let results =
            futures::future::join_all((0..10).map(|_| bounded.find_customers(&keys, &plan))).await;
        assert_eq!(slow.most.load(Ordering::SeqCst), 3);
        let busy = results
            .iter()
            .filter(|r| matches!(r, Err(CrmError::Busy(3))))
            .count();
        assert_eq!((results.len() - busy, busy), (3, 7));
    }

    #[tokio::test(start_paused = true)]
    async fn sign_ins_and_impersonating_views_take_the_connections_turns() {
        let slow = Arc::new(Slow::new());
        let bounded = Arc::new(Bounded::new(slow.clone(), 2, Duration::from_millis(500)));
        let panel = bounded.clone().panel_sign_in().expect("a panel sign-in");
        assert_eq!(panel.org(), "https://slow.crm.dynamics.com");
        let user = PanelUser {
            user_id: "u".into(),
            object_id: "o".into(),
        };
        let agent = panel.as_user(&user).expect("an impersonating view");
        // The view is bounded too: it offers the same sign-in, under the same turns.
        assert!(agent.clone().panel_sign_in().is_some());
        let (keys, plan) = lookup();
        let notes = futures::future::join_all((0..3).map(|_| panel.sign_in_note("n")));
        let lookups = futures::future::join_all((0..3).map(|_| agent.find_customers(&keys, &plan)));
        let (notes, lookups) = tokio::join!(notes, lookups);
        let busy = notes
            .iter()
            .filter(|r| matches!(r, Err(CrmError::Busy(2))))
            .count()
            + lookups
                .iter()
                .filter(|r| matches!(r, Err(CrmError::Busy(2))))
                .count();
        // Two turns for six calls across the connection's views: two ran, four were busy.
        assert_eq!(busy, 4);
        assert!(slow.most.load(Ordering::SeqCst) <= 2);
    }
}
