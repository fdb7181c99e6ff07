//! Reminders of activities, on the durable job queue (`crate::jobs`).
//!
//! An activity with an owner (one of the co-op's people) and a due date has two jobs: one two
//! days before the date and one the day after, both at 08:00 UK time. Saving the activity
//! cancels them and plans them again (a new date moves them; done or dropped cancels them).
//! Each job carries the due date it was planned for, so a job the worker had already taken
//! before a change still finds nothing to say. What the owner receives depends on their
//! choice on /account: each reminder as a mail (`immediate`), one **weekly digest** of what
//! is due and late (`digest`: one job per person, Monday 08:00), or nothing. Every mail has a
//! key in the outbox (`activity:<kind>:<id>:<date>:<person>`, `digest:<person>:<monday>`): a
//! job run twice finds its key there and sends nothing more.

use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, T};
use crate::jobs::Job;
use crate::state::AppState;
use crate::time::now;
use chrono::{Datelike, NaiveDate, TimeZone};

pub const DUE_SOON: &str = "activity_due";
pub const OVERDUE: &str = "activity_overdue";
pub const DIGEST: &str = "activity_digest";
pub const KINDS: &[&str] = &[DUE_SOON, OVERDUE, DIGEST];
/// How many days before the due date the first reminder goes.
pub const DAYS_BEFORE: i64 = 2;

/// 08:00 UK time on `day`, as UTC seconds.
pub fn morning(day: NaiveDate) -> i64 {
    let tz: chrono_tz::Tz = crate::time::DEFAULT_ZONE.parse().unwrap_or(chrono_tz::Europe::London);
    let at = day.and_hms_opt(8, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&at).earliest().map(|t| t.timestamp()).unwrap_or_else(|| at.and_utc().timestamp())
}

fn date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

async fn cancel(db: &Db, kinds: &[&str], payload_prefix: &str) -> AppResult<()> {
    for kind in kinds {
        sqlx::query("UPDATE jobs SET status = 'cancelled', done_at = $1 WHERE kind = $2 AND status = 'pending' AND (payload = $3 OR payload LIKE $4)")
            .bind(now())
            .bind(*kind)
            .bind(payload_prefix)
            .bind(format!("{payload_prefix}:%"))
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

/// (Re)plan an activity's reminders after it was saved.
pub async fn plan(db: &Db, activity_id: i64) -> AppResult<()> {
    cancel(db, &[DUE_SOON, OVERDUE], &activity_id.to_string()).await?;
    let Some(a) = super::store::activity_facts(db, activity_id).await? else { return Ok(()) };
    let open = a.status == "planned" || a.status == "in_progress";
    let (Some(due), Some(_), true) = (date(&a.due_on), a.owner_user_id, open) else { return Ok(()) };
    let t = now();
    let payload = format!("{activity_id}:{}", a.due_on);
    let soon = morning(due - chrono::Days::new(DAYS_BEFORE as u64));
    let late = morning(due + chrono::Days::new(1));
    if late > t {
        // A reminder whose morning has passed goes at once, unless the date is already past.
        crate::jobs::enqueue(db, DUE_SOON, None, &payload, soon.max(t)).await?;
    }
    crate::jobs::enqueue(db, OVERDUE, None, &payload, late.max(t)).await?;
    Ok(())
}

pub async fn mode(db: &Db, user_id: i64) -> AppResult<String> {
    let row: Option<(String,)> = sqlx::query_as("SELECT reminders FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(m,)| m).unwrap_or_else(|| "immediate".into()))
}

/// The Monday on or after `day`.
fn next_monday(day: NaiveDate) -> NaiveDate {
    let ahead = (7 - day.weekday().num_days_from_monday()) % 7;
    day + chrono::Days::new(ahead as u64)
}

fn today() -> NaiveDate {
    date(&super::store::today()).unwrap_or_default()
}

/// Choose how reminders arrive. Choosing the digest plans the person's one digest job (any
/// older one is cancelled first, so there is never more than one).
pub async fn set_mode(db: &Db, user_id: i64, mode: &str) -> AppResult<()> {
    sqlx::query("UPDATE users SET reminders = $1 WHERE id = $2").bind(mode).bind(user_id).execute(&db.pool).await?;
    cancel(db, &[DIGEST], &user_id.to_string()).await?;
    if mode == "digest" {
        plan_digest(db, user_id, next_monday(today() + chrono::Days::new(1))).await?;
    }
    Ok(())
}

async fn plan_digest(db: &Db, user_id: i64, monday: NaiveDate) -> AppResult<()> {
    let payload = format!("{user_id}:{}", monday.format("%Y-%m-%d"));
    crate::jobs::enqueue(db, DIGEST, None, &payload, morning(monday)).await?;
    Ok(())
}

/// An owner's open activities due by `until` (overdue ones included): (id, what, due, co-op id, co-op name).
async fn due_for(db: &Db, user_id: i64, until: &str) -> AppResult<Vec<(i64, String, String, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.what, a.due_on, o.id, o.name FROM programme_activities a JOIN organisations o ON o.id = a.organisation_id \
         WHERE a.owner_user_id = $1 AND a.status IN ('planned', 'in_progress') AND a.due_on <> '' AND a.due_on <= $2 ORDER BY a.due_on, a.id",
    )
    .bind(user_id)
    .bind(until)
    .fetch_all(&db.pool)
    .await?)
}

async fn person(db: &Db, user_id: i64) -> AppResult<Option<(String, Locale, String)>> {
    let row: Option<(String, String, String)> = sqlx::query_as("SELECT email, locale, reminders FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(email, locale, mode)| (email, Locale::parse(&locale).unwrap_or_default(), mode)))
}

async fn send(state: &AppState, user_id: i64, email: &str, subject: &str, body: &str, key: &str) -> AppResult<()> {
    let mut tx = state.db.pool.begin().await?;
    crate::mail::queue_in(&mut tx, &crate::mail::Letter { to_addr: email, to_user: Some(user_id), subject, body }, "", Some(key)).await?;
    tx.commit().await?;
    state.wake_worker();
    Ok(())
}

pub async fn run(state: &AppState, job: &Job) -> AppResult<()> {
    let (id, day) = job.payload.split_once(':').ok_or(AppError::BadRequest)?;
    let id: i64 = id.parse().map_err(|_| AppError::BadRequest)?;
    let base = state.settings.public_url.trim_end_matches('/');
    if job.kind == DIGEST {
        let monday = date(day).ok_or(AppError::BadRequest)?;
        let Some((email, locale, mode)) = person(&state.db, id).await? else { return Ok(()) };
        if mode != "digest" {
            return Ok(());
        }
        let until = (monday + chrono::Days::new(6)).format("%Y-%m-%d").to_string();
        let items = due_for(&state.db, id, &until).await?;
        if !items.is_empty() {
            let today = monday.format("%Y-%m-%d").to_string();
            let lines: Vec<String> = items
                .iter()
                .map(|(aid, what, due, org, name)| {
                    let late = if due.as_str() < today.as_str() { locale.t(T::DigestLate) } else { "" };
                    format!("- {what} ({name}) — {due}{late}\n  {base}/coops/{org}/programme#activity-{aid}")
                })
                .collect();
            let args = [("count", items.len().to_string()), ("list", lines.join("\n"))];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let key = format!("digest:{id}:{day}");
            send(state, id, &email, &locale.tf(T::MailDigestSubject, &args), &locale.tf(T::MailDigestBody, &args), &key).await?;
        }
        // Next week's digest: the one job of this person.
        cancel(&state.db, &[DIGEST], &id.to_string()).await?;
        plan_digest(&state.db, id, monday + chrono::Days::new(7)).await?;
        return Ok(());
    }
    let Some(a) = super::store::activity_facts(&state.db, id).await? else { return Ok(()) };
    let open = a.status == "planned" || a.status == "in_progress";
    // Changed since it was planned (a new date, done, dropped, another owner planned anew).
    let (true, true, Some(owner)) = (open, a.due_on == day, a.owner_user_id) else { return Ok(()) };
    let Some((email, locale, mode)) = person(&state.db, owner).await? else { return Ok(()) };
    if mode != "immediate" {
        return Ok(());
    }
    let (subject, body) = if job.kind == DUE_SOON {
        (T::MailActivityDueSubject, T::MailActivityDueBody)
    } else {
        (T::MailActivityOverdueSubject, T::MailActivityOverdueBody)
    };
    let link = format!("{base}/coops/{}/programme#activity-{id}", a.organisation_id);
    let args = [("activity", a.what.as_str()), ("due", a.due_on.as_str()), ("link", link.as_str())];
    let key = format!("activity:{}:{id}:{day}:{owner}", job.kind);
    send(state, owner, &email, &locale.tf(subject, &args), &locale.tf(body, &args), &key).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_go_at_eight_uk_time_and_digests_on_mondays() {
        let winter = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        let summer = NaiveDate::from_ymd_opt(2027, 7, 15).unwrap();
        assert_eq!(chrono::Utc.timestamp_opt(morning(winter), 0).unwrap().format("%H:%M").to_string(), "08:00");
        assert_eq!(chrono::Utc.timestamp_opt(morning(summer), 0).unwrap().format("%H:%M").to_string(), "07:00");
        // 15 Jan 2027 is a Friday.
        assert_eq!(next_monday(winter), NaiveDate::from_ymd_opt(2027, 1, 18).unwrap());
        assert_eq!(next_monday(NaiveDate::from_ymd_opt(2027, 1, 18).unwrap()), NaiveDate::from_ymd_opt(2027, 1, 18).unwrap());
    }
}
