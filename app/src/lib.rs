//! Co-op Circles: the member portal of Co-operatives 2020.
//!
//! One crate, built twice: with `ssr` for the server (pages rendered to HTML, server functions,
//! storage) and with `hydrate` for the browser. Code is organised by domain: everything about
//! accounts lives in `accounts`, everything about the admin's tools in `admin`, and so on.
//! Server-only code sits behind `#[cfg(feature = "ssr")]` beside the server functions using it.

#[cfg(feature = "ssr")]
pub mod access;
pub mod accounts;
pub mod admin;
pub mod circles;
pub mod error;
pub mod files;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod live;
pub mod mail;
pub mod meetings;
pub mod onboarding;
pub mod organisations;
pub mod portfolio;
pub mod programmes;
pub mod reports;
pub mod shell;
pub mod time;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

pub use shell::{App, shell};
