//! Member co-ops: the shared lists they choose from, and their online profile.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod vocab;

pub use model::*;
