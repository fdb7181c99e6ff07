//! Account storage (server only). Every query here is scoped by the user it concerns.

use super::model::{Role, SessionInfo};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, T};
use crate::time::{now, when};

pub struct StoredLogin {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    pub locale: Locale,
}

pub async fn find_login(db: &Db, email: &str) -> AppResult<Option<StoredLogin>> {
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, name, password_hash, locale FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|(id, name, password_hash, locale)| StoredLogin {
        id,
        name,
        password_hash,
        locale: Locale::parse(&locale).unwrap_or_default(),
    }))
}

pub async fn password_hash_of(db: &Db, user_id: i64) -> AppResult<String> {
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(hash)
}

/// Create an account; an email already in use is a field error, even when two sign-ups race.
pub async fn create_user(
    db: &Db,
    name: &str,
    email: &str,
    password_hash: &str,
    locale: Locale,
) -> AppResult<i64> {
    let t = now();
    let result: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO users (email, name, password_hash, locale, created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(locale.code())
    .bind(t)
    .fetch_one(&db.pool)
    .await;
    match result {
        Ok((id,)) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(AppError::invalid("email", T::ErrEmailTaken))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn email_taken(db: &Db, email: &str) -> AppResult<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

pub async fn roles_of(db: &Db, user_id: i64) -> AppResult<Vec<Role>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    let mut roles: Vec<Role> = rows.iter().filter_map(|(r,)| Role::parse(r)).collect();
    roles.sort();
    Ok(roles)
}

pub async fn grant_role(
    db: &Db,
    user_id: i64,
    role: Role,
    granted_by: Option<i64>,
) -> AppResult<()> {
    // Insert-if-missing written so that both SQLite and PostgreSQL accept it.
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_by, granted_at) \
         SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM user_roles WHERE user_id = $1 AND role = $2)",
    )
    .bind(user_id)
    .bind(role.as_str())
    .bind(granted_by)
    .bind(now())
    .execute(&db.pool)
    .await?;
    db.callers.forget_user(user_id);
    Ok(())
}

pub async fn remove_role(db: &Db, user_id: i64, role: Role) -> AppResult<()> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
        .bind(user_id)
        .bind(role.as_str())
        .execute(&db.pool)
        .await?;
    db.callers.forget_user(user_id);
    Ok(())
}

pub async fn count_with_role(db: &Db, role: Role) -> AppResult<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM user_roles WHERE role = $1")
        .bind(role.as_str())
        .fetch_one(&db.pool)
        .await?;
    Ok(n)
}

/// A person's name and address.
pub async fn name_and_email(db: &Db, user_id: i64) -> AppResult<Option<(String, String)>> {
    Ok(sqlx::query_as("SELECT name, email FROM users WHERE id = $1").bind(user_id).fetch_optional(&db.pool).await?)
}

/// The account that confirmed this address, if one did: (id, language).
pub async fn confirmed_account(db: &Db, email: &str) -> AppResult<Option<(i64, String)>> {
    Ok(sqlx::query_as("SELECT id, locale FROM users WHERE email = $1 AND email_verified_at IS NOT NULL").bind(email).fetch_optional(&db.pool).await?)
}

/// A person's name.
pub async fn name_of(db: &Db, user_id: i64) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM users WHERE id = $1").bind(user_id).fetch_optional(&db.pool).await?;
    Ok(row.map(|(n,)| n))
}

pub async fn user_exists(db: &Db, user_id: i64) -> AppResult<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

pub async fn set_password(db: &Db, user_id: i64, password_hash: &str) -> AppResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now())
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    db.callers.forget_user(user_id);
    Ok(())
}

pub async fn set_locale(db: &Db, user_id: i64, locale: Locale) -> AppResult<()> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(locale.code())
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    db.callers.forget_user(user_id);
    Ok(())
}

pub async fn sessions_of(
    db: &Db,
    user_id: i64,
    current: i64,
    zone: &str,
) -> AppResult<Vec<SessionInfo>> {
    let rows: Vec<(i64, i64, i64, String, String)> = sqlx::query_as(
        "SELECT id, created_at, last_seen_at, user_agent, client_addr FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, created, seen, agent, addr)| SessionInfo {
            id,
            is_current: id == current,
            device: describe_device(&agent, &addr),
            started: when(created, zone),
            last_seen: when(seen, zone),
        })
        .collect())
}

/// A person-readable guess at the device, from its user agent.
fn describe_device(agent: &str, addr: &str) -> String {
    let browser = ["Firefox", "Edg", "Chrome", "Safari"]
        .into_iter()
        .find(|b| agent.contains(b))
        .map(|b| if b == "Edg" { "Edge" } else { b });
    let system = ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"]
        .into_iter()
        .find(|s| agent.contains(s));
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s} ({addr})"),
        (Some(b), None) => format!("{b} ({addr})"),
        _ => addr.to_string(),
    }
}

/// End one of the user's sessions; someone else's session id changes nothing.
pub async fn delete_session(db: &Db, user_id: i64, session_id: i64) -> AppResult<bool> {
    let done = sqlx::query("DELETE FROM sessions WHERE id = $1 AND user_id = $2")
        .bind(session_id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    db.callers.forget_user(user_id);
    Ok(done.rows_affected() > 0)
}

pub async fn delete_other_sessions(db: &Db, user_id: i64, keep: Option<i64>) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(-1))
        .execute(&db.pool)
        .await?;
    db.callers.forget_user(user_id);
    Ok(())
}

/// Use a reset token once: the user it belongs to, if it is unused and in date.
pub async fn take_reset(db: &Db, token_hash: &str) -> AppResult<Option<i64>> {
    let t = now();
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(t)
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

pub async fn reset_is_usable(db: &Db, token_hash: &str) -> AppResult<bool> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// Every reset link of the person stops working: after a reset or a change of password, a
/// link asked for earlier (perhaps by someone else) must not set the password again.
pub async fn end_resets(db: &Db, user_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1")
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

// ----- Confirming the email address -----

/// The account's address, and whether it is confirmed.
pub async fn email_status(db: &Db, user_id: i64) -> AppResult<(String, bool)> {
    let (email, verified_at): (String, Option<i64>) =
        sqlx::query_as("SELECT email, email_verified_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&db.pool)
            .await?;
    Ok((email, verified_at.is_some()))
}

/// The account's address if it is confirmed: what invitations and claims are matched with.
pub async fn verified_email(db: &Db, user_id: i64) -> AppResult<Option<String>> {
    let (email, verified) = email_status(db, user_id).await?;
    Ok(verified.then_some(email))
}

/// Count the account's current address as confirmed (an emailed link was opened, a reset
/// link was used, or an administrator made the account on the command line).
pub async fn mark_email_verified(db: &Db, user_id: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL",
    )
    .bind(now())
    .bind(user_id)
    .execute(&db.pool)
    .await?;
    db.callers.forget_user(user_id);
    Ok(())
}

/// Whose address a confirmation link confirms, and which address, while it is usable.
pub async fn confirmation(db: &Db, token_hash: &str) -> AppResult<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT user_id, email FROM email_confirmations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?)
}

/// Use a confirmation link once, for `user_id` only: their address is confirmed if it is
/// still the one the link was sent to. Every other link of theirs is spent with it.
pub async fn take_confirmation(db: &Db, token_hash: &str, user_id: i64) -> AppResult<bool> {
    let t = now();
    let mut tx = db.pool.begin().await?;
    let row: Option<(String,)> = sqlx::query_as(
        "UPDATE email_confirmations SET used_at = $1 \
         WHERE token_hash = $2 AND user_id = $3 AND used_at IS NULL AND expires_at > $1 RETURNING email",
    )
    .bind(t)
    .bind(token_hash)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((email,)) = row else {
        return Ok(false);
    };
    let done = sqlx::query(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2 AND email = $3",
    )
    .bind(t)
    .bind(user_id)
    .bind(&email)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE email_confirmations SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(t)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    db.callers.forget_user(user_id);
    Ok(done.rows_affected() > 0)
}

/// A link sent to an address (an invitation, a claim) is taken only by the account that uses
/// that very address (compared without case) and has confirmed it. Returns the address, or
/// the error that tells the person what to do.
pub async fn link_address_check(db: &Db, user_id: i64, sent_to: &str) -> AppResult<String> {
    let (email, verified) = email_status(db, user_id).await?;
    if email.to_lowercase() != sent_to.trim().to_lowercase() {
        return Err(AppError::invalid("link", T::ErrLinkForAnotherAddress));
    }
    if !verified {
        return Err(AppError::invalid("confirm-email", T::ErrConfirmEmailFirst));
    }
    Ok(email)
}
