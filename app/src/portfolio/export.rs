//! The export bundle, built in the background on the durable job queue.
//!
//! One job per export. It gathers the portfolio as the co-op chose it, and when the same content
//! was bundled before (same content hash, bundle still kept) it reuses that bundle. Otherwise it
//! writes a ZIP (`portfolio.pdf`, `portfolio.json`, `portfolio.schema.json`, `index.html`, the
//! evidence files) straight into file storage: the ZIP is written on a blocking thread into a
//! small channel, and each piece goes on to storage as it comes, so memory stays bounded
//! whatever the evidence weighs. The bundle is kept at the SHA-256 of its bytes only once it is
//! complete, and only then is the export marked done: a job cut off (the server killed) is taken
//! again when its lease runs out and starts over; it still ends in one bundle and one mail.

use super::document::Portfolio;
use super::model::DONE;
use super::store::Subject;
use super::{gather, store};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, T};
use crate::jobs::{Job, Outcome};
use crate::state::AppState;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::io::Write;
use tokio::sync::mpsc;

pub const EXPORT: &str = "portfolio_export";
/// A bundle can be downloaded for this long after it is ready.
pub const KEEP_DAYS: i64 = 7;
/// The schema `portfolio.json` follows, shipped in every bundle.
pub const SCHEMA: &str = include_str!("portfolio.schema.json");
/// Bytes written to storage at a time.
const PIECE: usize = 256 * 1024;

/// The files of the bundle besides the evidence, in the order they are written.
pub const FIXED_FILES: [&str; 4] = ["portfolio.json", "portfolio.schema.json", "index.html", "portfolio.pdf"];

/// What the bundle holds depends only on this: the portfolio without the moment it was
/// gathered. Two exports with the same hash have the same bundle.
pub fn content_hash(p: &Portfolio) -> String {
    let mut same = p.clone();
    same.generated_at.clear();
    let json = serde_json::to_vec(&same).unwrap_or_default();
    let mut h = Sha256::new();
    h.update(json);
    h.update(SCHEMA.as_bytes());
    hex::encode(h.finalize())
}

/// The export job. Errors are tried again (the queue backs off); after the last try the export
/// is marked failed, so the page stops waiting.
pub async fn run(state: &AppState, job: &Job) -> AppResult<Outcome> {
    let id: i64 = job.payload.parse().map_err(|_| AppError::BadRequest)?;
    match build(state, id).await {
        Ok(()) => Ok(Outcome::Done),
        Err(e) if job.attempts >= crate::jobs::MAX_ATTEMPTS => {
            store::fail(&state.db, id).await?;
            Ok(Outcome::GiveUp(e.to_string()))
        }
        Err(e) => Ok(Outcome::Retry(e.to_string())),
    }
}

async fn build(state: &AppState, id: i64) -> AppResult<()> {
    let Some(row) = store::export(&state.db, id).await? else { return Ok(()) };
    let subject = row.subject()?;
    let locale = Locale::parse(&row.language).unwrap_or_default();
    if row.status == DONE {
        // Done by a run that failed just after (before its mail was queued): queue the mail
        // now; its outbox key keeps it to one.
        let what = title(state, subject, locale).await?;
        return tell(state, &row, &what).await;
    }
    let portfolio = document(state, subject, locale).await?;
    // A version keeps the language it was frozen in; its headings follow it.
    let locale = Locale::parse(&portfolio.language).unwrap_or(locale);
    let labels = gather::labels(&portfolio, locale);
    let hash = content_hash(&portfolio);
    let expires = crate::time::now() + KEEP_DAYS * 86_400;

    if let Some((sha, size)) = store::same_content(&state.db, subject, &hash, id).await?
        && state.files.holds(&sha).await
    {
        store::start(&state.db, id, 1, &hash).await?;
        if store::finish(&state.db, id, &sha, size, expires).await? {
            tell(state, &row, &title(state, subject, locale).await?).await?;
        }
        return Ok(());
    }

    let total = (FIXED_FILES.len() + portfolio.evidence.len()) as i64;
    store::start(&state.db, id, total, &hash).await?;
    let what = title(state, subject, locale).await?;
    let (sha, size) = write_bundle(state, id, portfolio, labels).await?;
    if store::finish(&state.db, id, &sha, size as i64, expires).await? {
        tracing::info!(export = id, ?subject, bytes = size, "portfolio exported");
        tell(state, &row, &what).await?;
    }
    Ok(())
}

/// What an export holds: the co-op's portfolio as it chose it now, a version as it was frozen,
/// or a person's own record.
async fn document(state: &AppState, subject: Subject, locale: Locale) -> AppResult<Portfolio> {
    match subject {
        Subject::Coop(organisation_id) => {
            let name = crate::programmes::store::organisation_name(&state.db, organisation_id).await?.ok_or(AppError::NotFound)?;
            let choices = store::choices(&state.db, organisation_id).await?;
            Ok(gather::curate(gather::gather(&state.db, organisation_id, &name, locale).await?, &choices))
        }
        Subject::Version(_, snapshot_id) => {
            let (_, _, content) = store::snapshot_by_id(&state.db, snapshot_id).await?.ok_or(AppError::NotFound)?;
            let mut frozen: Portfolio = serde_json::from_str(&content).map_err(|e| AppError::internal("portfolio snapshot", e))?;
            // A version frozen under an earlier schema reads as this one (each version since
            // only added fields or allowed more), and the bundle ships this one's schema.
            frozen.schema_version = super::document::SCHEMA_VERSION;
            Ok(frozen)
        }
        Subject::Person(user_id) => gather::gather_record(&state.db, user_id, locale).await?.ok_or(AppError::NotFound),
    }
}

/// The export's title, as its mail and file name say it ("Portfolio of …", "Learning record of
/// …"), without gathering anything.
pub async fn title(state: &AppState, subject: Subject, locale: Locale) -> AppResult<String> {
    let coop = |id| crate::programmes::store::organisation_name(&state.db, id);
    Ok(match subject {
        Subject::Coop(o) => locale.tf(T::PortfolioOf, &[("name", &coop(o).await?.unwrap_or_default())]),
        Subject::Version(o, s) => {
            let number = store::snapshot_by_id(&state.db, s).await?.map(|v| v.1).unwrap_or_default();
            let name = coop(o).await?.unwrap_or_default();
            format!("{} — {}", locale.tf(T::PortfolioOf, &[("name", &name)]), locale.tf(T::ExportOfVersion, &[("number", &number.to_string())]))
        }
        Subject::Person(p) => {
            let name = store::person(&state.db, p).await?.map(|(n, _)| n).unwrap_or_default();
            locale.tf(T::RecordOf, &[("name", &name)])
        }
    })
}

/// The export's page in the portal.
pub fn page(row: &store::ExportRow) -> String {
    match row.organisation_id {
        Some(o) => format!("/coops/{o}/portfolio/exports/{}", row.id),
        None => format!("/account/record/exports/{}", row.id),
    }
}

/// One piece of the ZIP on its way to storage, or the news that one more file is in.
enum Piece {
    Bytes(Vec<u8>),
    FileDone,
}

/// A `Write` that hands the ZIP's bytes to the async side in pieces of [`PIECE`] bytes; the
/// channel holds two pieces, so the ZIP writer waits when storage is slower.
struct ToStorage {
    tx: mpsc::Sender<Piece>,
    buf: Vec<u8>,
}

impl ToStorage {
    fn send(&mut self, piece: Piece) -> std::io::Result<()> {
        self.tx.blocking_send(piece).map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "storage side stopped"))
    }
}

impl Write for ToStorage {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= PIECE {
            let full = std::mem::replace(&mut self.buf, Vec::with_capacity(PIECE));
            self.send(Piece::Bytes(full))?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            let rest = std::mem::take(&mut self.buf);
            self.send(Piece::Bytes(rest))?;
        }
        Ok(())
    }
}

async fn write_bundle(state: &AppState, id: i64, portfolio: Portfolio, labels: super::document::Labels) -> AppResult<(String, u64)> {
    let mut out = state.files.produce().await?;
    let (tx, mut rx) = mpsc::channel::<Piece>(2);
    let files = state.files.clone();
    let handle = tokio::runtime::Handle::current();
    let progress = tx.clone();
    let writer = tokio::task::spawn_blocking(move || {
        zip_bundle(ToStorage { tx, buf: Vec::with_capacity(PIECE) }, &progress, &portfolio, &labels, &files, &handle)
    });
    let mut done = 0;
    let mut failed = None;
    while let Some(piece) = rx.recv().await {
        match piece {
            Piece::Bytes(bytes) => {
                if let Err(e) = out.push(&bytes).await {
                    failed = Some(e);
                    break;
                }
            }
            Piece::FileDone => {
                done += 1;
                if let Err(e) = store::progress(&state.db, id, done).await {
                    failed = Some(e);
                    break;
                }
            }
        }
    }
    // Dropping the receiver stops the writer at its next piece.
    drop(rx);
    let written = writer.await.map_err(|e| AppError::internal("portfolio bundle", e));
    match (failed, written) {
        (None, Ok(Ok(()))) => out.finish().await,
        (Some(e), _) | (None, Ok(Err(e))) | (None, Err(e)) => {
            out.abort().await;
            Err(e)
        }
    }
}

/// Write the ZIP (on a blocking thread: the PDF and the ZIP writer are synchronous).
fn zip_bundle(
    sink: ToStorage,
    progress: &mpsc::Sender<Piece>,
    p: &Portfolio, labels: &super::document::Labels, files: &crate::files::storage::Files, handle: &tokio::runtime::Handle) -> AppResult<()> {
    use zip::CompressionMethod::{Deflated, Stored};
    use zip::write::SimpleFileOptions;
    let fail = |e: &dyn std::fmt::Display| AppError::internal("portfolio bundle", e);
    let file_done = || progress.blocking_send(Piece::FileDone).map_err(|_| AppError::internal("portfolio bundle", "storage side stopped"));
    let mut zip = zip::ZipWriter::new_stream(sink);
    // Fixed times (1980-01-01, the ZIP default) keep the same content in the same bytes.
    let packed = SimpleFileOptions::default().compression_method(Deflated);
    let stored = SimpleFileOptions::default().compression_method(Stored);
    let json = serde_json::to_vec_pretty(p).map_err(|e| fail(&e))?;
    let entries: [(&str, Vec<u8>); 3] = [
        (FIXED_FILES[0], json),
        (FIXED_FILES[1], SCHEMA.as_bytes().to_vec()),
        (FIXED_FILES[2], super::html::render(p, labels).into_bytes()),
    ];
    for (name, bytes) in entries {
        zip.start_file(name, packed).map_err(|e| fail(&e))?;
        zip.write_all(&bytes).map_err(|e| fail(&e))?;
        file_done()?;
    }
    let pdf = super::pdf::render(p, labels)?;
    zip.start_file(FIXED_FILES[3], packed).map_err(|e| fail(&e))?;
    zip.write_all(&pdf).map_err(|e| fail(&e))?;
    drop(pdf);
    file_done()?;
    for e in &p.evidence {
        // Photos and office files are compressed already: stored as they are.
        zip.start_file(e.path.as_str(), stored).map_err(|e| fail(&e))?;
        let (_, mut stream) = handle.block_on(files.open(&e.sha256))?;
        while let Some(chunk) = handle.block_on(stream.next()) {
            zip.write_all(&chunk.map_err(|e| fail(&e))?).map_err(|e| fail(&e))?;
        }
        file_done()?;
    }
    let mut sink = zip.finish().map_err(|e| fail(&e))?.into_inner();
    sink.flush().map_err(|e| fail(&e))?;
    Ok(())
}

/// Tell the one who asked that the bundle is ready, once (the mail's key is the export's).
async fn tell(state: &AppState, row: &store::ExportRow, what: &str) -> AppResult<()> {
    let Some(user_id) = row.requested_by else { return Ok(()) };
    let found: Option<(String, String)> = sqlx::query_as("SELECT email, locale FROM users WHERE id = $1").bind(user_id).fetch_optional(&state.db.pool).await?;
    let Some((email, locale)) = found else { return Ok(()) };
    let locale = Locale::parse(&locale).unwrap_or_default();
    let link = format!("{}{}", state.settings.public_url.trim_end_matches('/'), page(row));
    let args = [("what", what), ("link", link.as_str())];
    let mut conn = state.db.pool.acquire().await?;
    crate::mail::queue_in(
        &mut conn,
        &crate::mail::Letter {
            to_addr: &email,
            to_user: Some(user_id),
            subject: &locale.tf(T::MailExportReadySubject, &args),
            body: &locale.tf(T::MailExportReadyBody, &args),
        },
        "",
        Some(&format!("portfolio_export:{}", row.id)),
    )
    .await?;
    state.wake_worker();
    Ok(())
}

/// `GET /portfolio/exports/{id}/download`: the bundle, for those who read the co-op's
/// portfolio, while it is kept.
pub async fn download(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Extension(caller): axum::extract::Extension<crate::accounts::session::RequestCaller>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let Some(caller) = caller.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let found = async {
        let row = store::export(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let name = super::api::readable_export(&state, &caller, &row).await?;
        // Not ready, or no longer kept: nothing to give (the page says which).
        if row.status != DONE || row.expires_at.is_none_or(|at| at <= crate::time::now()) {
            return Err(AppError::NotFound);
        }
        let (size, stream) = state.files.open(&row.bundle_sha256).await?;
        let day = chrono::DateTime::from_timestamp(row.finished_at.unwrap_or_default(), 0).unwrap_or_default().format("%Y-%m-%d");
        let file_name = match row.subject()? {
            Subject::Coop(_) => format!("portfolio-{}-{day}.zip", slug(&name)),
            Subject::Version(_, s) => {
                let number = store::snapshot_by_id(&state.db, s).await?.map(|v| v.1).unwrap_or_default();
                format!("portfolio-{}-version-{number}-{day}.zip", slug(&name))
            }
            Subject::Person(_) => format!("learning-record-{}-{day}.zip", slug(&name)),
        };
        Ok::<_, AppError>((file_name, size, stream))
    }
    .await;
    match found {
        Ok((file_name, size, stream)) => crate::files::send::attachment(&file_name, "application/zip", size, stream),
        Err(e) => crate::files::send::refused(&e),
    }
}

/// Remove the bundles nobody may download any more (see [`store::unclaimed_bundles`]), run
/// with the other housekeeping: a bundle is kept [`KEEP_DAYS`], not for ever. Returns how
/// many went.
pub async fn collect_bundles(state: &AppState, at: i64) -> AppResult<usize> {
    let gone = store::unclaimed_bundles(&state.db, at - 86_400).await?;
    for sha in &gone {
        state.files.remove(sha).await?;
        store::forget_bundle(&state.db, sha).await?;
    }
    if !gone.is_empty() {
        tracing::info!(bundles = gone.len(), "expired portfolio bundles removed");
    }
    Ok(gone.len())
}

/// Remove the files nothing names any more ([`store::names_file`]): evidence taken off a draft
/// and named by no other report, a file kept for a report that then refused it, and what uploads
/// left under a temporary name. Run with the other housekeeping. A file is kept at least a day
/// after it was written, so one received a moment ago and not yet named stays. Each is asked
/// about once more just before it goes; only the very same content uploaded again in the
/// instant between that question and the removal could still lose its bytes. Returns how many
/// went.
pub async fn collect_files(state: &AppState, at: i64) -> AppResult<usize> {
    let before = at - 86_400;
    let staged = state.files.remove_staged_before(before).await?;
    let named = store::named_files(&state.db).await?;
    let mut unnamed = 0;
    for sha in state.files.kept_before(before).await? {
        if named.contains(&sha) || store::names_file(&state.db, &sha).await? || state.files.kept_since(&sha, before).await {
            continue;
        }
        state.files.remove(&sha).await?;
        unnamed += 1;
    }
    if staged + unnamed > 0 {
        tracing::info!(unnamed, staged, "files nothing names removed");
    }
    Ok(staged + unnamed)
}

/// "Co-operative XYZ" → "co-operative-xyz"
fn slug(name: &str) -> String {
    let lower: String = name.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    let parts: Vec<&str> = lower.split('-').filter(|p| !p.is_empty()).collect();
    let joined = parts.join("-");
    if joined.is_empty() { "coop".into() } else { joined.chars().take(60).collect() }
}
