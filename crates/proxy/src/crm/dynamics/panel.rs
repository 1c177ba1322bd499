//! The connection's side of a Dynamics 365 panel's sign-in (`http/cif.rs`): reading and
//! deleting the note the panel's user created, the user's Entra object id, and a view of the
//! connection that acts as that user.
//!
//! Sources (Microsoft Learn, Power Apps developer docs): the annotation table reference
//! (`subject`, `notetext`, `_createdby_value`, set by Dataverse and not by the caller); the
//! systemuser reference (`azureactivedirectoryobjectid`); "Impersonate another user using the
//! Web API" (the `CallerObjectId` header takes the Microsoft Entra object id; the application
//! user needs `prvActOnBehalfOfAnotherUser`, which the Delegate role grants). Unverified
//! without a live org: which header wins when both `CallerObjectId` and `MSCRMCallerID` are
//! sent (Sidecard sends only the first).

use super::DynamicsCrm;
use super::query::guid;
use crate::crm::{Connector, CrmError, PanelSignIn, SignInNote};
use crate::session::PanelUser;
use async_trait::async_trait;
use serde_json::Value as Json;
use std::sync::Arc;

#[async_trait]
impl PanelSignIn for DynamicsCrm {
    fn org(&self) -> &str {
        &self.org
    }

    async fn sign_in_note(&self, id: &str) -> Result<Option<SignInNote>, CrmError> {
        let url = format!(
            "{}annotations({})?$select=subject,notetext,_createdby_value",
            self.api,
            guid(id)?
        );
        // Dataverse answers 404 for an id that is no note (or one already used).
        let Some(row) = self.get_optional(&url).await? else {
            return Ok(None);
        };
        let text = |key: &str| row.get(key).and_then(Json::as_str).map(str::to_owned);
        Ok(Some(SignInNote {
            subject: text("subject").unwrap_or_default(),
            text: text("notetext").unwrap_or_default(),
            created_by: text("_createdby_value"),
        }))
    }

    async fn delete_sign_in_note(&self, id: &str) -> Result<(), CrmError> {
        let url = format!("{}annotations({})", self.api, guid(id)?);
        self.send(|http| http.delete(&url)).await.map(drop)
    }

    async fn user_object_id(&self, user_id: &str) -> Result<Option<String>, CrmError> {
        let url = format!(
            "{}systemusers({})?$select=azureactivedirectoryobjectid",
            self.api,
            guid(user_id)?
        );
        Ok(self.get_optional(&url).await?.and_then(|row| {
            let oid = row.get("azureactivedirectoryobjectid")?.as_str()?;
            guid(oid).ok().map(|oid| oid.to_string())
        }))
    }

    fn as_user(&self, user: &PanelUser) -> Option<Arc<dyn Connector>> {
        // Only an object id that is a GUID becomes a header (it came from our own signed
        // session, which took it from the org; checked again all the same).
        let oid = guid(&user.object_id).ok()?;
        Some(Arc::new(self.acting_as(oid.to_string())))
    }
}
