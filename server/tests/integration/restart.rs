//! A real crash, on both databases: the server binary exporting a heavy portfolio is killed
//! with SIGKILL mid-export, started again, and the export still ends in one bundle (a ZIP that
//! readers other than ours check) and one mail. With a short job lease (2 s), the job its
//! dead worker held is taken again within seconds of the restart.

use crate::common;

use app::db::Db;
use common::{Backend, server_command};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

/// Accepted reports, photos among them, and each photo's bytes: an export of about 3 s in a
/// debug build, most of it the PDF of a thousand reports, written after the first parts are
/// counted, so a kill as soon as one part is done lands mid-way with seconds to spare (60
/// reports and 40 photos of 2 MB took 1 s, the PDF 0.5 s of it). Small on disk: 60 MB.
const REPORTS: u32 = 1000;
const PHOTOS: u32 = 30;
const PHOTO_BYTES: usize = 1_000_000;
/// The lease the servers run with: the job of a killed worker is due again this soon.
const LEASE: &str = "2";

/// A server process, killed (SIGKILL) and waited for when dropped, so a failing test leaves no
/// server behind.
struct Server {
    child: Child,
    log: PathBuf,
}

impl Server {
    /// `server serve` on a free loopback port, on the database and data folder given, its log
    /// in `log`.
    fn start(dir: &Path, url: &str, log: PathBuf) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let out = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
        let child = server_command(dir)
            .env("CC_JOB_LEASE_SECONDS", LEASE)
            .args(["--addr", &format!("127.0.0.1:{port}"), "--data-dir", "data", "--database-url", url, "serve"])
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("start the server binary");
        Server { child, log }
    }

    /// `kill -9`: no shutdown, no cleanup, whatever it was doing.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL the server");
        self.child.wait().unwrap();
    }

    /// The end of what the servers logged, for a failure's message.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Still running (not stopped by an error of its own)?
    fn assert_alive(&mut self) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!("the server stopped by itself ({status}):\n{}", self.log_tail());
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run a one-off command of the server binary (`seed-demo`, `seed-portfolio …`) to its end.
async fn run_task(dir: &Path, url: &str, args: &[&str]) {
    let mut command = server_command(dir);
    command.args(["--data-dir", "data", "--database-url", url]).args(args);
    let out = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    assert!(
        out.status.success(),
        "server {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
struct State {
    status: String,
    items_done: i64,
    items_total: i64,
    job_status: String,
    attempts: i64,
}

/// The export and its job, as the database has them.
async fn state_of(db: &Db, id: i64) -> State {
    sqlx::query_as(
        "SELECT e.status, e.items_done, e.items_total, j.status AS job_status, j.attempts FROM portfolio_exports e \
         JOIN jobs j ON j.kind = 'portfolio_export' AND j.payload = CAST(e.id AS TEXT) WHERE e.id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

/// Poll (every 20 ms, for at most `limit`) until `until` holds; the last state seen.
async fn wait_for(db: &Db, id: i64, server: &mut Server, limit: Duration, what: &str, until: impl Fn(&State) -> bool) -> State {
    let started = Instant::now();
    loop {
        let state = state_of(db, id).await;
        if until(&state) {
            return state;
        }
        server.assert_alive();
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}, last {state:?}; the server's log:\n{}", server.log_tail());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn an_export_killed_midway_finishes_after_a_restart(backend: Backend) {
    let began = Instant::now();
    let dir = common::tempdir::Dir::new();
    let url = common::database_url(backend, dir.path()).await;
    let data = dir.path().join("data");
    let log = dir.path().join("server.log");

    // The demo, and its first co-op with a heavy portfolio, made by the server binary itself.
    run_task(dir.path(), &url, &["seed-demo"]).await;
    run_task(
        dir.path(),
        &url,
        &["seed-portfolio", "--reports", &REPORTS.to_string(), "--photos", &PHOTOS.to_string(), "--photo-bytes", &PHOTO_BYTES.to_string()],
    )
    .await;
    let db = Db::connect(&url).await.unwrap();
    // The co-op seed-portfolio filled, and its representative, who asks for the export.
    let (org, by): (i64, i64) = sqlx::query_as(
        "SELECT g.organisation_id, p.user_id FROM programme_goals g \
         JOIN organisation_people p ON p.organisation_id = g.organisation_id AND p.is_representative = 1 ORDER BY g.id LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let kept_before = walk(&data.join("files/sha256")).len();
    // Asked for as the portfolio page does: the export and its job, in one transaction.
    let id = app::portfolio::store::queue_export(&db, app::portfolio::store::Subject::Coop(org), by, "en", app::portfolio::export::EXPORT).await.unwrap();

    // The first server takes the job; once a part of the bundle is written, it is killed.
    let mut first = Server::start(dir.path(), &url, log.clone());
    let started = Instant::now();
    let midway = wait_for(&db, id, &mut first, Duration::from_secs(120), "the export under way", |s| {
        s.status == "done" || (s.status == "running" && s.items_done >= 1)
    })
    .await;
    assert_ne!(midway.status, "done", "the export was done before it could be killed: make the portfolio heavier");
    first.kill();
    let killed = Instant::now();
    let after_kill = state_of(&db, id).await;
    assert!(
        after_kill.status == "running" && after_kill.job_status == "running" && after_kill.attempts == 1,
        "the export finished before the kill landed ({:.2?} after the server started), or its job moved on: make the portfolio heavier ({after_kill:?})",
        killed - started
    );

    // Started again: the dead worker's job is taken again once its lease runs out, and done.
    let mut second = Server::start(dir.path(), &url, log.clone());
    let done = wait_for(&db, id, &mut second, Duration::from_secs(60), "the export done after the restart", |s| {
        s.status == "done" && s.job_status == "done"
    })
    .await;
    println!(
        "restart ({backend:?}): killed at {}/{} parts after {:.2} s; done {:.2} s after the kill",
        after_kill.items_done,
        after_kill.items_total,
        (killed - started).as_secs_f64(),
        killed.elapsed().as_secs_f64()
    );
    assert!(done.attempts >= 2, "taken again after the kill: {done:?}");
    assert_eq!(done.items_done, done.items_total);

    // One export, one bundle, one mail.
    let count = |sql: String| {
        let db = db.clone();
        async move { sqlx::query_as::<_, (i64,)>(&sql).fetch_one(&db.pool).await.unwrap().0 }
    };
    assert_eq!(count("SELECT COUNT(*) FROM portfolio_exports".into()).await, 1);
    assert_eq!(count("SELECT COUNT(*) FROM jobs WHERE kind = 'portfolio_export'".into()).await, 1);
    assert_eq!(count(format!("SELECT COUNT(*) FROM outbox WHERE dedupe_key = 'portfolio_export:{id}'")).await, 1, "one mail");
    let (sha,): (String,) = sqlx::query_as("SELECT bundle_sha256 FROM portfolio_exports WHERE id = $1").bind(id).fetch_one(&db.pool).await.unwrap();
    let files = app::files::storage::Files::local(&data.join("files"), u64::MAX).unwrap();
    assert!(files.holds(&sha).await, "the bundle is in file storage");
    let kept = walk(&data.join("files/sha256"));
    assert_eq!(kept.len(), kept_before + 1, "one bundle is kept, nothing twice: {kept:?}");
    // Half a bundle from the killed run may be left under uploads/, never at a content address.
    let left = walk(&data.join("files/uploads"));
    println!("restart ({backend:?}): {} unfinished upload(s) left by the killed run", left.len());

    // The bundle, read by readers other than ours.
    let zip = dir.path().join("bundle.zip");
    {
        use futures_util::StreamExt;
        let (_, mut stream) = files.open(&sha).await.unwrap();
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            bytes.extend_from_slice(&chunk.unwrap());
        }
        std::fs::write(&zip, bytes).unwrap();
    }
    let b = tokio::task::spawn_blocking(move || crate::portfolio::check_bundle(&zip)).await.unwrap();
    let json = &b["json"];
    let evidence: Vec<String> = json["evidence"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap().to_string()).collect();
    assert!(evidence.len() >= PHOTOS as usize, "every photo is in: {evidence:?}");
    assert!(json["reports"].as_array().unwrap().len() >= REPORTS as usize);
    let mut names: Vec<String> = b["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
    names.sort();
    let mut expected: Vec<String> = app::portfolio::export::FIXED_FILES.iter().map(|f| f.to_string()).chain(evidence).collect();
    expected.sort();
    assert_eq!(names, expected, "the ZIP holds the four files of ours and what the JSON names, no more");
    assert!(b["bad_crc"].is_null(), "{}", b["bad_crc"]);
    assert_eq!(b["schema_errors"], serde_json::json!([]));
    assert_eq!(b["sha_mismatch"], serde_json::json!([]));
    assert_eq!(b["qpdf_ok"], true, "{}", b["qpdf"]);
    println!("restart ({backend:?}): {:.1} s all told", began.elapsed().as_secs_f64());
    db.pool.close().await;
    drop(second);
}

/// Every file under `dir` (none when it does not exist).
fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

mod an_export_killed_with_sigkill_midway_finishes_after_a_restart {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        an_export_killed_midway_finishes_after_a_restart(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        an_export_killed_midway_finishes_after_a_restart(Backend::Postgres).await;
    }
}
