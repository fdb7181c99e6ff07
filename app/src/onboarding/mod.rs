//! Onboarding: a co-op applies with the membership form and the needs-analysis questionnaire,
//! an advisor reviews it, recommends circles and decides.

pub mod api;
pub mod application;
pub mod pages;
pub mod questionnaire;
pub mod recommend;
pub mod review;
#[cfg(feature = "ssr")]
pub mod review_store;
#[cfg(feature = "ssr")]
pub mod store;
