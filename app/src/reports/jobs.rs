//! Follow-ups of accepted reports, on the durable job queue (`crate::jobs`), and the mails
//! about a report's fate.
//!
//! Accepting a report with a follow-up date queues one job for 08:00 UK time that day, in the
//! same transaction as the decision (`store::change_status`). It
//! raises the follow-up: a new draft on the follow-up template, linked to the report, and a
//! mail to the co-op's representatives and the advisor. A job run twice finds the follow-up
//! there (and the mails' keys in the outbox) and raises nothing more.

use super::store::{self, ReportRow};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, T};
use crate::jobs::Job;
use crate::state::AppState;

pub const FOLLOW_UP: &str = "report_follow_up";
pub const KINDS: &[&str] = &[FOLLOW_UP];

/// Tell the co-op's representatives what became of its report (in their language).
pub async fn tell_coop(state: &AppState, row: &ReportRow, subject: T, body: T, reason: &str, _what: &str) -> AppResult<()> {
    let link = format!("/reports/{}", row.id);
    for (user_id, _, _) in store::representatives(&state.db, row.organisation_id).await? {
        crate::mail::notify(state, user_id, subject, body, &[("report", &row.title), ("reason", reason)], &link).await?;
    }
    Ok(())
}

pub async fn run(state: &AppState, job: &Job) -> AppResult<()> {
    let (id, date) = job.payload.split_once(':').ok_or(AppError::BadRequest)?;
    let id: i64 = id.parse().map_err(|_| AppError::BadRequest)?;
    let Some(row) = store::row(&state.db, id).await? else { return Ok(()) };
    // Changed since (no longer accepted, another date): nothing to raise.
    if row.status != super::model::ACCEPTED || row.follow_up_on != date {
        return Ok(());
    }
    let follow_up = match store::follow_up_of(&state.db, id).await? {
        Some(existing) => existing,
        None => {
            let template = store::latest(&state.db, super::template::FOLLOW_UP).await?.ok_or(AppError::NotFound)?;
            let people = store::representatives(&state.db, row.organisation_id).await?;
            let locale = people.first().and_then(|(_, _, l)| Locale::parse(l)).unwrap_or_default();
            let title = locale.tf(T::FollowUpTitle, &[("report", &row.title)]);
            store::create(&state.db, row.organisation_id, row.goal_id, template.id, &title, None, Some(id)).await?
        }
    };
    // The co-op's representatives and the advisor who accepted it.
    let advisor: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.email, u.locale FROM reports r JOIN users u ON u.id = r.advisor_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?;
    let mut people = store::representatives(&state.db, row.organisation_id).await?;
    people.extend(advisor);
    let base = state.settings.public_url.trim_end_matches('/');
    let link = format!("{base}/reports/{follow_up}");
    let mut tx = state.db.pool.begin().await?;
    for (user_id, email, locale) in people {
        let locale = Locale::parse(&locale).unwrap_or_default();
        let args = [("report", row.title.as_str()), ("link", link.as_str())];
        crate::mail::queue_in(
            &mut tx,
            &crate::mail::Letter {
                to_addr: &email,
                to_user: Some(user_id),
                subject: &locale.tf(T::MailFollowUpSubject, &args),
                body: &locale.tf(T::MailFollowUpBody, &args),
            },
            "",
            Some(&format!("follow_up:{id}:{user_id}")),
        )
        .await?;
    }
    tx.commit().await?;
    state.wake_worker();
    Ok(())
}
