//! Onboarding pages.

pub mod answers;
mod apply;
mod check;
mod claim;
mod form;
mod queue;
mod review;
mod status;

pub use apply::ApplyPage;
pub use check::CheckPage;
pub use claim::ClaimPage;
pub use form::{ApplicationPage, id_param};
pub use queue::QueuePage;
pub use review::ReviewPage;
