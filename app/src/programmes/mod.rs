//! Activity programmes: what a member co-op plans with its circle to answer the issues of its
//! needs analysis. Goals name the issues they answer; activities under them carry an owner,
//! dates and a status; actions captured for the co-op in live sessions arrive as proposals that
//! its representative or a facilitator accepts into a goal or drops with a reason. Every change
//! is kept (who, when, what) and the co-op's advisor comments.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod check;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::*;
