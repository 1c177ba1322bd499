//! A link to a record in the CRM. Where the host opens records itself (Dynamics opens the
//! form in its own page), a click does that instead of opening a browser tab.

use crate::host::Host;
use leptos::prelude::*;
use sidecard_model::Record;

/// `text` linking to `record`, or plain `text` when the record has no link.
#[component]
pub fn RecordLink(
    /// The record to open.
    record: Record,
    /// What the link says.
    #[prop(into)]
    text: String,
    /// The link's class.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    // A `WebUrl`: http(s) or a path on this origin, checked when the answer was read.
    let Some(href) = record.link.map(|url| url.as_str().to_owned()) else {
        return text.into_any();
    };
    let host = Host::from_context();
    let (entity, id) = (record.entity, record.id);
    view! {
        <a
            class=class
            href=href
            target="_blank"
            rel="noopener noreferrer"
            on:click=move |ev| {
                if host.as_ref().is_some_and(|h| h.open_record(entity, &id)) {
                    ev.prevent_default();
                }
            }
        >
            {text}
        </a>
    }
    .into_any()
}
