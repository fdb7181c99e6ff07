//! Live circle sessions: an event log per session, folded into the state everyone sees.

pub mod model;

pub use model::*;
