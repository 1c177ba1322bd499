//! The `Host` seam: the page the widget runs in (Zendesk, Freshdesk, Dynamics CIF, or a plain
//! browser tab) turned into one value that says who the customer is and what the page lets the
//! widget do. One file per host; [`Host::detect`] picks one.

mod standalone;

use sidecard_model::LookupRequest;

/// Where the widget runs.
pub enum Host {
    /// A plain browser tab: the customer comes from the URL or the search box.
    Standalone(standalone::Standalone),
}

impl Host {
    /// The host this page is.
    pub fn detect() -> Host {
        Host::Standalone(standalone::Standalone)
    }

    /// Whether this user may open the settings page (the gear). In the standalone page anyone
    /// may look; saving needs the admin key.
    pub fn shows_settings(&self) -> bool {
        match self {
            Host::Standalone(_) => true,
        }
    }

    /// Who the customer is when the widget starts.
    pub fn initial_subject(&self) -> LookupRequest {
        match self {
            Host::Standalone(h) => h.initial_subject(),
        }
    }

    /// Whether the agent types who to look up (a host that knows the customer hides the box).
    pub fn has_search_box(&self) -> bool {
        match self {
            Host::Standalone(_) => true,
        }
    }

    /// Called when the subject changes, so the host can keep it (the standalone URL does, so a
    /// reload or a shared link shows the same customer).
    pub fn subject_changed(&self, subject: &LookupRequest) {
        match self {
            Host::Standalone(h) => h.subject_changed(subject),
        }
    }
}
