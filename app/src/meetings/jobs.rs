//! The jobs that send meeting reminders, on the durable job queue (`crate::jobs`).
//!
//! A reminder job does not talk to SMTP itself: it queues one message per person, each with
//! a key in the outbox (`reminder:<meeting>:<start>:<person>`), all in one transaction, and
//! the mail jobs deliver them. A reminder job run twice (its worker died) finds the keys
//! there and queues nothing more, so nobody gets a message twice.

use super::store;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, T};
use crate::jobs::Job;
use crate::state::AppState;
use crate::time::{now, when_in};

pub const REMINDER: &str = "reminder";
pub const CUSTOM: &str = "custom_reminder";
pub const CANCELLED: &str = "cancelled_notice";
/// The kinds of job this module runs.
pub const KINDS: &[&str] = &[REMINDER, CUSTOM, CANCELLED];
/// How long before a meeting its reminder goes out.
pub const REMINDER_BEFORE: i64 = 24 * 3600;

pub async fn enqueue(db: &crate::db::Db, kind: &str, meeting_id: i64, payload: &str, run_at: i64) -> AppResult<i64> {
    crate::jobs::enqueue(db, kind, Some(meeting_id), payload, run_at).await
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

pub async fn run(state: &AppState, job: &Job) -> AppResult<()> {
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
    let people = store::participants(&state.db, meeting.circle_id).await?;
    // Every person's message, or none: a job run again queues only what is not there yet.
    let mut tx = state.db.pool.begin().await?;
    for (user_id, email, locale, zone) in people {
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
        crate::mail::queue_in(
            &mut tx,
            &crate::mail::Letter {
                to_addr: &email,
                to_user: Some(user_id),
                subject: &locale.tf(subject, &args),
                body: &locale.tf(body, &args),
            },
            "",
            Some(&format!("{key_part}:{user_id}")),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
