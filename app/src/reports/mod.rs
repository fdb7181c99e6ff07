//! Reports on a co-op's activity programme: written on a versioned template (data, in English
//! and French), drafted with autosave, checked and submitted; an advisor comments by section,
//! asks for changes or accepts with a follow-up date, and a durable job raises the follow-up.

pub mod api;
pub mod model;
pub mod pages;
pub mod template;

#[cfg(feature = "ssr")]
pub mod check;
#[cfg(feature = "ssr")]
pub mod draft;
#[cfg(feature = "ssr")]
pub mod evidence;
#[cfg(feature = "ssr")]
pub mod from_session;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::*;
