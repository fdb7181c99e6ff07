//! Portfolio storage: the co-op's choices and statements, its exports, and the reads that
//! gather its portfolio from the other domains' tables (accepted reports, their files, the
//! closed sessions of its circles).

use super::model::{DONE, FAILED, QUEUED, RUNNING};
use crate::db::Db;
use crate::error::AppResult;
use crate::time::now;
use std::collections::BTreeMap;

/// item → (included, position)
pub async fn choices(db: &Db, organisation_id: i64) -> AppResult<BTreeMap<String, (bool, i64)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as("SELECT item, included, position FROM portfolio_choices WHERE organisation_id = $1")
        .bind(organisation_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(|(item, included, position)| (item, (included != 0, position))).collect())
}

/// goal id → statement
pub async fn statements(db: &Db, organisation_id: i64) -> AppResult<BTreeMap<i64, String>> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT goal_id, text FROM portfolio_statements WHERE organisation_id = $1")
        .bind(organisation_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Keep the co-op's choices and statements, all or nothing.
pub async fn save(db: &Db, organisation_id: i64, by: i64, choices: &[(String, bool, i64)], statements: &[(i64, String)]) -> AppResult<()> {
    let at = now();
    let mut tx = db.pool.begin().await?;
    for (item, included, position) in choices {
        sqlx::query(
            "INSERT INTO portfolio_choices (organisation_id, item, included, position, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (organisation_id, item) DO UPDATE SET included = excluded.included, position = excluded.position, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(organisation_id)
        .bind(item)
        .bind(*included as i64)
        .bind(*position)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    for (goal_id, text) in statements {
        sqlx::query(
            "INSERT INTO portfolio_statements (organisation_id, goal_id, text, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (organisation_id, goal_id) DO UPDATE SET text = excluded.text, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(organisation_id)
        .bind(goal_id)
        .bind(text)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

// ----- Gathering -----

/// An accepted report: (id, goal id, template id, title, answers JSON, follows id, accepted at).
pub type AcceptedRow = (i64, Option<i64>, i64, String, String, Option<i64>, Option<i64>);

pub async fn accepted_reports(db: &Db, organisation_id: i64) -> AppResult<Vec<AcceptedRow>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.goal_id, r.template_id, r.title, r.answers, r.follows_id, \
         (SELECT MAX(e.at) FROM report_events e WHERE e.report_id = r.id AND e.to_status = 'accepted') \
         FROM reports r WHERE r.organisation_id = $1 AND r.status = 'accepted' ORDER BY r.id",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A file of an accepted report: (id, report id, section, sha256, name, media type, size).
pub type FileRow = (i64, i64, String, String, String, String, i64);

pub async fn accepted_files(db: &Db, organisation_id: i64) -> AppResult<Vec<FileRow>> {
    Ok(sqlx::query_as(
        "SELECT f.id, f.report_id, f.section, f.sha256, f.name, f.media_type, f.size FROM evidence_files f \
         JOIN reports r ON r.id = f.report_id WHERE r.organisation_id = $1 AND r.status = 'accepted' ORDER BY f.id",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A closed live session of one of the co-op's circles: (session id, meeting id, meeting
/// title, circle name, meeting start, closed at).
pub type SessionRow = (i64, i64, String, String, i64, Option<i64>);

pub async fn closed_sessions(db: &Db, organisation_id: i64) -> AppResult<Vec<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT s.id, m.id, m.title, c.name, m.starts_at, s.closed_at FROM live_sessions s \
         JOIN meetings m ON m.id = s.meeting_id JOIN circles c ON c.id = m.circle_id \
         JOIN circle_organisations co ON co.circle_id = m.circle_id \
         WHERE co.organisation_id = $1 AND s.status = 'closed' ORDER BY m.starts_at, s.id",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The co-op's people: id → name.
pub async fn people(db: &Db, organisation_id: i64) -> AppResult<BTreeMap<i64, String>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM organisation_people p JOIN users u ON u.id = p.user_id WHERE p.organisation_id = $1",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().collect())
}

/// A circle: (id, name, theme, when the co-op joined, or none for a circle facilitated).
pub type CircleRow = (i64, String, String, Option<i64>);

/// The circles the co-op belongs to, by name.
pub async fn coop_circles(db: &Db, organisation_id: i64) -> AppResult<Vec<CircleRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.name, c.theme, co.joined_at FROM circles c JOIN circle_organisations co ON co.circle_id = c.id \
         WHERE co.organisation_id = $1 ORDER BY c.name, c.id",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The circles a person belongs to through their co-ops, and those they facilitate, by name.
pub async fn person_circles(db: &Db, user_id: i64) -> AppResult<Vec<CircleRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.name, c.theme, MIN(co.joined_at) FROM circles c \
         LEFT JOIN circle_organisations co ON co.circle_id = c.id \
           AND co.organisation_id IN (SELECT organisation_id FROM organisation_people WHERE user_id = $1) \
         WHERE co.circle_id IS NOT NULL OR c.id IN (SELECT circle_id FROM circle_facilitators WHERE user_id = $1) \
         GROUP BY c.id, c.name, c.theme ORDER BY c.name, c.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A person's name, and the co-ops they belong to (id, name), in the order they were added.
pub async fn person(db: &Db, user_id: i64) -> AppResult<Option<(String, Vec<(i64, String)>)>> {
    let Some(name) = crate::accounts::store::name_of(db, user_id).await? else { return Ok(None) };
    let coops: Vec<(i64, String)> = sqlx::query_as(
        "SELECT o.id, o.name FROM organisation_people p JOIN organisations o ON o.id = p.organisation_id WHERE p.user_id = $1 ORDER BY o.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some((name, coops)))
}

/// The closed sessions of every circle a person belongs to or facilitates (the replay then
/// keeps those they attended).
pub async fn person_sessions(db: &Db, user_id: i64) -> AppResult<Vec<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT s.id, m.id, m.title, c.name, m.starts_at, s.closed_at FROM live_sessions s \
         JOIN meetings m ON m.id = s.meeting_id JOIN circles c ON c.id = m.circle_id \
         WHERE s.status = 'closed' AND (m.circle_id IN (SELECT circle_id FROM circle_facilitators WHERE user_id = $1) \
           OR m.circle_id IN (SELECT co.circle_id FROM circle_organisations co JOIN organisation_people p ON p.organisation_id = co.organisation_id WHERE p.user_id = $1)) \
         ORDER BY m.starts_at, s.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}

// ----- Exports -----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub organisation_id: Option<i64>,
    pub snapshot_id: Option<i64>,
    pub person_id: Option<i64>,
    pub requested_by: Option<i64>,
    pub language: String,
    pub status: String,
    pub items_done: i64,
    pub items_total: i64,
    pub content_hash: String,
    pub bundle_sha256: String,
    pub bundle_size: i64,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub expires_at: Option<i64>,
}

/// What an export is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A co-op's portfolio as it stands.
    Coop(i64),
    /// A frozen version of it: (organisation, snapshot row).
    Version(i64, i64),
    /// A person's own learning record.
    Person(i64),
}

impl Subject {
    /// The three columns that say it: organisation, snapshot, person.
    fn columns(self) -> (Option<i64>, Option<i64>, Option<i64>) {
        match self {
            Subject::Coop(o) => (Some(o), None, None),
            Subject::Version(o, s) => (Some(o), Some(s), None),
            Subject::Person(p) => (None, None, Some(p)),
        }
    }
}

impl ExportRow {
    pub fn subject(&self) -> AppResult<Subject> {
        match (self.organisation_id, self.snapshot_id, self.person_id) {
            (Some(o), None, None) => Ok(Subject::Coop(o)),
            (Some(o), Some(s), None) => Ok(Subject::Version(o, s)),
            (None, None, Some(p)) => Ok(Subject::Person(p)),
            // The table's checks keep any other mix out.
            _ => Err(crate::error::AppError::internal("portfolio export", "an export of nothing")),
        }
    }
}

const EXPORT: &str = "SELECT id, organisation_id, snapshot_id, person_id, requested_by, language, status, items_done, items_total, content_hash, \
     bundle_sha256, bundle_size, created_at, finished_at, expires_at FROM portfolio_exports";

pub async fn export(db: &Db, id: i64) -> AppResult<Option<ExportRow>> {
    Ok(sqlx::query_as(&format!("{EXPORT} WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?)
}

/// The name of the one who asked for an export.
async fn asked_by(db: &Db, row: &ExportRow) -> AppResult<Option<String>> {
    let Some(user) = row.requested_by else { return Ok(None) };
    crate::accounts::store::name_of(db, user).await
}

/// An export with who asked for it.
pub async fn export_with_name(db: &Db, id: i64) -> AppResult<Option<(ExportRow, Option<String>)>> {
    let Some(row) = export(db, id).await? else { return Ok(None) };
    let name = asked_by(db, &row).await?;
    Ok(Some((row, name)))
}

/// The latest exports of a co-op (its versions' included) or of a person's record, newest
/// first, with who asked.
pub async fn exports(db: &Db, of: Subject, limit: i64) -> AppResult<Vec<(ExportRow, Option<String>)>> {
    let (column, id) = match of {
        Subject::Coop(o) | Subject::Version(o, _) => ("organisation_id", o),
        Subject::Person(p) => ("person_id", p),
    };
    let rows: Vec<ExportRow> = sqlx::query_as(&format!("{EXPORT} WHERE {column} = $1 ORDER BY id DESC LIMIT $2"))
        .bind(id)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let name = asked_by(db, &row).await?;
        out.push((row, name));
    }
    Ok(out)
}

/// A new export, queued, with its job, in one transaction (the job runs it).
pub async fn queue_export(db: &Db, of: Subject, by: i64, language: &str, job_kind: &str) -> AppResult<i64> {
    let at = now();
    let (organisation_id, snapshot_id, person_id) = of.columns();
    let mut tx = db.pool.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO portfolio_exports (organisation_id, snapshot_id, person_id, requested_by, language, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(organisation_id)
    .bind(snapshot_id)
    .bind(person_id)
    .bind(by)
    .bind(language)
    .bind(QUEUED)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    crate::jobs::enqueue_in(&mut tx, job_kind, None, None, &id.to_string(), at).await?;
    tx.commit().await?;
    Ok(id)
}

/// The job started (or started again after a crash): counts from zero.
pub async fn start(db: &Db, id: i64, total: i64, content_hash: &str) -> AppResult<()> {
    sqlx::query("UPDATE portfolio_exports SET status = $1, items_done = 0, items_total = $2, content_hash = $3 WHERE id = $4")
        .bind(RUNNING)
        .bind(total)
        .bind(content_hash)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn progress(db: &Db, id: i64, done: i64) -> AppResult<()> {
    sqlx::query("UPDATE portfolio_exports SET items_done = $1 WHERE id = $2").bind(done).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// The bundle is kept: the export is done until `expires_at`. Says whether this call made it
/// so (a second run of the same job finds it done and changes nothing).
pub async fn finish(db: &Db, id: i64, sha256: &str, size: i64, expires_at: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE portfolio_exports SET status = $1, items_done = items_total, bundle_sha256 = $2, bundle_size = $3, finished_at = $4, expires_at = $5 \
         WHERE id = $6 AND status <> $1",
    )
    .bind(DONE)
    .bind(sha256)
    .bind(size)
    .bind(now())
    .bind(expires_at)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn fail(db: &Db, id: i64) -> AppResult<()> {
    sqlx::query("UPDATE portfolio_exports SET status = $1, finished_at = $2 WHERE id = $3 AND status <> $4")
        .bind(FAILED)
        .bind(now())
        .bind(id)
        .bind(DONE)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The last finished bundle of the same content for the same subject, still downloadable (a
/// bundle whose exports have all expired is collected, see [`unclaimed_bundles`]): (sha256,
/// size).
pub async fn same_content(db: &Db, of: Subject, content_hash: &str, except: i64) -> AppResult<Option<(String, i64)>> {
    let (organisation_id, snapshot_id, person_id) = of.columns();
    Ok(sqlx::query_as(
        "SELECT bundle_sha256, bundle_size FROM portfolio_exports \
         WHERE COALESCE(organisation_id, 0) = $1 AND COALESCE(snapshot_id, 0) = $2 AND COALESCE(person_id, 0) = $3 \
         AND content_hash = $4 AND status = $5 AND id <> $6 AND expires_at > $7 AND bundle_sha256 <> '' ORDER BY id DESC LIMIT 1",
    )
    .bind(organisation_id.unwrap_or(0))
    .bind(snapshot_id.unwrap_or(0))
    .bind(person_id.unwrap_or(0))
    .bind(content_hash)
    .bind(DONE)
    .bind(except)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?)
}

/// Bundles no export may be downloaded from any more: every export holding it expired before
/// `before`, and no evidence file has the same bytes. (A day's grace after expiry keeps a job
/// that is reusing one from losing it under its feet.)
pub async fn unclaimed_bundles(db: &Db, before: i64) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT bundle_sha256 FROM portfolio_exports e WHERE status = $1 AND bundle_sha256 <> '' AND expires_at < $2 \
         AND NOT EXISTS (SELECT 1 FROM portfolio_exports k WHERE k.bundle_sha256 = e.bundle_sha256 AND (k.expires_at IS NULL OR k.expires_at >= $2)) \
         AND NOT EXISTS (SELECT 1 FROM evidence_files f WHERE f.sha256 = e.bundle_sha256)",
    )
    .bind(DONE)
    .bind(before)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(sha,)| sha).collect())
}

/// The content hashes that a report's evidence or an export's bundle names (a first sieve for
/// [`names_file`], in one query).
pub async fn named_files(db: &Db) -> AppResult<std::collections::HashSet<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT sha256 FROM evidence_files UNION SELECT bundle_sha256 FROM portfolio_exports WHERE bundle_sha256 <> ''",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(sha,)| sha).collect())
}

/// Whether anything names the kept file with this content: a report's evidence, an export's
/// bundle, or a version for accreditation, whose frozen document holds its evidence by hash
/// (the version's export takes the files by those hashes, so they stay while it exists).
pub async fn names_file(db: &Db, sha256: &str) -> AppResult<bool> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM evidence_files WHERE sha256 = $1) \
         + (SELECT COUNT(*) FROM portfolio_exports WHERE bundle_sha256 = $1) \
         + (SELECT COUNT(*) FROM portfolio_snapshots WHERE content LIKE $2)",
    )
    .bind(sha256)
    .bind(format!("%{sha256}%"))
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// The bundle's bytes are gone: its exports no longer name it.
pub async fn forget_bundle(db: &Db, sha256: &str) -> AppResult<()> {
    sqlx::query("UPDATE portfolio_exports SET bundle_sha256 = '' WHERE bundle_sha256 = $1").bind(sha256).execute(&db.pool).await?;
    Ok(())
}

// ----- Versions for accreditation, and their share links -----

/// Freeze a version: the next number for the co-op, in one statement so two submits at once
/// cannot take the same number (the unique key refuses the second, which is tried again).
pub async fn submit_snapshot(db: &Db, organisation_id: i64, content: &str, by: i64) -> AppResult<i64> {
    for _ in 0..3 {
        let made: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO portfolio_snapshots (organisation_id, number, content, submitted_by, submitted_at) \
             SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4 FROM portfolio_snapshots WHERE organisation_id = $1 RETURNING number",
        )
        .bind(organisation_id)
        .bind(content)
        .bind(by)
        .bind(now())
        .fetch_one(&db.pool)
        .await;
        match made {
            Ok((number,)) => return Ok(number),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(crate::error::AppError::internal("portfolio snapshot", "could not take the next number"))
}

/// A frozen version: (id, content, submitted at, submitted by's name).
pub type SnapshotRow = (i64, String, i64, Option<String>);

pub async fn snapshot(db: &Db, organisation_id: i64, number: i64) -> AppResult<Option<SnapshotRow>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.content, s.submitted_at, u.name FROM portfolio_snapshots s LEFT JOIN users u ON u.id = s.submitted_by \
         WHERE s.organisation_id = $1 AND s.number = $2",
    )
    .bind(organisation_id)
    .bind(number)
    .fetch_optional(&db.pool)
    .await?)
}

/// A frozen version by its row: (organisation, number, content).
pub async fn snapshot_by_id(db: &Db, id: i64) -> AppResult<Option<(i64, i64, String)>> {
    Ok(sqlx::query_as("SELECT organisation_id, number, content FROM portfolio_snapshots WHERE id = $1").bind(id).fetch_optional(&db.pool).await?)
}

/// The co-op's versions, newest first: (number, submitted at, by).
pub async fn snapshots(db: &Db, organisation_id: i64) -> AppResult<Vec<(i64, i64, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT s.number, s.submitted_at, u.name FROM portfolio_snapshots s LEFT JOIN users u ON u.id = s.submitted_by \
         WHERE s.organisation_id = $1 ORDER BY s.number DESC",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A share link, before its mail makes the token.
pub async fn create_share(db: &Db, snapshot_id: i64, reader: &str, email: &str, by: i64, expires_at: i64) -> AppResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO portfolio_shares (snapshot_id, reader, email, token_hash, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(snapshot_id)
    .bind(reader)
    .bind(email)
    .bind(crate::mail::unsent_link_hash())
    .bind(by)
    .bind(now())
    .bind(expires_at)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// A version's share links: (id, reader, email, created at, expires at, revoked at, times
/// opened, last opened).
pub type ShareRow = (i64, String, String, i64, i64, Option<i64>, i64, Option<i64>);

pub async fn shares(db: &Db, snapshot_id: i64) -> AppResult<Vec<ShareRow>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.reader, s.email, s.created_at, s.expires_at, s.revoked_at, \
         (SELECT COUNT(*) FROM portfolio_share_opens o WHERE o.share_id = s.id), \
         (SELECT MAX(o.at) FROM portfolio_share_opens o WHERE o.share_id = s.id) \
         FROM portfolio_shares s WHERE s.snapshot_id = $1 ORDER BY s.id DESC",
    )
    .bind(snapshot_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The co-op a share link belongs to (through its version), and the version's number.
pub async fn share_owner(db: &Db, share_id: i64) -> AppResult<Option<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT p.organisation_id, p.number FROM portfolio_shares s JOIN portfolio_snapshots p ON p.id = s.snapshot_id WHERE s.id = $1",
    )
    .bind(share_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Withdraw a link (once): says whether it was live.
pub async fn revoke_share(db: &Db, share_id: i64) -> AppResult<bool> {
    let done = sqlx::query("UPDATE portfolio_shares SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(share_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// What a live link opens: (share id, reader, expires at, organisation id, content). Unknown,
/// withdrawn and expired links open nothing.
pub type OpenedShare = (i64, String, i64, i64, String);

pub async fn live_share(db: &Db, token_hash: &str) -> AppResult<Option<OpenedShare>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.reader, s.expires_at, p.organisation_id, p.content FROM portfolio_shares s \
         JOIN portfolio_snapshots p ON p.id = s.snapshot_id WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?)
}

/// Note that a link was opened.
pub async fn record_open(db: &Db, share_id: i64) -> AppResult<()> {
    sqlx::query("INSERT INTO portfolio_share_opens (share_id, at) VALUES ($1, $2)").bind(share_id).bind(now()).execute(&db.pool).await?;
    Ok(())
}
