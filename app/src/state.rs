//! What every request handler and server function can reach on the server.

use crate::accounts::session::TrustedProxies;
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
    /// Wakes this instance's job worker (`jobs::spawn_worker`) when a job is queued.
    pub jobs_wake: Arc<tokio::sync::Notify>,
    /// Where evidence files are kept (a folder, or shared object storage).
    pub files: crate::files::storage::Files,
}

impl AppState {
    /// Tell the job worker there is work: queued mail goes out at once rather than at the
    /// next periodic look.
    pub fn wake_worker(&self) {
        self.jobs_wake.notify_one();
    }
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
    /// The proxies whose forwarding header names the client (`--trusted-proxies`): none by
    /// default, so the client's address is the peer's.
    pub trusted_proxies: TrustedProxies,
    /// Server-function calls (`/api/*`) per second from one client address, on average…
    pub api_per_second: u32,
    /// …and how many may come at once on top of that; 0 per second turns the limit off.
    pub api_burst: u32,
    /// Accounts one client address may create in an hour.
    pub sign_ups_per_address_per_hour: i64,
    /// Seconds a job stays its worker's after the worker's last heartbeat
    /// (`--job-lease-seconds`): how long the job of a worker that died waits to be taken again.
    pub job_lease_secs: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: "http://127.0.0.1:3000".into(),
            secure_cookies: false,
            session_idle_secs: 7 * 24 * 3600,
            session_absolute_secs: 30 * 24 * 3600,
            trusted_proxies: TrustedProxies::default(),
            // A page makes a handful of calls; a person clicking fast, a few more.
            api_per_second: 20,
            api_burst: 60,
            sign_ups_per_address_per_hour: 10,
            job_lease_secs: crate::jobs::DEFAULT_LEASE,
        }
    }
}

/// The state, from inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| AppError::internal("app state", "AppState missing from context"))
}
