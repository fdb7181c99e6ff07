//! The database: a SQLite file by default, PostgreSQL when `DATABASE_URL` says `postgres://`.
//!
//! Store code is written once against sqlx's `Any` driver: every query uses `$1` placeholders
//! (which both SQLite and PostgreSQL accept), integers are BIGINT, times are UTC seconds and
//! flags are 0/1 integers, so the same SQL runs on both. Migrations differ only where DDL
//! must (identity columns), in `migrations/sqlite` and `migrations/postgres`, step for step.

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Who each recent session is (see [`crate::accounts::caller_cache`]): beside the pool, so
    /// the store functions that change a person's account forget them in the same place.
    pub callers: Arc<crate::accounts::caller_cache::CallerCache>,
    /// The questionnaire's published versions, read once each (see
    /// [`crate::onboarding::store::questionnaire`]): a version never changes once stored.
    pub questionnaires: Arc<crate::onboarding::store::Versions>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Db({:?})", self.backend)
    }
}

impl Db {
    /// Connect (creating the SQLite file if needed). Does not migrate.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        Self::connect_with(url, None).await
    }

    /// Connect with at most `connections` at once (else the backend's default).
    pub async fn connect_with(url: &str, connections: Option<u32>) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite: or postgres://".into(),
            ));
        };
        let options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings a connection before every hand-out: a round trip to SQLite's worker
            // thread per query, for a connection to a local file that cannot have gone away
            // while idle. Without it a SQLite page is 6-16% faster. PostgreSQL keeps the ping:
            // there it finds connections a database restart closed, before a query fails on one.
            .test_before_acquire(backend == Backend::Postgres)
            .max_connections(connections.unwrap_or(match backend {
                // SQLite has one writer; a few readers in WAL mode are plenty.
                Backend::Sqlite => 8,
                // Two per core: more only queue inside PostgreSQL, on the same cores, and
                // switch between its processes. On 2 cores, a co-op page at 32 connections:
                // 923 req/s (p99 55 ms) with 16, 968 (49) with 8, 1,214 (41) with 4.
                Backend::Postgres => std::thread::available_parallelism().map_or(4, |n| 2 * n.get() as u32).max(4),
            }));
        let options = match backend {
            Backend::Sqlite => options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        let pool = options.connect(url).await?;
        Ok(Db { pool, backend, callers: Arc::default(), questionnaires: Arc::default() })
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&self.pool).await,
            Backend::Postgres => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&self.pool)
                    .await
            }
        }
    }

    /// For `/readyz`.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// Turn a path into a SQLite URL that creates the file when missing.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}
