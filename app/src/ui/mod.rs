//! UI pieces shared by every domain: forms in the GOV.UK manner, page guards, the layout.

pub mod flash;
pub mod forms;
pub mod guard;
pub mod autosave;
pub mod inputs;
pub mod island;
pub mod layout;
pub mod link_page;
