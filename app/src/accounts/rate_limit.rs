//! Throttling of sign-in and password-reset attempts, per account and per client address.
//!
//! Attempts are rows in the database, not counters in memory, so the limits hold across
//! several server instances and across restarts.

use crate::db::Db;
use crate::error::AppError;
use crate::time::now;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub scope: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

pub const SIGN_IN_PER_ACCOUNT: Limit = Limit {
    scope: "sign-in:account",
    max: 5,
    window_secs: 15 * 60,
};
pub const SIGN_IN_PER_ADDRESS: Limit = Limit {
    scope: "sign-in:address",
    max: 30,
    window_secs: 15 * 60,
};
pub const RESET_PER_ACCOUNT: Limit = Limit {
    scope: "reset:account",
    max: 3,
    window_secs: 60 * 60,
};
pub const RESET_PER_ADDRESS: Limit = Limit {
    scope: "reset:address",
    max: 10,
    window_secs: 60 * 60,
};

/// Refuse when `subject` has used up `limit` within its window.
pub async fn check(db: &Db, limit: Limit, subject: &str) -> Result<(), AppError> {
    let since = now() - limit.window_secs;
    let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM auth_attempts WHERE scope = $1 AND subject = $2 AND at > $3",
    )
    .bind(limit.scope)
    .bind(subject)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    if count >= limit.max {
        let free_at = oldest.unwrap_or(now()) + limit.window_secs;
        let minutes = ((free_at - now()) as f64 / 60.0).ceil().max(1.0) as i64;
        return Err(AppError::RateLimited {
            retry_after_minutes: minutes,
        });
    }
    Ok(())
}

pub async fn record(db: &Db, limit: Limit, subject: &str) -> Result<(), AppError> {
    sqlx::query("INSERT INTO auth_attempts (scope, subject, at) VALUES ($1, $2, $3)")
        .bind(limit.scope)
        .bind(subject)
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Forget an account's failures once it signs in successfully.
pub async fn clear(db: &Db, limit: Limit, subject: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM auth_attempts WHERE scope = $1 AND subject = $2")
        .bind(limit.scope)
        .bind(subject)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Drop attempts older than any window; called from the server's housekeeping task.
pub async fn prune(db: &Db) -> Result<(), AppError> {
    sqlx::query("DELETE FROM auth_attempts WHERE at < $1")
        .bind(now() - 24 * 3600)
        .execute(&db.pool)
        .await?;
    Ok(())
}
