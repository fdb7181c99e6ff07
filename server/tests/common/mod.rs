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

async fn database_url(backend: Backend, dir: &std::path::Path) -> String {
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

async fn spawn_at(url: String, dir: std::sync::Arc<tempdir::Dir>) -> TestApp {
    let cli = Cli::parse_from([
        "server",
        "--database-url",
        &url,
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--site-root",
        dir.path().join("site").to_str().unwrap(),
    ]);
    let state = server::build_state(&cli.config).await.expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // The public URL is the address we listen on, as in production.
    let mut state_for_app = state.clone();
    let mut settings = (*state.settings).clone();
    settings.public_url = format!("http://{addr}");
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

    /// A signed-in client for a new account holding `roles`.
    pub async fn person(&self, email: &str, roles: &[app::accounts::Role]) -> Client {
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

/// A temporary folder removed when dropped (no extra crate for this).
pub mod tempdir {
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new() -> Self {
            let path = std::env::temp_dir().join(super::unique("cc_test"));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
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
