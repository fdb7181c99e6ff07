//! The administrator's tools: people and their roles, and the mail outbox.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::accounts::Role;
use serde::{Deserialize, Serialize};

/// A person as the admin's list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

/// How many people one page of the list shows.
pub const PEOPLE_PAGE: i64 = 50;
