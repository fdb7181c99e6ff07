//! Meeting storage (server only).

use super::model::{AgendaItem, Meeting, MeetingInput, MeetingSummary, RsvpCounts};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::time::{now, when};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub circle_id: i64,
    pub uid: String,
    pub title: String,
    pub starts_at: i64,
    pub duration_minutes: i64,
    pub time_zone: String,
    pub delivery_mode: String,
    pub location: String,
    pub status: String,
    pub sequence: i64,
    pub updated_at: i64,
    pub circle_name: String,
}

const ROW: &str = "SELECT m.id, m.circle_id, m.uid, m.title, m.starts_at, m.duration_minutes, m.time_zone, m.delivery_mode, \
    m.location, m.status, m.sequence, m.updated_at, c.name AS circle_name FROM meetings m JOIN circles c ON c.id = m.circle_id";

pub async fn row(db: &Db, id: i64) -> AppResult<Option<MeetingRow>> {
    Ok(sqlx::query_as(&format!("{ROW} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

/// The local date and time in `zone` as UTC seconds. A time that does not exist (the hour
/// skipped when clocks go forward) is refused; an hour that happens twice takes the first.
pub fn local_to_utc(date: &str, time: &str, zone: &str) -> Option<i64> {
    use chrono::TimeZone;
    let tz: chrono_tz::Tz = zone.parse().ok()?;
    let naive = chrono::NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").ok()?;
    tz.from_local_datetime(&naive).earliest().map(|t| t.timestamp())
}

fn local_parts(t: i64, zone: &str) -> (String, String) {
    use chrono::TimeZone;
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Europe::London);
    let local = chrono::Utc.timestamp_opt(t, 0).single().unwrap_or_default().with_timezone(&tz);
    (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
}

pub async fn create(db: &Db, circle_id: i64, input: &MeetingInput, starts_at: i64, by: i64) -> AppResult<i64> {
    let t = now();
    let (_, random) = crate::accounts::session::new_token();
    let uid = format!("meeting-{}@coop-circles", &random[..24]);
    let mut tx = db.pool.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO meetings (circle_id, uid, title, starts_at, duration_minutes, time_zone, delivery_mode, location, status, sequence, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'Europe/London', $6, $7, 'scheduled', 0, $8, $9, $9) RETURNING id",
    )
    .bind(circle_id)
    .bind(uid)
    .bind(&input.title)
    .bind(starts_at)
    .bind(input.duration_minutes)
    .bind(&input.delivery_mode)
    .bind(&input.location)
    .bind(by)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    write_agenda(&mut tx, id, &input.agenda).await?;
    tx.commit().await?;
    Ok(id)
}

async fn write_agenda(tx: &mut sqlx::Transaction<'_, sqlx::Any>, id: i64, agenda: &[AgendaItem]) -> AppResult<()> {
    sqlx::query("DELETE FROM agenda_items WHERE meeting_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (position, item) in agenda.iter().enumerate() {
        sqlx::query("INSERT INTO agenda_items (meeting_id, position, title, minutes) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(position as i64)
            .bind(&item.title)
            .bind(item.minutes)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Change a meeting; its SEQUENCE goes up so calendars take the new version.
pub async fn update(db: &Db, id: i64, input: &MeetingInput, starts_at: i64) -> AppResult<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE meetings SET title = $1, starts_at = $2, duration_minutes = $3, delivery_mode = $4, location = $5, \
         sequence = sequence + 1, updated_at = $6 WHERE id = $7",
    )
    .bind(&input.title)
    .bind(starts_at)
    .bind(input.duration_minutes)
    .bind(&input.delivery_mode)
    .bind(&input.location)
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    write_agenda(&mut tx, id, &input.agenda).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn cancel(db: &Db, id: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = $1 WHERE id = $2 AND status = 'scheduled'",
    )
    .bind(now())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn agenda(db: &Db, id: i64) -> AppResult<Vec<AgendaItem>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT title, minutes FROM agenda_items WHERE meeting_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(|(title, minutes)| AgendaItem { title, minutes }).collect())
}

pub async fn set_rsvp(db: &Db, meeting_id: i64, user_id: i64, answer: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO rsvps (meeting_id, user_id, answer, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (meeting_id, user_id) DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at",
    )
    .bind(meeting_id)
    .bind(user_id)
    .bind(answer)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The people who take part in a circle's meetings: its facilitators and the people of its
/// member co-ops. (id, email, locale, time zone)
pub async fn participants(db: &Db, circle_id: i64) -> AppResult<Vec<(i64, String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.email, u.locale, u.time_zone FROM users u WHERE u.id IN (SELECT user_id FROM circle_facilitators WHERE circle_id = $1) \
         OR u.id IN (SELECT op.user_id FROM organisation_people op JOIN circle_organisations co ON co.organisation_id = op.organisation_id WHERE co.circle_id = $1) \
         ORDER BY u.id",
    )
    .bind(circle_id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn view(db: &Db, row: &MeetingRow, viewer: i64, zone: &str, can_manage: bool, can_rsvp: bool) -> AppResult<Meeting> {
    // The counts and the viewer's own answer in one query: a row per answer given, with how
    // many gave it and whether the viewer is one of them.
    let counts: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT answer, COUNT(*), SUM(CASE WHEN user_id = $2 THEN 1 ELSE 0 END) FROM rsvps WHERE meeting_id = $1 GROUP BY answer",
    )
    .bind(row.id)
    .bind(viewer)
    .fetch_all(&db.pool)
    .await?;
    let mut rsvps = RsvpCounts::default();
    let mut mine = None;
    for (answer, n, viewers) in counts {
        match answer.as_str() {
            "yes" => rsvps.yes = n,
            "maybe" => rsvps.maybe = n,
            _ => rsvps.no = n,
        }
        if viewers > 0 {
            mine = Some(answer);
        }
    }
    let (start_date, start_time) = local_parts(row.starts_at, &row.time_zone);
    let session = crate::live::store::session_of_meeting(db, row.id).await?;
    let summary = session
        .as_ref()
        .filter(|s| !s.summary.is_empty())
        .and_then(|s| serde_json::from_str(&s.summary).ok());
    Ok(Meeting {
        id: row.id,
        circle_id: row.circle_id,
        circle_name: row.circle_name.clone(),
        title: row.title.clone(),
        starts: when(row.starts_at, zone),
        ends: when(row.starts_at + row.duration_minutes * 60, zone),
        start_date,
        start_time,
        duration_minutes: row.duration_minutes,
        delivery_mode: row.delivery_mode.clone(),
        location: row.location.clone(),
        status: row.status.clone(),
        sequence: row.sequence,
        agenda: agenda(db, row.id).await?,
        rsvps,
        my_rsvp: mine,
        can_rsvp,
        can_manage,
        live: session.map(|s| (s.id, s.status)),
        summary,
    })
}

fn summary(row: MeetingRow, zone: &str) -> MeetingSummary {
    MeetingSummary {
        id: row.id,
        circle_id: row.circle_id,
        circle_name: row.circle_name,
        title: row.title,
        starts: when(row.starts_at, zone),
        delivery_mode: row.delivery_mode,
        status: row.status,
    }
}

/// How many past meetings a circle's page lists (its record of sessions held).
pub const PAST_SHOWN: i64 = 10;

/// A circle's meetings: those from a day ago on, soonest first, then the [`PAST_SHOWN`] before,
/// latest first (their pages keep each session's summary). One query for both.
pub async fn of_circle(db: &Db, circle_id: i64, zone: &str) -> AppResult<(Vec<MeetingSummary>, Vec<MeetingSummary>)> {
    let since = now() - 86400;
    let rows: Vec<MeetingRow> = sqlx::query_as(&format!(
        "SELECT * FROM ({ROW} WHERE m.circle_id = $1 AND m.starts_at > $2 ORDER BY m.starts_at LIMIT 50) AS coming \
         UNION ALL SELECT * FROM ({ROW} WHERE m.circle_id = $1 AND m.starts_at <= $2 ORDER BY m.starts_at DESC LIMIT {PAST_SHOWN}) AS held"
    ))
    .bind(circle_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let (mut coming, mut held): (Vec<MeetingRow>, Vec<MeetingRow>) = rows.into_iter().partition(|r| r.starts_at > since);
    // A compound query's parts keep no order of their own.
    coming.sort_by_key(|r| r.starts_at);
    held.sort_by_key(|r| std::cmp::Reverse(r.starts_at));
    Ok((coming.into_iter().map(|r| summary(r, zone)).collect(), held.into_iter().map(|r| summary(r, zone)).collect()))
}

/// Upcoming meetings of the circles a co-op is in.
pub async fn of_organisation(db: &Db, organisation_id: i64, zone: &str) -> AppResult<Vec<MeetingSummary>> {
    let rows: Vec<MeetingRow> = sqlx::query_as(&format!(
        "{ROW} WHERE m.circle_id IN (SELECT circle_id FROM circle_organisations WHERE organisation_id = $1) \
         AND m.starts_at > $2 AND m.status = 'scheduled' ORDER BY m.starts_at LIMIT 20"
    ))
    .bind(organisation_id)
    .bind(now() - 3600)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| summary(r, zone)).collect())
}

/// Every meeting of a person's circles (facilitated, or through their co-ops), for the feed:
/// from 30 days ago, cancelled ones included so calendars remove them.
pub async fn of_person(db: &Db, user_id: i64) -> AppResult<Vec<MeetingRow>> {
    Ok(sqlx::query_as(&format!(
        "{ROW} WHERE (m.circle_id IN (SELECT circle_id FROM circle_facilitators WHERE user_id = $1) \
         OR m.circle_id IN (SELECT co.circle_id FROM circle_organisations co JOIN organisation_people op ON op.organisation_id = co.organisation_id WHERE op.user_id = $1)) \
         AND m.starts_at > $2 ORDER BY m.starts_at LIMIT 500"
    ))
    .bind(user_id)
    .bind(now() - 30 * 86400)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn set_feed(db: &Db, user_id: i64, hash: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(user_id)
    .bind(hash)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn feed_owner(db: &Db, hash: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM calendar_feeds WHERE token_hash = $1")
        .bind(hash)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn has_feed(db: &Db, user_id: i64) -> AppResult<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

pub async fn delete_feed(db: &Db, user_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(&db.pool)
        .await
        .map_err(AppError::from)?;
    Ok(())
}

/// One meeting as a calendar event, linking back to its page on this site.
pub fn event<'a>(row: &'a MeetingRow, description: &'a str, public_url: &str) -> super::ical::Event<'a> {
    super::ical::Event {
        uid: &row.uid,
        sequence: row.sequence,
        starts_at: row.starts_at,
        duration_minutes: row.duration_minutes,
        time_zone: &row.time_zone,
        title: &row.title,
        description,
        location: &row.location,
        url: format!("{}/meetings/{}", public_url.trim_end_matches('/'), row.id),
        cancelled: row.status == "cancelled",
        updated_at: row.updated_at,
    }
}

/// The agenda as a calendar description.
pub async fn description(db: &Db, row: &MeetingRow) -> AppResult<String> {
    Ok(agenda(db, row.id)
        .await?
        .iter()
        .map(|i| format!("{} ({} min)", i.title, i.minutes))
        .collect::<Vec<_>>()
        .join("\n"))
}
