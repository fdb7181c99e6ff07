//! Throttles: of sign-in attempts, password resets and sign-ups, per account and per client
//! address.
//!
//! Each throttled subject is one row of `auth_attempts`, and taking an attempt is one atomic
//! step — a conditional upsert that counts the attempt only if the subject is not held back,
//! and says whether it did — so twenty requests arriving together cannot all slip through
//! between a check and a record. Several throttles taken for one request ([`take`]) are taken in
//! one transaction: all or none. The rows live in the database, not in memory, so the limits
//! hold across several server instances and across restarts, on SQLite and PostgreSQL alike.
//!
//! Two rules:
//! - [`Limit`]: at most `max` attempts in a window that opens with the first one;
//! - [`Backoff`]: a few attempts freely, then a wait after each further one that doubles
//!   up to a ceiling. Sign-in uses it per account (and per account from one address), so a
//!   forgotten password costs a minute, then two, then four… rather than a long lock that
//!   anyone could set off for anyone else by typing their address.

use crate::db::Db;
use crate::error::AppError;
use crate::time::now;

/// At most `max` attempts in a window of `window_secs` opened by the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub scope: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// `free` attempts, then after each one a wait of `first_delay_secs`, doubling each time up to
/// `max_delay_secs`. Forgotten after `forget_secs` without an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub scope: &'static str,
    pub free: i64,
    pub first_delay_secs: i64,
    pub max_delay_secs: i64,
    pub forget_secs: i64,
}

/// Either rule, for [`take`], [`give_back`] and [`forget`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    Window(Limit),
    Backoff(Backoff),
}

impl From<Limit> for Throttle {
    fn from(limit: Limit) -> Self {
        Throttle::Window(limit)
    }
}

impl From<Backoff> for Throttle {
    fn from(backoff: Backoff) -> Self {
        Throttle::Backoff(backoff)
    }
}

impl Throttle {
    fn scope(&self) -> &'static str {
        match self {
            Throttle::Window(l) => l.scope,
            Throttle::Backoff(b) => b.scope,
        }
    }
}

const SIGN_IN_BACKOFF_FIRST: i64 = 60;
const SIGN_IN_BACKOFF_MAX: i64 = 15 * 60;
const DAY: i64 = 24 * 3600;

/// Wrong guesses at one account from one client address: five, then 1, 2, 4, 8, 15, 15…
/// minutes between tries. This is the wait a person who forgot their password meets.
pub const SIGN_IN_PER_ACCOUNT_AND_ADDRESS: Backoff = Backoff {
    scope: "sign-in:account+address",
    free: 5,
    first_delay_secs: SIGN_IN_BACKOFF_FIRST,
    max_delay_secs: SIGN_IN_BACKOFF_MAX,
    forget_secs: DAY,
};
/// Wrong guesses at one account from anywhere: ten, then the same doubling waits. Only guesses
/// from several addresses reach it, so nobody can hold an account back from its owner's
/// address alone.
pub const SIGN_IN_PER_ACCOUNT: Backoff = Backoff {
    scope: "sign-in:account",
    free: 10,
    first_delay_secs: SIGN_IN_BACKOFF_FIRST,
    max_delay_secs: SIGN_IN_BACKOFF_MAX,
    forget_secs: DAY,
};
/// Wrong guesses from one client address, whatever the accounts.
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

/// What one account may make the portal send to other people (invitations, claim links,
/// specialists' invitations, reminders, join requests): enough for a busy facilitator or
/// advisor, too few for anyone to use the portal to flood inboxes.
pub const SENDS_MAIL_PER_ACCOUNT: Limit = Limit {
    scope: "mail:account",
    max: 20,
    window_secs: 60 * 60,
};

/// Count one act that sends mail for `user_id`, or refuse it with the wait (429).
pub async fn take_mail_allowance(db: &Db, user_id: i64) -> Result<(), AppError> {
    take(db, &[(SENDS_MAIL_PER_ACCOUNT.into(), &user_id.to_string())]).await
}

/// Accounts created from one client address: `per_hour` (from the settings) an hour.
pub fn sign_ups_per_address(per_hour: i64) -> Limit {
    Limit {
        scope: "sign-up:address",
        max: per_hour.max(1),
        window_secs: 60 * 60,
    }
}

/// The wait after the `hits`-th attempt under `backoff`.
pub fn backoff_delay(backoff: Backoff, hits: i64) -> i64 {
    let Backoff {
        free,
        first_delay_secs,
        max_delay_secs,
        ..
    } = backoff;
    if hits < free {
        return 0;
    }
    let doublings = (hits - free).min(62) as u32;
    first_delay_secs
        .checked_mul(1i64 << doublings)
        .unwrap_or(i64::MAX)
        .min(max_delay_secs)
}

/// `CASE WHEN h < free THEN 0 … ELSE max END` for the hit count `hits` (an SQL expression):
/// the doubling written out step by step, as the two databases spell exponents differently.
/// Only numbers from the rule's constants go into the text.
fn delay_sql(backoff: Backoff, hits: &str) -> String {
    let Backoff {
        free,
        max_delay_secs,
        ..
    } = backoff;
    let mut sql = format!("CASE WHEN {hits} < {free} THEN 0");
    let mut h = free;
    loop {
        let delay = backoff_delay(backoff, h);
        if delay >= max_delay_secs || h - free > 62 {
            break;
        }
        sql.push_str(&format!(" WHEN {hits} = {h} THEN {delay}"));
        h += 1;
    }
    sql.push_str(&format!(" ELSE {max_delay_secs} END"));
    sql
}

/// Take one attempt under each of `limits` (a throttle and the subject it counts), all in one
/// transaction: either every one of them counts the attempt, or none does and the answer is
/// [`AppError::RateLimited`] with the longest wait among those holding the caller back.
pub async fn take(db: &Db, limits: &[(Throttle, &str)]) -> Result<(), AppError> {
    let t = now();
    let mut tx = db.pool.begin().await?;
    let mut wait_until: Option<i64> = None;
    for (limit, subject) in limits {
        if wait_until.is_some() {
            // Already refused: only look, to name the longest wait.
            if let Some(until) = blocked_until(&mut tx, *limit, subject).await? {
                wait_until = wait_until.max(Some(until));
            }
            continue;
        }
        let counted: Option<(i64,)> = match *limit {
            Throttle::Window(Limit {
                scope,
                max,
                window_secs,
            }) => {
                sqlx::query_as(
                    "INSERT INTO auth_attempts (scope, subject, hits, since, blocked_until, updated_at) \
                     VALUES ($1, $2, 1, $3, $4, $3) \
                     ON CONFLICT (scope, subject) DO UPDATE SET \
                       hits = CASE WHEN auth_attempts.since <= $5 THEN 1 ELSE auth_attempts.hits + 1 END, \
                       blocked_until = CASE WHEN auth_attempts.since <= $5 THEN $4 \
                         WHEN auth_attempts.hits + 1 >= $6 THEN auth_attempts.since + $7 ELSE 0 END, \
                       since = CASE WHEN auth_attempts.since <= $5 THEN $3 ELSE auth_attempts.since END, \
                       updated_at = $3 \
                     WHERE auth_attempts.blocked_until <= $3 \
                     RETURNING hits",
                )
                .bind(scope)
                .bind(*subject)
                .bind(t)
                .bind(if max <= 1 { t + window_secs } else { 0 })
                .bind(t - window_secs)
                .bind(max)
                .bind(window_secs)
                .fetch_optional(&mut *tx)
                .await?
            }
            Throttle::Backoff(backoff) => {
                let sql = format!(
                    "INSERT INTO auth_attempts (scope, subject, hits, since, blocked_until, updated_at) \
                     VALUES ($1, $2, 1, $3, $4, $3) \
                     ON CONFLICT (scope, subject) DO UPDATE SET \
                       hits = CASE WHEN auth_attempts.updated_at <= $5 THEN 1 ELSE auth_attempts.hits + 1 END, \
                       blocked_until = CASE WHEN auth_attempts.updated_at <= $5 THEN $4 \
                         ELSE $3 + ({}) END, \
                       since = CASE WHEN auth_attempts.updated_at <= $5 THEN $3 ELSE auth_attempts.since END, \
                       updated_at = $3 \
                     WHERE auth_attempts.blocked_until <= $3 \
                     RETURNING hits",
                    delay_sql(backoff, "auth_attempts.hits + 1")
                );
                sqlx::query_as(&sql)
                    .bind(backoff.scope)
                    .bind(*subject)
                    .bind(t)
                    .bind(t + backoff_delay(backoff, 1))
                    .bind(t - backoff.forget_secs)
                    .fetch_optional(&mut *tx)
                    .await?
            }
        };
        if counted.is_none() {
            wait_until = Some(blocked_until(&mut tx, *limit, subject).await?.unwrap_or(t));
        }
    }
    match wait_until {
        None => {
            tx.commit().await?;
            Ok(())
        }
        Some(until) => {
            tx.rollback().await?;
            Err(AppError::RateLimited {
                retry_after_minutes: minutes_until(until, t),
            })
        }
    }
}

async fn blocked_until(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    limit: Throttle,
    subject: &str,
) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT blocked_until FROM auth_attempts WHERE scope = $1 AND subject = $2")
            .bind(limit.scope())
            .bind(subject)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|(until,)| until))
}

/// Whole minutes to wait, at least one.
fn minutes_until(until: i64, t: i64) -> i64 {
    ((until - t).max(0) + 59).div_euclid(60).max(1)
}

/// Hand back an attempt that turned out well (a right password): it no longer counts, and a
/// wait it started is lifted when the count falls back below what is free.
pub async fn give_back(db: &Db, limit: impl Into<Throttle>, subject: &str) -> Result<(), AppError> {
    let limit = limit.into();
    let free = match limit {
        Throttle::Window(l) => l.max,
        Throttle::Backoff(b) => b.free,
    };
    sqlx::query(
        "UPDATE auth_attempts SET hits = hits - 1, \
           blocked_until = CASE WHEN hits - 1 < $3 THEN 0 ELSE blocked_until END \
         WHERE scope = $1 AND subject = $2 AND hits > 0",
    )
    .bind(limit.scope())
    .bind(subject)
    .bind(free)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Forget every attempt of `subject` under `limit` (after a successful sign-in).
pub async fn forget(db: &Db, limit: impl Into<Throttle>, subject: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM auth_attempts WHERE scope = $1 AND subject = $2")
        .bind(limit.into().scope())
        .bind(subject)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Refuse when `subject` is held back under `limit`. A look only: prefer [`take`], which
/// looks and counts in one step.
pub async fn check(db: &Db, limit: Limit, subject: &str) -> Result<(), AppError> {
    let t = now();
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT blocked_until FROM auth_attempts WHERE scope = $1 AND subject = $2")
            .bind(limit.scope)
            .bind(subject)
            .fetch_optional(&db.pool)
            .await?;
    match row {
        Some((until,)) if until > t => Err(AppError::RateLimited {
            retry_after_minutes: minutes_until(until, t),
        }),
        _ => Ok(()),
    }
}

/// Count an attempt under `limit`, held back or not. Prefer [`take`].
pub async fn record(db: &Db, limit: Limit, subject: &str) -> Result<(), AppError> {
    match take(db, &[(limit.into(), subject)]).await {
        Ok(()) | Err(AppError::RateLimited { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Drop the rows of subjects neither held back nor seen for two days (longer than any
/// window or memory); called from the server's housekeeping task.
pub async fn prune(db: &Db) -> Result<(), AppError> {
    let t = now();
    sqlx::query("DELETE FROM auth_attempts WHERE updated_at < $1 AND blocked_until < $2")
        .bind(t - 2 * DAY)
        .bind(t)
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_wait_doubles_up_to_a_ceiling() {
        let rule = SIGN_IN_PER_ACCOUNT_AND_ADDRESS;
        let waits: Vec<i64> = (1..=12).map(|h| backoff_delay(rule, h)).collect();
        assert_eq!(
            waits,
            vec![0, 0, 0, 0, 60, 120, 240, 480, 900, 900, 900, 900]
        );
        assert_eq!(backoff_delay(rule, i64::MAX), 900);
        assert_eq!(
            delay_sql(rule, "h"),
            "CASE WHEN h < 5 THEN 0 WHEN h = 5 THEN 60 WHEN h = 6 THEN 120 \
             WHEN h = 7 THEN 240 WHEN h = 8 THEN 480 ELSE 900 END"
        );
    }

    #[test]
    fn waits_are_told_in_whole_minutes() {
        assert_eq!(minutes_until(100, 100), 1);
        assert_eq!(minutes_until(160, 100), 1);
        assert_eq!(minutes_until(161, 100), 2);
        assert_eq!(minutes_until(100 + 900, 100), 15);
    }
}
