//! Live session storage (server only): the session row and its event log.

use super::model::{Envelope, Event};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::time::now;

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
