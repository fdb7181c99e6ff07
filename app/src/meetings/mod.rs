//! Circle meetings: scheduling with an agenda, RSVPs, iCalendar files and feeds, and reminders
//! sent from a durable job queue.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod ical;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::*;
