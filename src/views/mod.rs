//! The widget's components, one file each. They map data to view and nothing more: any logic
//! worth testing lives in `sidecard_model`.

mod account_card;
mod chooser;
mod deal_list;
mod error_panel;
mod field_list;
mod no_match;
mod person_card;
mod results;
mod search_box;
mod states;

pub use error_panel::ErrorPanel;
pub use results::Results;
pub use search_box::SearchBox;
pub use states::{Prompt, Skeleton};
