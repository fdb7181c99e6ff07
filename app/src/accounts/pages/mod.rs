//! Account pages.

mod account;
mod confirm;
mod forgot;
mod home;
mod sign_in;
mod sign_up;

pub use account::AccountPage;
pub use confirm::{ConfirmEmailReminder, ConfirmPage, ConfirmedEmailOnly, EmailNotConfirmed};
pub use forgot::{ForgotPage, ResetPage};
pub use home::HomePage;
pub use sign_in::SignInPage;
pub use sign_up::SignUpPage;
