//! Accounts: signing up and in, sessions, passwords, roles, and the helper every server
//! function uses to learn who is calling.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod caller_cache;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::*;
