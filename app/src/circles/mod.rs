//! Learning circles: the catalogue, circle pages, and co-ops asking to join.

pub mod api;
pub mod edit;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::*;
