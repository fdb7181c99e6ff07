//! Onboarding storage (server only). Applications keep what was typed as JSON in `fields`; the
//! few columns the advisor's queue filters on (name, sector, region, themes) are copied beside
//! it at each save so the queue is one indexed query on either database.

use super::application::{Fields, Status, StatusChange, needs_of};
use super::questionnaire::Questionnaire;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::time::{now, when};

/// Store version 1 of the questionnaire when none is stored yet.
pub async fn ensure_questionnaire(db: &Db) -> AppResult<()> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM questionnaires")
        .fetch_one(&db.pool)
        .await?;
    if n == 0 {
        // Two instances starting at once on an empty database: one stores it, the other finds
        // it there (the version is the key).
        let mut q = Questionnaire::first();
        q.version = 1;
        let content = serde_json::to_string(&q).map_err(|e| AppError::internal("questionnaire", e))?;
        sqlx::query("INSERT INTO questionnaires (version, content, created_at) VALUES (1, $1, $2) ON CONFLICT (version) DO NOTHING")
            .bind(content)
            .bind(now())
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

/// Store `q` as the next version; returns its number.
pub async fn publish_questionnaire(
    db: &Db,
    q: &Questionnaire,
    by: Option<i64>,
) -> AppResult<i64> {
    let (latest,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM questionnaires")
        .fetch_one(&db.pool)
        .await?;
    let version = latest.unwrap_or(0) + 1;
    let mut q = q.clone();
    q.version = version;
    let content = serde_json::to_string(&q).map_err(|e| AppError::internal("questionnaire", e))?;
    sqlx::query(
        "INSERT INTO questionnaires (version, content, created_at, created_by) VALUES ($1, $2, $3, $4)",
    )
    .bind(version)
    .bind(content)
    .bind(now())
    .bind(by)
    .execute(&db.pool)
    .await?;
    Ok(version)
}

pub async fn questionnaire(db: &Db, version: Option<i64>) -> AppResult<Questionnaire> {
    // The latest is asked for by number (one indexed look-up, never the content): another
    // instance may have published a newer one a moment ago.
    let version = match version {
        Some(v) => v,
        None => {
            let (latest,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM questionnaires").fetch_one(&db.pool).await?;
            latest.ok_or(AppError::NotFound)?
        }
    };
    if let Some(q) = db.questionnaires.get(version) {
        return Ok(q);
    }
    let (content,): (String,) = sqlx::query_as("SELECT content FROM questionnaires WHERE version = $1")
        .bind(version)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let q: Questionnaire = serde_json::from_str(&content).map_err(|e| AppError::internal("stored questionnaire", e))?;
    db.questionnaires.keep(version, q.clone());
    Ok(q)
}

/// The questionnaire's versions as read from this database. A stored version is never changed
/// (a change is published as the next version), so what was read once stays true: the co-op
/// page and the application form show it on every request, and need not fetch and parse it.
#[derive(Default)]
pub struct Versions(std::sync::RwLock<std::collections::HashMap<i64, Questionnaire>>);

impl Versions {
    fn get(&self, version: i64) -> Option<Questionnaire> {
        self.0.read().ok()?.get(&version).cloned()
    }

    fn keep(&self, version: i64, q: Questionnaire) {
        if let Ok(mut versions) = self.0.write() {
            versions.insert(version, q);
        }
    }
}

/// An application's stored row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: i64,
    pub applicant_id: Option<i64>,
    pub started_by: Option<i64>,
    pub channel: String,
    pub status: String,
    pub questionnaire_version: i64,
    pub fields: String,
    pub org_name: String,
    pub advisor_id: Option<i64>,
    pub needs_summary: String,
    pub organisation_id: Option<i64>,
    pub claim_email: String,
    pub updated_at: i64,
    /// Raised by one on every saved draft.
    pub revision: i64,
}

impl ApplicationRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Draft)
    }

    pub fn fields(&self) -> Fields {
        serde_json::from_str(&self.fields).unwrap_or_default()
    }
}

const ROW_COLUMNS: &str = "id, applicant_id, started_by, channel, status, questionnaire_version, fields, org_name, advisor_id, needs_summary, organisation_id, claim_email, updated_at, revision";

pub async fn application(db: &Db, id: i64) -> AppResult<Option<ApplicationRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {ROW_COLUMNS} FROM applications WHERE id = $1"))
            .bind(id)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// The applicant's newest application that is still a draft, if any.
pub async fn open_draft_of(db: &Db, user_id: i64) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM applications WHERE applicant_id = $1 AND status = 'draft' ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| r.0))
}

pub async fn create_application(
    db: &Db,
    applicant: Option<i64>,
    started_by: i64,
    channel: &str,
    version: i64,
    fields: &Fields,
    claim_email: &str,
) -> AppResult<i64> {
    let t = now();
    let json = serde_json::to_string(fields).map_err(|e| AppError::internal("fields", e))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO applications (applicant_id, started_by, channel, status, questionnaire_version, fields, org_name, claim_email, created_at, updated_at) \
         VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(applicant)
    .bind(started_by)
    .bind(channel)
    .bind(version)
    .bind(json)
    .bind(fields.get("org_name").cloned().unwrap_or_default())
    .bind(claim_email)
    .bind(t)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Save what was typed, only while the application is still editable (checked in the same
/// statement, so a submit on another device cannot be overwritten by a late autosave).
/// What became of a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// Stored, as this revision.
    As(i64),
    /// The draft moved on since `based_on`: nothing stored.
    Stale,
    /// No longer a draft (sent meanwhile): nothing stored.
    NotEditable,
}

/// Store a draft's fields when it is still a draft and, with `based_on`, still at that
/// revision or last written by the same page (`writer`) — one conditional UPDATE, so a page
/// cannot overwrite what another page saved after it loaded.
pub async fn save_fields(
    db: &Db,
    id: i64,
    q: &Questionnaire,
    fields: &Fields,
    based_on: Option<i64>,
    writer: &str,
) -> AppResult<Saved> {
    let json = serde_json::to_string(fields).map_err(|e| AppError::internal("fields", e))?;
    let themes: Vec<String> = needs_of(q, fields).into_iter().map(|n| n.theme).collect();
    let saved: Option<(i64,)> = sqlx::query_as(
        "UPDATE applications SET fields = $1, org_name = $2, sector = $3, region = $4, themes = $5, updated_at = $6, \
         revision = revision + 1, last_writer = $9 WHERE id = $7 AND status IN ('draft', 'more_info') \
         AND ($8 < 0 OR revision = $8 OR ($9 <> '' AND last_writer = $9)) RETURNING revision",
    )
    .bind(json)
    .bind(fields.get("org_name").cloned().unwrap_or_default())
    .bind(fields.get("sector").cloned().unwrap_or_default())
    .bind(fields.get("region").cloned().unwrap_or_default())
    .bind(format!(",{},", themes.join(",")))
    .bind(now())
    .bind(id)
    .bind(based_on.unwrap_or(-1))
    .bind(writer)
    .fetch_optional(&db.pool)
    .await?;
    if let Some((revision,)) = saved {
        return Ok(Saved::As(revision));
    }
    let editable = application(db, id).await?.is_some_and(|row| row.status().editable());
    Ok(if editable && based_on.is_some() { Saved::Stale } else { Saved::NotEditable })
}

/// Move an application from one of `from` to `to`, recording who and why. Returns false (and
/// changes nothing) when it was not in one of `from`, e.g. two advisors deciding at once.
pub async fn change_status(
    db: &Db,
    id: i64,
    from: &[Status],
    to: Status,
    by: i64,
    message: &str,
) -> AppResult<bool> {
    let Some(row) = application(db, id).await? else {
        return Ok(false);
    };
    let current = row.status();
    if !from.contains(&current) {
        return Ok(false);
    }
    let t = now();
    let mut tx = db.pool.begin().await?;
    let submitted = if to == Status::Submitted { Some(t) } else { None };
    let done = sqlx::query(
        "UPDATE applications SET status = $1, updated_at = $2, submitted_at = COALESCE($3, submitted_at) WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(t)
    .bind(submitted)
    .bind(id)
    .bind(current.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO application_events (application_id, at, by_user, from_status, to_status, message) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(t)
    .bind(by)
    .bind(current.as_str())
    .bind(to.as_str())
    .bind(message)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn history(db: &Db, id: i64, zone: &str) -> AppResult<Vec<StatusChange>> {
    let rows: Vec<(i64, Option<String>, String, String, String)> = sqlx::query_as(
        "SELECT e.at, u.name, e.from_status, e.to_status, e.message FROM application_events e \
         LEFT JOIN users u ON u.id = e.by_user WHERE e.application_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, by, from, to, message)| StatusChange {
            at: when(at, zone),
            by: by.unwrap_or_default(),
            from: Status::parse(&from).unwrap_or(Status::Draft),
            to: Status::parse(&to).unwrap_or(Status::Draft),
            message,
        })
        .collect())
}

/// Applications as lists show them, with the last message to the applicant (one query).
async fn summaries(
    db: &Db,
    condition: &str,
    user_id: i64,
    zone: &str,
) -> AppResult<Vec<super::application::ApplicationSummary>> {
    let rows: Vec<(i64, String, String, i64, Option<i64>, String)> = sqlx::query_as(&format!(
        "SELECT a.id, a.org_name, a.status, a.updated_at, a.organisation_id, \
         COALESCE((SELECT e.message FROM application_events e WHERE e.application_id = a.id AND e.message <> '' ORDER BY e.id DESC LIMIT 1), '') \
         FROM applications a WHERE {condition} ORDER BY a.id DESC LIMIT 100"
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, org_name, status, updated, organisation_id, last_message)| super::application::ApplicationSummary {
            id,
            org_name,
            status: Status::parse(&status).unwrap_or(Status::Draft),
            updated: when(updated, zone),
            last_message,
            organisation_id,
        })
        .collect())
}

/// The applicant's applications, newest first.
pub async fn applications_of(db: &Db, user_id: i64, zone: &str) -> AppResult<Vec<super::application::ApplicationSummary>> {
    summaries(db, "a.applicant_id = $1", user_id, zone).await
}

/// The application waits to be claimed until `expires_at`, by a link made when its mail is
/// delivered (`mail::AccessLink::Claim`).
pub async fn await_claim(db: &Db, id: i64, expires_at: i64) -> AppResult<()> {
    sqlx::query("UPDATE applications SET claim_token_hash = $1, claim_expires_at = $2 WHERE id = $3")
        .bind(crate::mail::unsent_link_hash())
        .bind(expires_at)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The co-op and advisor behind a claim link still usable.
pub async fn claim_info(db: &Db, hash: &str) -> AppResult<Option<super::review::LinkInfo>> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT a.org_name, u.name FROM applications a LEFT JOIN users u ON u.id = a.started_by \
         WHERE a.claim_token_hash = $1 AND a.claim_expires_at > $2 AND a.applicant_id IS NULL",
    )
    .bind(hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(organisation, from)| super::review::LinkInfo {
        organisation,
        from: from.unwrap_or_default(),
    }))
}

/// The address a usable claim link was sent to.
pub async fn claim_email(db: &Db, hash: &str) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT claim_email FROM applications WHERE claim_token_hash = $1 AND claim_expires_at > $2 AND applicant_id IS NULL",
    )
    .bind(hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Use a claim link once, by the account whose confirmed address is `email` (the one it was
/// sent to, compared without case): the application becomes `user_id`'s. Returns its id.
pub async fn take_claim(db: &Db, hash: &str, user_id: i64, email: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE applications SET applicant_id = $1, claim_token_hash = NULL, updated_at = $2 \
         WHERE claim_token_hash = $3 AND claim_expires_at > $2 AND applicant_id IS NULL AND LOWER(claim_email) = LOWER($4) RETURNING id",
    )
    .bind(user_id)
    .bind(now())
    .bind(hash)
    .bind(email)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| r.0))
}

pub async fn unclaimed_started_by(db: &Db, user_id: i64, zone: &str) -> AppResult<Vec<super::application::ApplicationSummary>> {
    summaries(db, "a.started_by = $1 AND a.applicant_id IS NULL", user_id, zone).await
}
