//! The widget's components, one file each. They map data to view and nothing more: any logic
//! worth testing lives in `sidecard_model`.

mod account_card;
mod call_bar;
mod card_editor;
mod chooser;
mod create_person;
mod deal_list;
mod error_panel;
mod field_list;
mod form_editor;
mod freshness;
mod log_editor;
mod log_form;
mod lookup_options;
mod no_match;
mod person_card;
mod pin_button;
mod preview;
mod record_link;
mod results;
mod search_box;
mod sentence;
mod settings_page;
mod several;
mod states;

pub use call_bar::CallBar;
pub(crate) use create_person::CreatePerson;
pub use error_panel::ErrorPanel;
pub(crate) use form_editor::FormEditor;
pub(crate) use log_editor::LogEditor;
pub(crate) use log_form::LogForm;
pub use log_form::LogState;
pub(crate) use lookup_options::LookupOptions;
pub(crate) use no_match::NoMatch;
pub(crate) use pin_button::PinButton;
pub use results::Results;
pub use search_box::SearchBox;
pub use settings_page::SettingsPage;
pub(crate) use several::several;
pub use states::{Prompt, Skeleton};
