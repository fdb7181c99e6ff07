//! The durable job queue, and the jobs that send meeting reminders.
//!
//! Jobs live in the `jobs` table, so they survive a restart. A worker takes one due job by
//! moving it to `running` with a lease (one UPDATE that only succeeds for one worker, on
//! SQLite and on PostgreSQL with several instances); a worker that dies leaves the lease to run
//! out and the job is taken again. Every message a job sends carries a key in the outbox
//! (`reminder:<meeting>:<start>:<person>`), so a job run twice never sends twice.

use super::store;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, T};
use crate::state::AppState;
use crate::time::{now, when_in};

pub const REMINDER: &str = "reminder";
pub const CUSTOM: &str = "custom_reminder";
pub const CANCELLED: &str = "cancelled_notice";
/// How long before a meeting its reminder goes out.
pub const REMINDER_BEFORE: i64 = 24 * 3600;
/// How long a worker may hold a job before another may take it.
const LEASE: i64 = 300;
const MAX_ATTEMPTS: i64 = 5;

pub async fn enqueue(db: &crate::db::Db, kind: &str, meeting_id: i64, payload: &str, run_at: i64) -> AppResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO jobs (kind, meeting_id, payload, run_at, status, created_at) VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id",
    )
    .bind(kind)
    .bind(meeting_id)
    .bind(payload)
    .bind(run_at)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// (Re)plan a meeting's reminder: pending ones are cancelled, and a new one is due 24 hours
/// before the start (at once when that is already past but the meeting is not).
pub async fn plan_reminder(db: &crate::db::Db, meeting_id: i64, starts_at: i64) -> AppResult<()> {
    cancel_pending(db, meeting_id, REMINDER).await?;
    let t = now();
    if starts_at > t {
        enqueue(db, REMINDER, meeting_id, "", (starts_at - REMINDER_BEFORE).max(t)).await?;
    }
    Ok(())
}

pub async fn cancel_pending(db: &crate::db::Db, meeting_id: i64, kind: &str) -> AppResult<()> {
    sqlx::query("UPDATE jobs SET status = 'cancelled', done_at = $1 WHERE meeting_id = $2 AND kind = $3 AND status = 'pending'")
        .bind(now())
        .bind(meeting_id)
        .bind(kind)
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
struct Job {
    id: i64,
    kind: String,
    meeting_id: Option<i64>,
    payload: String,
    attempts: i64,
}

/// Take one due job, if any.
async fn take(db: &crate::db::Db) -> AppResult<Option<Job>> {
    let t = now();
    Ok(sqlx::query_as(
        "UPDATE jobs SET status = 'running', locked_until = $1, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM jobs WHERE (status = 'pending' AND run_at <= $2) OR (status = 'running' AND locked_until < $2) ORDER BY run_at, id LIMIT 1) \
         AND ((status = 'pending' AND run_at <= $2) OR (status = 'running' AND locked_until < $2)) \
         RETURNING id, kind, meeting_id, payload, attempts",
    )
    .bind(t + LEASE)
    .bind(t)
    .fetch_optional(&db.pool)
    .await?)
}

/// Run every job that is due now; returns how many ran.
pub async fn run_due(state: &AppState) -> AppResult<usize> {
    let mut ran = 0;
    while let Some(job) = take(&state.db).await? {
        ran += 1;
        let outcome = run(state, &job).await;
        let t = now();
        match outcome {
            Ok(()) => {
                sqlx::query("UPDATE jobs SET status = 'done', done_at = $1, locked_until = NULL WHERE id = $2")
                    .bind(t)
                    .bind(job.id)
                    .execute(&state.db.pool)
                    .await?;
            }
            Err(e) => {
                // Try again later, backing off; give up after a few attempts.
                let (status, run_at) = if job.attempts >= MAX_ATTEMPTS { ("failed", t) } else { ("pending", t + 60 * job.attempts * job.attempts) };
                tracing::warn!(job = job.id, kind = job.kind, error = %e, "job failed");
                sqlx::query("UPDATE jobs SET status = $1, run_at = $2, locked_until = NULL, last_error = $3 WHERE id = $4")
                    .bind(status)
                    .bind(run_at)
                    .bind(e.to_string())
                    .bind(job.id)
                    .execute(&state.db.pool)
                    .await?;
            }
        }
    }
    Ok(ran)
}

async fn run(state: &AppState, job: &Job) -> AppResult<()> {
    let meeting_id = job.meeting_id.ok_or(AppError::NotFound)?;
    let Some(meeting) = store::row(&state.db, meeting_id).await? else {
        return Ok(()); // deleted with its circle: nothing to send
    };
    let (subject, body, key_part) = match job.kind.as_str() {
        REMINDER if meeting.status == "scheduled" => (T::MailReminderSubject, T::MailReminderBody, format!("reminder:{}:{}", meeting.id, meeting.starts_at)),
        REMINDER => return Ok(()),
        CUSTOM => (T::MailCustomReminderSubject, T::MailCustomReminderBody, format!("custom:{}", job.id)),
        CANCELLED => (T::MailMeetingCancelledSubject, T::MailMeetingCancelledBody, format!("cancelled:{}:{}", meeting.id, meeting.sequence)),
        _ => return Err(AppError::BadRequest),
    };
    let url = format!("{}/meetings/{}", state.settings.public_url.trim_end_matches('/'), meeting.id);
    for (user_id, email, locale, zone) in store::participants(&state.db, meeting.circle_id).await? {
        let locale = Locale::parse(&locale).unwrap_or_default();
        let starts = when_in(meeting.starts_at, &zone, locale).local;
        let args = [
            ("meeting", meeting.title.as_str()),
            ("circle", meeting.circle_name.as_str()),
            ("when", starts.as_str()),
            ("where", meeting.location.as_str()),
            ("message", job.payload.as_str()),
            ("link", url.as_str()),
        ];
        state
            .mailer
            .send_once(
                &state.db,
                &format!("{key_part}:{user_id}"),
                &email,
                Some(user_id),
                &locale.tf(subject, &args),
                &locale.tf(body, &args),
            )
            .await?;
    }
    Ok(())
}

/// The worker: look for due jobs every `every` seconds, for as long as the server runs.
pub fn spawn_worker(state: AppState, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = run_due(&state).await {
                tracing::warn!(error = %e, "job worker");
            }
        }
    });
}
