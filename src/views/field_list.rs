//! A record's fields as label/value rows; emails, phones and links are clickable.

use leptos::prelude::*;
use sidecard_model::Record;

/// The fields of `record` that have a value, in the configured order.
#[component]
pub fn FieldList(
    /// The record whose fields to show.
    record: Record,
) -> impl IntoView {
    let rows = record
        .filled_fields()
        .map(|field| {
            let value = field.value.clone();
            let text = move || {
                crate::locale::display(&value, crate::locale::AgentLocale::get().as_deref())
            };
            let value = match field.value.href() {
                Some(href) => {
                    // `href()` yields only mailto:, tel: and checked http(s) URLs.
                    let external = href.starts_with("http");
                    view! {
                        <a
                            href=href
                            target=external.then_some("_blank")
                            rel=external.then_some("noopener noreferrer")
                        >
                            {text}
                        </a>
                    }
                    .into_any()
                }
                None => text.into_any(),
            };
            view! {
                <div class="field" data-key=field.key.clone()>
                    <dt>{field.label.clone()}</dt>
                    <dd>{value}</dd>
                </div>
            }
        })
        .collect_view();
    view! { <dl class="fields">{rows}</dl> }
}
