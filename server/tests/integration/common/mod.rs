//! Test harness: the real server on a random loopback port, with a fresh database each —
//! a SQLite file in a temporary folder, or a new PostgreSQL database on the server named by
//! `TEST_POSTGRES_URL` (the README's test command starts one and sets it).

#![allow(dead_code)]

use app::error::AppError;
use app::state::AppState;
use clap::Parser;
use reqwest::header::{ACCEPT, CONTENT_TYPE, ORIGIN};
use reqwest::{Client, Response, StatusCode};
use serde::de::DeserializeOwned;
use server::config::Cli;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub database_url: String,
    _dir: std::sync::Arc<tempdir::Dir>,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

/// A fresh database for one test: a SQLite file in `dir`, or a new PostgreSQL database.
pub async fn database_url(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => app::db::sqlite_url(&dir.join("test.db")),
        Backend::Postgres => {
            let admin_url = std::env::var("TEST_POSTGRES_URL").expect(
                "TEST_POSTGRES_URL is not set: run the README's test command, which starts PostgreSQL and sets it",
            );
            let name = unique("cc_test");
            let admin = app::db::Db::connect(&admin_url)
                .await
                .expect("connect to TEST_POSTGRES_URL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin.pool)
                .await
                .expect("create test database");
            admin.pool.close().await;
            let (base, _) = admin_url
                .rsplit_once('/')
                .expect("TEST_POSTGRES_URL ends with /database");
            format!("{base}/{name}")
        }
    }
}

pub async fn spawn(backend: Backend) -> TestApp {
    let dir = std::sync::Arc::new(tempdir::Dir::new());
    let url = database_url(backend, dir.path()).await;
    spawn_at(url, dir).await
}

impl TestApp {
    /// Another server process on the same database, with nothing in memory: a restart, or a
    /// second instance behind the same load balancer.
    pub async fn another_instance(&self) -> TestApp {
        spawn_at(self.database_url.clone(), self._dir.clone()).await
    }
}

impl TestApp {
    /// Another server on this one's database whose settings `tune` changes (trusted proxies,
    /// limits at their real values…).
    pub async fn tuned(&self, tune: impl FnOnce(&mut app::state::Settings)) -> TestApp {
        let mut settings = (*self.state.settings).clone();
        tune(&mut settings);
        let mut state = self.state.clone();
        state.settings = std::sync::Arc::new(settings);
        self.serve(state).await
    }

    /// The folder this server keeps evidence files in.
    pub fn files_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("files")
    }

    /// Another server on this one's database and file folder, taking files up to `bytes`.
    pub async fn with_upload_limit(&self, bytes: u64) -> TestApp {
        self.with_files(app::files::storage::Files::local(&self.files_dir(), bytes).unwrap()).await
    }

    /// Another server on this one's database that keeps its files in `files`.
    pub async fn with_files(&self, files: app::files::storage::Files) -> TestApp {
        let mut state = self.state.clone();
        state.files = files;
        self.serve(state).await
    }

    /// Another server on this one's database that hands its mail to `mailer` (an SMTP server
    /// that cannot be reached, a mail folder…) when its jobs run ([`TestApp::deliver_mail`]).
    pub async fn with_mailer(&self, mailer: app::mail::Mailer) -> TestApp {
        let mut state = self.state.clone();
        state.mailer = mailer;
        state.jobs_wake = std::sync::Arc::new(tokio::sync::Notify::new());
        self.serve(state).await
    }

    /// Serve `state` (on this one's database) on a new port, its public URL set to match.
    async fn serve(&self, mut state: AppState) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut settings = (*state.settings).clone();
        settings.public_url = format!("http://{addr}");
        state.settings = std::sync::Arc::new(settings);
        let site_root = self.site_root();
        let cli = Cli::parse_from(["server", "--site-root", site_root.to_str().unwrap()]);
        let router = server::router(state.clone(), server::leptos_options(&cli.config));
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        TestApp {
            base: format!("http://{addr}"),
            state,
            database_url: self.database_url.clone(),
            _dir: self._dir.clone(),
        }
    }

    /// What the server's job worker does when woken: run every job that is due (mail to
    /// deliver, reminders); returns how many ran. The test servers run no worker of their
    /// own, so a test decides when mail goes out — the helpers that read delivered mail call
    /// this first.
    pub async fn deliver_mail(&self) -> usize {
        app::jobs::run_due(&self.state).await.expect("run the due jobs")
    }
}

async fn spawn_at(url: String, dir: std::sync::Arc<tempdir::Dir>) -> TestApp {
    let mut args: Vec<String> = [
        "server",
        "--database-url",
        &url,
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--site-root",
        dir.path().join("site").to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // With a mail server (`spawn_with_mail`), mail goes out by SMTP to it, as in production.
    args.extend(mail::smtp_args(&dir));
    let cli = Cli::parse_from(args);
    let state = server::build_state(&cli.config).await.expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // The public URL is the address we listen on, as in production.
    let mut state_for_app = state.clone();
    let mut settings = (*state.settings).clone();
    settings.public_url = format!("http://{addr}");
    // Every test client is 127.0.0.1, so the per-address limits are relaxed for busy tests;
    // tests/integration/throttles.rs puts them back to their real values (`TestApp::tuned`).
    settings.api_per_second = 0;
    settings.sign_ups_per_address_per_hour = 10_000;
    state_for_app.settings = std::sync::Arc::new(settings);
    let router = server::router(state_for_app.clone(), server::leptos_options(&cli.config));
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    TestApp {
        base: format!("http://{addr}"),
        state: state_for_app,
        database_url: url,
        _dir: dir,
    }
}

/// The server binary, run as an operator would, in `dir`, with none of this machine's CC_
/// settings.
pub fn server_command(dir: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
    for (key, _) in std::env::vars() {
        if key.starts_with("CC_") || key == "DATABASE_URL" {
            command.env_remove(key);
        }
    }
    command.current_dir(dir);
    command
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl TestApp {
    /// The site folder the server serves /pkg from.
    pub fn site_root(&self) -> std::path::PathBuf {
        self._dir.path().join("site")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Call a server function the way the hydrated page does (form-encoded in, JSON out).
    pub async fn call_raw(
        &self,
        client: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Response {
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .header(ORIGIN, &self.base)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(form).unwrap())
            .send()
            .await
            .unwrap()
    }

    pub async fn call<T: DeserializeOwned>(
        &self,
        client: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Result<T, AppError> {
        let response = self.call_raw(client, endpoint, form).await;
        let ok = response.status().is_success();
        let body = response.text().await.unwrap();
        if ok {
            Ok(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{endpoint}: {e}: {body}")))
        } else {
            Err(serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("{endpoint}: not an AppError ({e}): {body}")))
        }
    }

    pub async fn sign_up(
        &self,
        client: &Client,
        name: &str,
        email: &str,
        password: &str,
    ) -> Result<String, AppError> {
        self.call(
            client,
            "accounts/sign_up",
            &[
                ("name", name),
                ("email", email),
                ("password", password),
                ("confirm", password),
                ("next", "/"),
            ],
        )
        .await
    }

    pub async fn sign_in(
        &self,
        client: &Client,
        email: &str,
        password: &str,
    ) -> Result<String, AppError> {
        self.call(
            client,
            "accounts/sign_in",
            &[
                ("email", email),
                ("password", password),
                ("next", "/account"),
            ],
        )
        .await
    }

    pub async fn who(&self, client: &Client) -> Option<app::accounts::Me> {
        self.call::<Option<app::accounts::Me>>(client, "accounts/who_am_i", &[])
            .await
            .unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
        n
    }

    /// A signed-in client for a new account holding `roles`, its address already confirmed
    /// (an established account: made in the store, so no confirmation mail is in the outbox,
    /// then signed in through the real sign-in). See `unconfirmed_person` for a fresh sign-up.
    pub async fn person(&self, email: &str, roles: &[app::accounts::Role]) -> Client {
        let client = browser();
        let hash = app::accounts::password::hash(PASSWORD.to_string())
            .await
            .unwrap();
        let id = app::accounts::store::create_user(
            &self.state.db,
            "Test Person",
            email,
            &hash,
            Default::default(),
        )
        .await
        .expect("create the account");
        app::accounts::store::mark_email_verified(&self.state.db, id)
            .await
            .unwrap();
        self.sign_in(&client, email, PASSWORD)
            .await
            .expect("sign in");
        for role in roles {
            app::accounts::store::grant_role(&self.state.db, id, *role, None)
                .await
                .unwrap();
        }
        client
    }

    pub async fn get(
        &self,
        client: &Client,
        path: &str,
    ) -> (StatusCode, reqwest::header::HeaderMap, String) {
        let response = client
            .get(self.url(path))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        (status, headers, response.text().await.unwrap())
    }
}

pub const PASSWORD: &str = "correct horse battery";

/// Every field of an application that can be sent: a small Welsh farm co-op with one need.
pub const COMPLETE_APPLICATION: &[(&str, &str)] = &[
    ("org_name", "Hill Farm Co-op"),
    ("legal_form", "worker"),
    ("sector", "agriculture"),
    ("nation", "wales"),
    ("region", "Mid Wales"),
    ("members_count", "6"),
    ("staff_count", "2"),
    ("contact_name", "Rhian"),
    ("contact_email", "rhian@hillfarm.coop"),
    ("contact_preference", "phone"),
    ("contact_phone", "01970 123456"),
    ("delivery", "phone"),
    ("finance-issue-member_finance", "on"),
    ("finance-urgency", "medium"),
];

/// Run one test body on both databases.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = common::spawn(common::Backend::Sqlite).await;
                ($body)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = common::spawn(common::Backend::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}

/// The same, each server sending its mail by SMTP to a mail server of its own
/// ([`spawn_with_mail`]): for tests that read what was delivered.
#[macro_export]
macro_rules! on_both_databases_with_mail {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = common::spawn_with_mail(common::Backend::Sqlite).await;
                ($body)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = common::spawn_with_mail(common::Backend::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}

/// A temporary folder removed when dropped (no extra crate for this). It also holds the
/// test's mail server, if it has one, so every instance on the same folder shares it.
pub mod s3;
pub mod world;

pub mod tempdir {
    pub struct Dir(
        std::path::PathBuf,
        pub(crate) std::sync::OnceLock<super::mail::MailServer>,
    );
    impl Dir {
        pub fn new() -> Self {
            let path = std::env::temp_dir().join(super::unique("cc_test"));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path, std::sync::OnceLock::new())
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Mail as delivered: a real SMTP server on loopback (Python's aiosmtpd, `tests/integration/smtp_sink.py`)
/// that the server under test sends to with lettre, exactly as in production. Tests that need
/// a link read it from there — the outbox keeps only a placeholder. `.ci/test.sh` installs
/// aiosmtpd.
pub mod mail {
    use super::{Backend, TestApp};
    use std::io::BufRead;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::sync::Mutex;

    /// One message as a mail client shows it.
    #[derive(Debug, Clone, serde::Deserialize)]
    pub struct Mail {
        pub to: Vec<String>,
        pub subject: String,
        pub body: String,
    }

    pub struct MailServer {
        pub port: u16,
        pub folder: PathBuf,
        child: Mutex<Child>,
    }

    impl MailServer {
        fn start(folder: PathBuf) -> MailServer {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/smtp_sink.py");
            let mut child = Command::new("python3")
                .arg(&script)
                .arg(&folder)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("start python3 for the test mail server");
            let mut line = String::new();
            std::io::BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            let port = line.trim().parse().unwrap_or_else(|_| {
                let _ = child.kill();
                panic!(
                    "the test mail server did not start: install aiosmtpd \
                     (python3 -m pip install \"aiosmtpd==1.4.6\", as .ci/test.sh does)"
                )
            });
            MailServer {
                port,
                folder,
                child: Mutex::new(child),
            }
        }
    }

    impl Drop for MailServer {
        fn drop(&mut self) {
            if let Ok(mut child) = self.child.lock() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }

    /// The server's flags for the folder's mail server, if it has one.
    pub fn smtp_args(dir: &super::tempdir::Dir) -> Vec<String> {
        match dir.1.get() {
            None => Vec::new(),
            Some(server) => [
                "--smtp-host",
                "127.0.0.1",
                "--smtp-port",
                &server.port.to_string(),
                "--smtp-security",
                "none",
                "--mail-from",
                "Co-op Circles <circles@test.localhost>",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }

    /// A server as [`super::spawn`] makes it, sending its mail by SMTP to a mail server of its own.
    pub async fn spawn_with_mail(backend: Backend) -> TestApp {
        let dir = std::sync::Arc::new(super::tempdir::Dir::new());
        let folder = dir.path().join("delivered");
        std::fs::create_dir_all(&folder).unwrap();
        let server = tokio::task::spawn_blocking(move || MailServer::start(folder))
            .await
            .unwrap();
        assert!(dir.1.set(server).is_ok());
        let url = super::database_url(backend, dir.path()).await;
        super::spawn_at(url, dir).await
    }

    impl TestApp {
        fn mail_folder(&self) -> &Path {
            &self
                ._dir
                .1
                .get()
                .expect("this test server has no mail server: start it with spawn_with_mail")
                .folder
        }

        /// Every message delivered so far, oldest first (the due mail is delivered first, as
        /// the server's worker would have by now).
        pub fn all_mail(&self) -> Vec<Mail> {
            let app = self;
            tokio::task::block_in_place(|| {
                tokio::runtime::Handle::current().block_on(app.deliver_mail())
            });
            self.delivered_so_far()
        }

        /// What the mail server has received, without running any job.
        pub fn delivered_so_far(&self) -> Vec<Mail> {
            let mut names: Vec<PathBuf> = std::fs::read_dir(self.mail_folder())
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
                .collect();
            names.sort();
            names
                .iter()
                .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
                .collect()
        }

        /// The messages delivered to `email`, oldest first.
        pub fn mails_to(&self, email: &str) -> Vec<Mail> {
            let email = email.to_lowercase();
            self.all_mail()
                .into_iter()
                .filter(|m| m.to.contains(&email))
                .collect()
        }

        /// The bodies of the messages delivered to `email`, oldest first.
        pub fn mail_to(&self, email: &str) -> Vec<String> {
            self.mails_to(email).into_iter().map(|m| m.body).collect()
        }

        /// The newest link to `path` on this server (e.g. `"/reset?token="`) in the mail
        /// delivered to `email`, as a full address. Waits a little for the mail to arrive.
        pub async fn link_in_mail(&self, email: &str, path: &str) -> String {
            let start = format!("{}{path}", self.base);
            for _ in 0..100 {
                let found = self.mail_to(email).iter().rev().find_map(|body| {
                    body.find(&start).map(|at| {
                        body[at..]
                            .split(|c: char| c.is_whitespace())
                            .next()
                            .unwrap()
                            .to_string()
                    })
                });
                if let Some(link) = found {
                    return link;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            panic!(
                "no {start}… in the mail to {email}: {:#?}",
                self.mails_to(email)
            );
        }

        /// The token of that link.
        pub async fn token_in_mail(&self, email: &str, path: &str) -> String {
            let link = self.link_in_mail(email, path).await;
            let token = link.rsplit_once("token=").unwrap().1.to_string();
            assert_eq!(token.len(), 64, "{link}");
            token
        }
    }
}

#[allow(unused_imports)]
pub use mail::spawn_with_mail;

/// A mailer that sends by SMTP to `port` on loopback, as `--smtp-host 127.0.0.1
/// --smtp-security none` would.
pub fn smtp_to(port: u16) -> app::mail::Mailer {
    app::mail::Mailer::smtp(app::mail::SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        username: None,
        password: None,
        security: "none".into(),
        from: "Co-op Circles <circles@test.localhost>".into(),
    })
    .unwrap()
}

/// A mailer whose SMTP server cannot be reached: nothing listens on its port.
pub fn unreachable_smtp() -> app::mail::Mailer {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    smtp_to(port)
}

impl TestApp {
    /// Where `needle` appears anywhere in the database — every column of every table, read
    /// as text — as `table.column` names. Secrets (tokens) must appear nowhere.
    pub async fn find_in_database(&self, needle: &str) -> Vec<String> {
        let columns: Vec<(String, String)> = match self.state.db.backend {
            app::db::Backend::Sqlite => {
                let tables: Vec<(String,)> = sqlx::query_as(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                )
                .fetch_all(&self.state.db.pool)
                .await
                .unwrap();
                let mut all = Vec::new();
                for (table,) in tables {
                    let names: Vec<(String,)> =
                        sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{table}')"))
                            .fetch_all(&self.state.db.pool)
                            .await
                            .unwrap();
                    all.extend(names.into_iter().map(|(c,)| (table.clone(), c)));
                }
                all
            }
            app::db::Backend::Postgres => sqlx::query_as(
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
            )
            .fetch_all(&self.state.db.pool)
            .await
            .unwrap(),
        };
        assert!(
            columns.iter().any(|(t, c)| t == "outbox" && c == "body"),
            "the search reads every table: {columns:?}"
        );
        let pattern = format!("%{needle}%");
        let mut found = Vec::new();
        for (table, column) in columns {
            let (n,): (i64,) = sqlx::query_as(&format!(
                "SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE $1"
            ))
            .bind(&pattern)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
            if n > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
        found
    }

    /// Mark the account of `email` as having confirmed its address.
    pub async fn confirm_address(&self, email: &str) {
        sqlx::query("UPDATE users SET email_verified_at = 1 WHERE email = $1")
            .bind(email)
            .execute(&self.state.db.pool)
            .await
            .unwrap();
    }

    /// A signed-in client for a new account holding `roles` that has *not* confirmed its
    /// address yet (it was sent the link).
    pub async fn unconfirmed_person(&self, email: &str, roles: &[app::accounts::Role]) -> Client {
        let client = browser();
        self.sign_up(&client, "Test Person", email, PASSWORD)
            .await
            .expect("sign up");
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
        for role in roles {
            app::accounts::store::grant_role(&self.state.db, id, *role, None)
                .await
                .unwrap();
        }
        client
    }
}
