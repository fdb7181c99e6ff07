//! The portfolio: step 6 of the journey. A member co-op's accepted reports, goals and the
//! activities done, the circle sessions it took part in and its evidence files, gathered
//! automatically; the co-op chooses what goes in and in what order and writes what it learned
//! per goal; then exports it as one bundle (PDF, web page, JSON with its schema, the files),
//! built in the background on the durable job queue.

pub mod api;
pub mod document;
pub mod model;
pub mod pages;
pub mod record;
pub mod versions;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod gather;
#[cfg(feature = "ssr")]
pub mod html;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod shared;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::*;
