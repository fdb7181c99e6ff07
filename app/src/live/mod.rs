//! Live circle sessions: an event log per session, folded into the state everyone sees.

pub mod api;
pub mod model;
pub mod pages;
pub mod socket;
pub mod summary;

#[cfg(feature = "ssr")]
pub mod hub;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::*;
