//! What every request handler and server function can reach on the server.

use crate::db::Db;
use crate::error::AppError;
use crate::mail::Mailer;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub mailer: Mailer,
    pub settings: Arc<Settings>,
    /// Live sessions this instance serves.
    pub live: Arc<crate::live::hub::Hub>,
}

/// The parts of the server's configuration that the app itself needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// e.g. "https://circles.example.coop" — used in emailed links and the Origin check.
    pub public_url: String,
    /// Mark cookies Secure and use the `__Host-` prefix (on when served over https).
    pub secure_cookies: bool,
    /// A session unused for this long ends.
    pub session_idle_secs: i64,
    /// A session ends this long after sign-in, however busy.
    pub session_absolute_secs: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: "http://127.0.0.1:3000".into(),
            secure_cookies: false,
            session_idle_secs: 7 * 24 * 3600,
            session_absolute_secs: 30 * 24 * 3600,
        }
    }
}

/// The state, from inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| AppError::internal("app state", "AppState missing from context"))
}
