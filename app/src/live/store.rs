//! Live session storage (server only): the session row and its event log.

use super::model::{Envelope, Event, Viewer};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::time::now;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub meeting_id: i64,
    pub code: String,
    pub status: String,
    pub summary: String,
}

pub async fn session(db: &Db, id: i64) -> AppResult<Option<SessionRow>> {
    Ok(sqlx::query_as("SELECT id, meeting_id, code, status, summary FROM live_sessions WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

pub async fn session_of_meeting(db: &Db, meeting_id: i64) -> AppResult<Option<SessionRow>> {
    Ok(sqlx::query_as("SELECT id, meeting_id, code, status, summary FROM live_sessions WHERE meeting_id = $1")
        .bind(meeting_id)
        .fetch_optional(&db.pool)
        .await?)
}

pub async fn session_by_code(db: &Db, code: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM live_sessions WHERE code = $1")
        .bind(code.trim().to_uppercase())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.0))
}

/// A short code people can type: six letters and digits without look-alikes (0/O, 1/I).
pub fn new_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..6).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

pub async fn create(db: &Db, meeting_id: i64, by: i64) -> AppResult<i64> {
    for _ in 0..5 {
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO live_sessions (meeting_id, code, status, started_by, started_at) VALUES ($1, $2, 'open', $3, $4) RETURNING id",
        )
        .bind(meeting_id)
        .bind(new_code())
        .bind(by)
        .bind(now())
        .fetch_one(&db.pool)
        .await;
        match inserted {
            Ok((id,)) => return Ok(id),
            // A code already in use (or the meeting's session started meanwhile): look again.
            Err(sqlx::Error::Database(_)) => {
                if let Some(existing) = session_of_meeting(db, meeting_id).await? {
                    return Ok(existing.id);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Unavailable)
}

/// Events after `after`, in order.
pub async fn events_after(db: &Db, session_id: i64, after: i64) -> AppResult<Vec<Envelope>> {
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT seq, at, actor, payload FROM live_events WHERE session_id = $1 AND seq > $2 ORDER BY seq LIMIT 10000",
    )
    .bind(session_id)
    .bind(after)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(seq, at, actor, payload)| {
            let event: Event = serde_json::from_str(&payload).map_err(|e| AppError::internal("stored live event", e))?;
            Ok(Envelope { seq, at, actor, event })
        })
        .collect()
}

/// Store the event with its sequence number. False when that number is taken (another
/// instance appended first): the caller catches up and decides again.
pub async fn insert(db: &Db, session_id: i64, env: &Envelope) -> AppResult<bool> {
    let payload = serde_json::to_string(&env.event).map_err(|e| AppError::internal("live event", e))?;
    let done = sqlx::query(
        "INSERT INTO live_events (session_id, seq, at, actor, payload) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(session_id)
    .bind(env.seq)
    .bind(env.at)
    .bind(env.actor)
    .bind(payload)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn close(db: &Db, session_id: i64, summary: &str) -> AppResult<()> {
    sqlx::query("UPDATE live_sessions SET status = 'closed', closed_at = $1, summary = $2 WHERE id = $3")
        .bind(now())
        .bind(summary)
        .bind(session_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn record_action(db: &Db, organisation_id: i64, meeting_id: i64, what: &str, who: &str, due: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO organisation_actions (organisation_id, meeting_id, what, who, due, status, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6)",
    )
    .bind(organisation_id)
    .bind(meeting_id)
    .bind(what)
    .bind(who)
    .bind(due)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The secret of an anonymous poll (created on first use when `create`), or None once it has
/// been forgotten (revealed or closed) or never made.
pub async fn poll_secret(db: &Db, session_id: i64, poll: usize, create: bool) -> AppResult<Option<String>> {
    if create {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        sqlx::query("INSERT INTO live_poll_secrets (session_id, poll, secret) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(session_id)
            .bind(poll as i64)
            .bind(hex::encode(bytes))
            .execute(&db.pool)
            .await?;
    }
    let row: Option<(String,)> = sqlx::query_as("SELECT secret FROM live_poll_secrets WHERE session_id = $1 AND poll = $2")
        .bind(session_id)
        .bind(poll as i64)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.0))
}

/// Forget one poll's secret (`Some(poll)`, once revealed) or all of a session's (when closed).
pub async fn forget_poll_secrets(db: &Db, session_id: i64, poll: Option<usize>) -> AppResult<()> {
    match poll {
        Some(poll) => sqlx::query("DELETE FROM live_poll_secrets WHERE session_id = $1 AND poll = $2")
            .bind(session_id)
            .bind(poll as i64)
            .execute(&db.pool)
            .await?,
        None => sqlx::query("DELETE FROM live_poll_secrets WHERE session_id = $1").bind(session_id).execute(&db.pool).await?,
    };
    Ok(())
}

/// HMAC-SHA-256 (RFC 2104), hex: the ballot key of `person` under a poll's secret.
pub fn ballot_key(secret: &str, person: i64) -> String {
    let mut block = [0u8; 64];
    let key = secret.as_bytes();
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    hex::encode(hmac_sha256(&block, person.to_string().as_bytes()))
}

/// HMAC-SHA-256 with a key already padded to the block size.
pub fn hmac_sha256(block: &[u8; 64], message: &[u8]) -> [u8; 32] {
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// Who is looking, with their own ballot keys in the session's anonymous polls still open.
pub async fn viewer(db: &Db, session_id: i64, user_id: i64, facilitator: bool) -> AppResult<Viewer> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT poll, secret FROM live_poll_secrets WHERE session_id = $1")
        .bind(session_id)
        .fetch_all(&db.pool)
        .await?;
    let keys: BTreeMap<usize, String> = rows.into_iter().map(|(poll, secret)| (poll as usize, ballot_key(&secret, user_id))).collect();
    Ok(Viewer { id: user_id, facilitator, keys })
}

/// Whether a sign-in session is still alive (not ended, not timed out) and is `user_id`'s.
pub async fn signed_in(db: &Db, session_id: i64, user_id: i64, idle_secs: i64, absolute_secs: i64) -> AppResult<bool> {
    let t = now();
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM sessions WHERE id = $1 AND user_id = $2 AND last_seen_at >= $3 AND created_at >= $4",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(t - idle_secs)
    .bind(t - absolute_secs)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}
