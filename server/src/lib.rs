//! The Co-op Circles server: configuration, database, router and middleware, and the
//! command-line tasks (migrate, seed-demo, create-admin).

pub mod api_limit;
pub mod config;
pub mod demo;
pub mod live_socket;
pub mod middleware;
pub mod static_files;

use app::db::Db;
use app::mail::{Mailer, SmtpSettings};
use app::state::{AppState, Settings};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use config::Config;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::services::ServeDir;

/// Connect to the configured database, migrate it, and assemble the app's state.
pub async fn build_state(config: &Config) -> anyhow::Result<AppState> {
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let db = Db::connect_with(&url, config.database_connections).await.map_err(|e| {
        anyhow::anyhow!("cannot open the database {}: {e}", config::redact_url(&url))
    })?;
    db.migrate()
        .await
        .map_err(|e| anyhow::anyhow!("cannot migrate the database: {e}"))?;
    // The needs-analysis questionnaire is data; version 1 is stored on first start.
    app::onboarding::store::ensure_questionnaire(&db)
        .await
        .map_err(|e| anyhow::anyhow!("cannot store the questionnaire: {e}"))?;
    // So are report templates.
    app::reports::store::ensure_templates(&db)
        .await
        .map_err(|e| anyhow::anyhow!("cannot store the report templates: {e}"))?;
    let mailer = match &config.smtp_host {
        Some(host) if !host.is_empty() => Mailer::smtp(SmtpSettings {
            host: host.clone(),
            port: config.smtp_port,
            username: config.smtp_username.clone(),
            password: config.smtp_password.clone(),
            security: config.smtp_security.clone(),
            from: config.mail_from.clone(),
        })
        .map_err(|e| anyhow::anyhow!(e))?,
        _ => Mailer::outbox_only(),
    };
    let mailer = match &config.mail_dir {
        Some(dir) => mailer.with_mail_dir(dir.clone(), &config.mail_from),
        None => mailer,
    };
    let settings = Settings {
        public_url: config.public_url(),
        secure_cookies: config.secure_cookies(),
        trusted_proxies: config.trusted_proxies(),
        api_per_second: config.api_per_second,
        api_burst: config.api_burst,
        sign_ups_per_address_per_hour: config.sign_ups_per_hour,
        job_lease_secs: config.job_lease_seconds,
        ..Settings::default()
    };
    let live = Arc::new(app::live::hub::Hub::default());
    // On PostgreSQL, several instances serve one session: each hears the others' appends.
    app::live::hub::spawn_listener(live.clone(), db.clone(), url.clone());
    let max_file = config.upload_max_mb.saturating_mul(1_000_000);
    let files = match config.files_bucket() {
        Some(bucket) => app::files::storage::Files::s3(&bucket, max_file),
        None => app::files::storage::Files::local(&config.files_dir(), max_file),
    }
    .map_err(|e| anyhow::anyhow!("cannot open the file storage: {e}"))?;
    Ok(AppState {
        files,
        db,
        mailer,
        settings: Arc::new(settings),
        live,
        jobs_wake: Arc::new(tokio::sync::Notify::new()),
    })
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    // cargo-leptos writes the hashes of the bundle's file names beside the server binary.
    let hash_file_exists = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("coop-circles")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(hash_file_exists)
        .build()
}

/// The app's page routes, worked out once per process.
///
/// Working them out renders the whole app while a process-wide flag holds resources back
/// (leptos_server's `SuppressResourceLoad`; leptos issue #4773): a page anywhere in the process
/// whose resource is first polled in that moment waits on it for ever, and its request ends in
/// the 30 s timeout. One server builds its router once, before it serves; but the tests run
/// many servers in one process, and a second router built while the first served hung a page
/// now and then. Every router takes the list from here, and the first call finishes before any
/// router exists, so no page is ever rendering while it is worked out.
fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// The whole HTTP app: pages, server functions, static files, health checks, middleware.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = page_routes();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let pkg_dir =
        std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let pkg = middleware::immutable_cache(
        Router::new().fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        ),
    );
    let health = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .with_state(state.clone());
    // Calendar files are plain HTTP: calendar apps fetch them without JavaScript or sessions.
    let calendars = Router::new()
        .route("/meetings/{id}/calendar.ics", get(app::meetings::routes::meeting_ics))
        .route("/calendar/{file}", get(app::meetings::routes::feed_ics))
        .route("/live/{id}/socket", get(live_socket::socket))
        .route("/live/{id}/qr.svg", get(app::live::routes::qr_svg))
        // Evidence files: the body limit is the middleware's (`limit_body`), sized for a file.
        .route(
            "/reports/{id}/evidence",
            axum::routing::post(app::reports::evidence::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/evidence/{id}", get(app::reports::evidence::download))
        .route("/portfolio/exports/{id}/download", get(app::portfolio::export::download))
        .route("/shared/evidence/{id}", get(app::portfolio::shared::evidence))
        .with_state(state.clone());
    let pages = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            LeptosOptions,
            _,
        >(context, app::shell))
        .with_state(options);
    let router = Router::new()
        .nest("/pkg", pkg)
        .merge(health)
        .merge(calendars)
        .merge(pages);
    middleware::stack(router, state)
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}

/// Periodic clean-up: old sign-in attempts, ended sessions, spent reset and confirmation
/// links, finished jobs (after 7 days) and old outbox messages (after 90 days), expired
/// portfolio bundles, and stored files nothing names any more.
pub fn spawn_housekeeping(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let t = app::time::now();
            let _ = app::accounts::rate_limit::prune(&state.db).await;
            let _ = app::ui::flash::store::prune(&state.db).await;
            let _ = sqlx::query("DELETE FROM sessions WHERE created_at < $1 OR last_seen_at < $2")
                .bind(t - state.settings.session_absolute_secs)
                .bind(t - state.settings.session_idle_secs)
                .execute(&state.db.pool)
                .await;
            let _ = sqlx::query("DELETE FROM password_resets WHERE expires_at < $1")
                .bind(t - 86400)
                .execute(&state.db.pool)
                .await;
            let _ = sqlx::query("DELETE FROM email_confirmations WHERE expires_at < $1")
                .bind(t - 86400)
                .execute(&state.db.pool)
                .await;
            if let Err(e) = app::jobs::prune(&state.db, t).await {
                tracing::warn!(error = %e, "could not prune old jobs and messages");
            }
            if let Err(e) = app::portfolio::export::collect_bundles(&state, t).await {
                tracing::warn!(error = %e, "could not remove expired portfolio bundles");
            }
            if let Err(e) = app::portfolio::export::collect_files(&state, t).await {
                tracing::warn!(error = %e, "could not remove the files nothing names");
            }
        }
    });
}

/// Serve until Ctrl-C or SIGTERM, then finish the requests in flight.
pub async fn serve(config: &Config, state: AppState) -> anyhow::Result<()> {
    let options = leptos_options(config);
    let pkg_dir = config.site_root.join("pkg");
    tokio::task::spawn_blocking(move || match static_files::precompress(&pkg_dir) {
        Ok(n) if n > 0 => tracing::info!(files = n, "pre-compressed static files"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not pre-compress static files"),
    });
    app::accounts::password::warm_up();
    spawn_housekeeping(state.clone());
    // Mail, reminders and other jobs: run as soon as one is queued, and due ones (reminders,
    // retries, a dead worker's jobs whose lease ran out) are looked for every 15 seconds, or
    // every lease when that is shorter.
    let every = state.settings.job_lease_secs.clamp(1, 15) as u64;
    app::jobs::spawn_worker(state.clone(), std::time::Duration::from_secs(every));
    let app = router(state, options);
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// Create the first admin, or make an existing account an admin.
pub async fn create_admin(
    state: &AppState,
    email: &str,
    name: &str,
    password: &str,
) -> anyhow::Result<String> {
    use app::accounts::{Role, check_email, check_name, check_new_password, store};
    let email =
        check_email(email).map_err(|_| anyhow::anyhow!("that email address is not valid"))?;
    let existing = store::find_login(&state.db, &email)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let (id, what) = match existing {
        Some(login) => (login.id, "existing account is now an admin"),
        None => {
            let name = check_name(name)
                .map_err(|_| anyhow::anyhow!("give a name of 1 to 100 characters"))?;
            if !check_new_password("password", password, password, &email).is_empty() {
                anyhow::bail!(
                    "the password must be 10 to 128 characters and not the email address"
                );
            }
            let hash = app::accounts::password::hash(password.to_string())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let id = store::create_user(&state.db, &name, &email, &hash, Default::default())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            (id, "admin account created")
        }
    };
    store::grant_role(&state.db, id, Role::Admin, None)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Whoever runs the server vouches for the address of the admin they make.
    store::mark_email_verified(&state.db, id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(format!("{what}: {email}"))
}
