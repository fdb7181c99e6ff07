//! Report storage: templates (versioned data), reports with their answers and revision,
//! comments per section, and the history of each change of status.

use super::model::{ActivityLine, EvidenceFile, ReportComment, ReportEvent, ReportSummary};
use super::template::{Content, Template, shipped};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::time::{now, when};
use std::collections::BTreeMap;

/// Store the first version of every template not stored yet. Instances starting together on
/// an empty table each try: the one that comes second finds the row there and stores nothing
/// (rather than failing to start on the unique version).
pub async fn ensure_templates(db: &Db) -> AppResult<()> {
    for (key, version, content) in shipped() {
        let json = serde_json::to_string(&content).map_err(|e| AppError::internal("template", e))?;
        sqlx::query(
            "INSERT INTO report_templates (key, version, content, created_at) SELECT $1, $2, $3, $4 \
             WHERE NOT EXISTS (SELECT 1 FROM report_templates WHERE key = $1 AND version >= $2) ON CONFLICT (key, version) DO NOTHING",
        )
        .bind(key)
        .bind(version)
        .bind(json)
        .bind(now())
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

fn template_of(id: i64, key: String, version: i64, content: &str) -> AppResult<Template> {
    let content: Content = serde_json::from_str(content).map_err(|e| AppError::internal("stored template", e))?;
    Ok(Template { id, key, version, title: content.title, sections: content.sections })
}

/// Store the next version of a key; returns its number. (Two admins publishing at once: the
/// second finds the number taken and is refused by the unique key, not silently merged.)
pub async fn publish(db: &Db, key: &str, content: &Content, by: i64) -> AppResult<i64> {
    let json = serde_json::to_string(content).map_err(|e| AppError::internal("template", e))?;
    let (version,): (i64,) = sqlx::query_as(
        "INSERT INTO report_templates (key, version, content, created_at, created_by) \
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4 FROM report_templates WHERE key = $1 RETURNING version",
    )
    .bind(key)
    .bind(json)
    .bind(now())
    .bind(by)
    .fetch_one(&db.pool)
    .await?;
    Ok(version)
}

/// One stored version.
pub async fn template(db: &Db, id: i64) -> AppResult<Template> {
    let (id, key, version, content): (i64, String, i64, String) =
        sqlx::query_as("SELECT id, key, version, content FROM report_templates WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?
            .ok_or(AppError::NotFound)?;
    template_of(id, key, version, &content)
}

/// The newest version of a key.
pub async fn latest(db: &Db, key: &str) -> AppResult<Option<Template>> {
    let row: Option<(i64, String, i64, String)> =
        sqlx::query_as("SELECT id, key, version, content FROM report_templates WHERE key = $1 ORDER BY version DESC LIMIT 1")
            .bind(key)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|(id, key, version, content)| template_of(id, key, version, &content)).transpose()
}

/// A report as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub organisation_id: i64,
    pub goal_id: Option<i64>,
    pub template_id: i64,
    pub title: String,
    pub status: String,
    pub answers: String,
    pub revision: i64,
    pub follows_id: Option<i64>,
    pub follow_up_on: String,
}

impl ReportRow {
    pub fn answers(&self) -> BTreeMap<String, String> {
        serde_json::from_str(&self.answers).unwrap_or_default()
    }
}

pub async fn row(db: &Db, id: i64) -> AppResult<Option<ReportRow>> {
    Ok(sqlx::query_as(
        "SELECT id, organisation_id, goal_id, template_id, title, status, answers, revision, follows_id, follow_up_on FROM reports WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Start a draft; the history says who started it.
#[allow(clippy::too_many_arguments)]
pub async fn create(db: &Db, organisation_id: i64, goal_id: Option<i64>, template_id: i64, title: &str, by: Option<i64>, follows: Option<i64>) -> AppResult<i64> {
    let t = now();
    let mut tx = db.pool.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO reports (organisation_id, goal_id, template_id, title, follows_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(organisation_id)
    .bind(goal_id)
    .bind(template_id)
    .bind(title)
    .bind(follows)
    .bind(by)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO report_events (report_id, at, by_user, from_status, to_status, message) VALUES ($1, $2, $3, '', 'draft', '')")
        .bind(id)
        .bind(t)
        .bind(by)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The follow-up report already raised for a report, if any.
pub async fn follow_up_of(db: &Db, report_id: i64) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM reports WHERE follows_id = $1 ORDER BY id LIMIT 1")
        .bind(report_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(id,)| id))
}

pub enum Saved {
    As(i64),
    /// Another page saved a newer draft since this one loaded.
    Stale,
    NotEditable,
}

/// Store a draft's answers when it is editable and, with `based_on`, still at that revision or
/// last written by the same page — one conditional UPDATE (see the application's drafts).
pub async fn save_answers(db: &Db, id: i64, answers: &BTreeMap<String, String>, based_on: Option<i64>, writer: &str) -> AppResult<Saved> {
    let json = serde_json::to_string(answers).map_err(|e| AppError::internal("answers", e))?;
    let saved: Option<(i64,)> = sqlx::query_as(
        "UPDATE reports SET answers = $1, updated_at = $2, revision = revision + 1, last_writer = $5 \
         WHERE id = $3 AND status IN ('draft', 'changes_requested') \
         AND ($4 < 0 OR revision = $4 OR ($5 <> '' AND last_writer = $5)) RETURNING revision",
    )
    .bind(json)
    .bind(now())
    .bind(id)
    .bind(based_on.unwrap_or(-1))
    .bind(writer)
    .fetch_optional(&db.pool)
    .await?;
    if let Some((revision,)) = saved {
        return Ok(Saved::As(revision));
    }
    let editable = row(db, id).await?.is_some_and(|r| super::model::editable(&r.status));
    Ok(if editable && based_on.is_some() { Saved::Stale } else { Saved::NotEditable })
}

/// Move a report from one of `from` to `to`, keeping who and why (and, on acceptance, the
/// advisor, the follow-up date and the job that raises the follow-up, all in one
/// transaction). False, and nothing changed, when it was not in `from`.
pub async fn change_status(db: &Db, id: i64, from: &[&str], to: &str, by: i64, message: &str, follow_up_on: Option<&str>) -> AppResult<bool> {
    let Some(current) = row(db, id).await? else { return Ok(false) };
    if !from.contains(&current.status.as_str()) {
        return Ok(false);
    }
    let t = now();
    let mut tx = db.pool.begin().await?;
    let submitted = (to == super::model::SUBMITTED).then_some(t);
    let advisor = follow_up_on.is_some().then_some(by).or((to == super::model::CHANGES_REQUESTED).then_some(by));
    let done = sqlx::query(
        "UPDATE reports SET status = $1, updated_at = $2, submitted_at = COALESCE($3, submitted_at), first_submitted_at = COALESCE(first_submitted_at, $3), \
         advisor_id = COALESCE($4, advisor_id), follow_up_on = COALESCE($5, follow_up_on) WHERE id = $6 AND status = $7",
    )
    .bind(to)
    .bind(t)
    .bind(submitted)
    .bind(advisor)
    .bind(follow_up_on)
    .bind(id)
    .bind(&current.status)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO report_events (report_id, at, by_user, from_status, to_status, message) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(t)
        .bind(by)
        .bind(&current.status)
        .bind(to)
        .bind(message)
        .execute(&mut *tx)
        .await?;
    // Accepted with a follow-up date: its job is queued with the decision, or neither is.
    if let Some(day) = follow_up_on.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        let payload = format!("{id}:{}", day.format("%Y-%m-%d"));
        crate::jobs::enqueue_in(&mut tx, super::jobs::FOLLOW_UP, None, None, &payload, crate::programmes::jobs::morning(day)).await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub async fn comment(db: &Db, id: i64, section: &str, text: &str, by: i64) -> AppResult<()> {
    sqlx::query("INSERT INTO report_comments (report_id, section, by_user, at, text) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(section)
        .bind(by)
        .bind(now())
        .bind(text)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn comments(db: &Db, id: i64, zone: &str) -> AppResult<Vec<ReportComment>> {
    let rows: Vec<(String, Option<String>, i64, String)> = sqlx::query_as(
        "SELECT c.section, u.name, c.at, c.text FROM report_comments c LEFT JOIN users u ON u.id = c.by_user WHERE c.report_id = $1 ORDER BY c.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(section, by, at, text)| ReportComment { section, by: by.unwrap_or_default(), when: when(at, zone), text }).collect())
}

pub async fn history(db: &Db, id: i64, zone: &str) -> AppResult<Vec<ReportEvent>> {
    let rows: Vec<(Option<String>, i64, String, String, String)> = sqlx::query_as(
        "SELECT u.name, e.at, e.from_status, e.to_status, e.message FROM report_events e LEFT JOIN users u ON u.id = e.by_user \
         WHERE e.report_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(by, at, from, to, message)| ReportEvent { by: by.unwrap_or_default(), when: when(at, zone), from, to, message }).collect())
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    title: String,
    status: String,
    organisation_id: i64,
    organisation_name: String,
    submitted_at: Option<i64>,
    updated_at: i64,
}

fn summaries(rows: Vec<SummaryRow>, zone: &str) -> Vec<ReportSummary> {
    rows.into_iter()
        .map(|r| ReportSummary {
            id: r.id,
            title: r.title,
            status: r.status,
            organisation_id: r.organisation_id,
            organisation_name: r.organisation_name,
            submitted: r.submitted_at.map(|t| when(t, zone)),
            updated: when(r.updated_at, zone),
        })
        .collect()
}

const SUMMARY: &str = "SELECT r.id, r.title, r.status, r.organisation_id, o.name AS organisation_name, r.submitted_at, r.updated_at \
     FROM reports r JOIN organisations o ON o.id = r.organisation_id";

/// A co-op's newest reports, at most `limit`.
pub async fn of_organisation(db: &Db, organisation_id: i64, zone: &str, limit: i64) -> AppResult<Vec<ReportSummary>> {
    let rows = sqlx::query_as(&format!("{SUMMARY} WHERE r.organisation_id = $1 ORDER BY r.id DESC LIMIT $2"))
        .bind(organisation_id)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    Ok(summaries(rows, zone))
}

/// One page (from 1) of the reports waiting for an advisor, the longest-waiting first, and how
/// many are waiting in all.
pub async fn queue(db: &Db, zone: &str, page: i64) -> AppResult<(Vec<ReportSummary>, i64)> {
    let (waiting,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM reports WHERE status = 'submitted'")
        .fetch_one(&db.pool)
        .await?;
    let rows = sqlx::query_as(&format!("{SUMMARY} WHERE r.status = 'submitted' ORDER BY r.first_submitted_at, r.id LIMIT $1 OFFSET $2"))
        .bind(super::model::QUEUE_PAGE)
        .bind((page - 1) * super::model::QUEUE_PAGE)
        .fetch_all(&db.pool)
        .await?;
    Ok((summaries(rows, zone), waiting))
}

/// The activities an activities section shows: the goal's, or the whole programme's.
pub async fn activity_lines(db: &Db, organisation_id: i64, goal_id: Option<i64>, locale: crate::i18n::Locale) -> AppResult<Vec<ActivityLine>> {
    let rows: Vec<(String, String, Option<String>, String, String, String)> = sqlx::query_as(
        "SELECT a.what, a.owner_kind, u.name, a.owner_name, a.due_on, a.status FROM programme_activities a \
         LEFT JOIN users u ON u.id = a.owner_user_id WHERE a.organisation_id = $1 AND ($2 < 0 OR a.goal_id = $2) ORDER BY a.goal_id, a.id",
    )
    .bind(organisation_id)
    .bind(goal_id.unwrap_or(-1))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(what, kind, person, name, due, status)| {
            let owner = match kind.as_str() {
                crate::programmes::OWNER_CIRCLE => locale.t(crate::i18n::T::OwnerCircle).to_string(),
                crate::programmes::OWNER_SPECIALIST => name,
                _ => person.unwrap_or_default(),
            };
            (what, owner, due, status)
        })
        .collect())
}

/// The people to tell about a co-op's report: its representatives (id, email, locale), in the
/// order their accounts were made (the first one's language names a follow-up report).
pub async fn representatives(db: &Db, organisation_id: i64) -> AppResult<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.email, u.locale FROM organisation_people p JOIN users u ON u.id = p.user_id WHERE p.organisation_id = $1 AND p.is_representative = 1 ORDER BY u.id",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The summary a closed live session left on its meeting, if any.
pub async fn session_summary(db: &Db, meeting_id: i64) -> AppResult<Option<crate::live::summary::Summary>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT summary FROM live_sessions WHERE meeting_id = $1 AND status = 'closed' AND summary <> '' ORDER BY id DESC LIMIT 1",
    )
    .bind(meeting_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(s,)| serde_json::from_str(&s).ok()))
}

/// The names of a co-op's people (to tell them apart in an attendance list).
pub async fn people_names(db: &Db, organisation_id: i64) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT u.name FROM organisation_people p JOIN users u ON u.id = p.user_id WHERE p.organisation_id = $1 ORDER BY u.name",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

pub async fn set_meeting(db: &Db, id: i64, meeting_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE reports SET meeting_id = $1 WHERE id = $2").bind(meeting_id).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// A report's evidence files, in the order they were added.
pub async fn files(db: &Db, report_id: i64, zone: &str) -> AppResult<Vec<EvidenceFile>> {
    let rows: Vec<(i64, String, String, String, i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT f.id, f.section, f.name, f.media_type, f.size, u.name, f.uploaded_at FROM evidence_files f \
         LEFT JOIN users u ON u.id = f.uploaded_by WHERE f.report_id = $1 ORDER BY f.id",
    )
    .bind(report_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, section, name, media_type, size, by, at)| EvidenceFile { id, section, name, media_type, size, by: by.unwrap_or_default(), when: when(at, zone) })
        .collect())
}

/// The sections of a report that hold at least one file.
pub async fn sections_with_files(db: &Db, report_id: i64) -> AppResult<std::collections::BTreeSet<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT section FROM evidence_files WHERE report_id = $1")
        .bind(report_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(|(s,)| s).collect())
}

/// A file as stored for a report, to add.
pub struct NewFile<'a> {
    pub section: &'a str,
    pub sha256: &'a str,
    pub name: &'a str,
    pub media_type: &'a str,
    pub size: i64,
}

/// Name kept files on a report, only while it can still be edited (a report sent meanwhile
/// takes nothing more). Returns how many were added.
pub async fn add_files(db: &Db, report_id: i64, files: &[NewFile<'_>], by: i64) -> AppResult<usize> {
    let mut tx = db.pool.begin().await?;
    let editable: Option<(String,)> = sqlx::query_as("SELECT status FROM reports WHERE id = $1").bind(report_id).fetch_optional(&mut *tx).await?;
    if !editable.is_some_and(|(s,)| super::model::editable(&s)) {
        return Ok(0);
    }
    let at = now();
    for f in files {
        sqlx::query(
            "INSERT INTO evidence_files (report_id, section, sha256, name, media_type, size, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(report_id)
        .bind(f.section)
        .bind(f.sha256)
        .bind(f.name)
        .bind(f.media_type)
        .bind(f.size)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE reports SET updated_at = $1 WHERE id = $2").bind(at).bind(report_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(files.len())
}

/// Take a file off a report (the bytes stay in storage while anything else names them; the
/// housekeeping removes them after, see `portfolio::export::collect_files`).
pub async fn remove_file(db: &Db, report_id: i64, file_id: i64) -> AppResult<bool> {
    let done = sqlx::query("DELETE FROM evidence_files WHERE id = $1 AND report_id = $2")
        .bind(file_id)
        .bind(report_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// One file, for its download: (report, sha256, name, media type).
pub async fn file(db: &Db, id: i64) -> AppResult<Option<(i64, String, String, String)>> {
    Ok(sqlx::query_as("SELECT report_id, sha256, name, media_type FROM evidence_files WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}
