//! The server's integration tests, one module per part of the product, in one test binary:
//! each test starts its own server (`common::TestApp`) on SQLite and on PostgreSQL.
//! One binary links the whole app once rather than once per file.

#[macro_use]
mod common;

mod access_matrix;
mod accounts;
mod email;
mod evidence;
mod live;
mod mail_queue;
mod meetings;
mod onboarding;
mod onboarding_more;
mod operations;
mod portfolio;
mod programmes;
mod reports;
mod restart;
mod throttles;
mod trust;
