//! Sessions and the one helper that tells a server function who is calling.
//!
//! A session is a random 256-bit token held in an HttpOnly cookie; the database keeps only its
//! SHA-256, so a leaked database cannot be replayed as cookies. The server's middleware looks the
//! cookie up once per request ([`resolve`]) and leaves a [`RequestCaller`] in the request's
//! extensions; [`caller`] / [`require_user`] read it from there.

use super::model::{Me, Role};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::state::{AppState, Settings};
use crate::time::now;
use http::HeaderMap;
use http::header::{COOKIE, SET_COOKIE, USER_AGENT};
use leptos::prelude::use_context;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Who is calling: the signed-in person, their roles, and the session they came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: i64,
    pub session_id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub locale: Locale,
    pub time_zone: String,
}

impl Caller {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Deny unless the caller holds `role`.
    pub fn require(&self, role: Role) -> AppResult<()> {
        if self.has(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn me(&self) -> Me {
        Me {
            id: self.user_id,
            name: self.name.clone(),
            email: self.email.clone(),
            roles: self.roles.clone(),
            locale: self.locale,
        }
    }
}

/// What the middleware learnt about the request's session.
#[derive(Debug, Clone, Default)]
pub struct RequestCaller(pub Option<Caller>);

pub fn cookie_name(settings: &Settings) -> &'static str {
    // Browsers accept a `__Host-` cookie only when it is Secure, so plain-http development
    // and tests use an unprefixed name with the same attributes otherwise.
    if settings.secure_cookies {
        "__Host-cc_session"
    } else {
        "cc_session"
    }
}

pub const LANG_COOKIE: &str = "cc_lang";

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh random token and its hash.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn session_cookie(settings: &Settings, value: &str, max_age: i64) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        cookie_name(settings)
    )
}

pub fn lang_cookie(settings: &Settings, locale: Locale) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000{secure}",
        locale.code()
    )
}

/// Look up the session named by the request's cookie, ending it if it has timed out.
pub async fn resolve(state: &AppState, headers: &HeaderMap) -> Option<Caller> {
    let token = cookie_value(headers, cookie_name(&state.settings))?;
    if token.len() != 64 {
        return None;
    }
    let hash = hash_token(token);
    type Row = (i64, i64, i64, i64, String, String, String, String, Option<String>);
    // One round trip per request: the person's roles come along, comma-joined (the two
    // databases spell the aggregate differently).
    let roles_of_user = match state.db.backend {
        crate::db::Backend::Sqlite => "(SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = u.id)",
        crate::db::Backend::Postgres => "(SELECT string_agg(role, ',') FROM user_roles r WHERE r.user_id = u.id)",
    };
    let sql = format!(
        "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, u.name, u.email, u.locale, u.time_zone, {roles_of_user} \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
    );
    let row = sqlx::query_as::<_, Row>(&sql)
    .bind(&hash)
    .fetch_optional(&state.db.pool)
    .await
    .map_err(|e| tracing::error!(error = %e, "session lookup"))
    .ok()??;
    let (session_id, user_id, created_at, last_seen_at, name, email, locale, time_zone, roles) = row;
    let t = now();
    let settings = &state.settings;
    if t - last_seen_at > settings.session_idle_secs
        || t - created_at > settings.session_absolute_secs
    {
        let _ = sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(session_id)
            .execute(&state.db.pool)
            .await;
        return None;
    }
    // Touch at most once a minute: enough for idle timeouts, cheap for busy pages.
    if t - last_seen_at > 60 {
        let _ = sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(t)
            .bind(session_id)
            .execute(&state.db.pool)
            .await;
    }
    let mut roles: Vec<Role> = roles.unwrap_or_default().split(',').filter_map(Role::parse).collect();
    roles.sort();
    Some(Caller {
        user_id,
        session_id,
        name,
        email,
        roles,
        locale: Locale::parse(&locale).unwrap_or_default(),
        time_zone,
    })
}

/// The page language: the person's choice, then the cookie, then the browser's languages.
pub fn locale_for(headers: &HeaderMap, caller: Option<&Caller>) -> Locale {
    caller
        .map(|c| c.locale)
        .or_else(|| cookie_value(headers, LANG_COOKIE).and_then(Locale::parse))
        .or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}

fn request_parts() -> AppResult<http::request::Parts> {
    use_context::<http::request::Parts>()
        .ok_or_else(|| AppError::internal("request", "no request parts in context"))
}

/// Who is calling, if anyone. Every server function starts here (or with [`require_user`]).
pub fn caller() -> AppResult<Option<Caller>> {
    Ok(request_parts()?
        .extensions
        .get::<RequestCaller>()
        .and_then(|c| c.0.clone()))
}

/// The signed-in caller, or [`AppError::SignInRequired`].
pub fn require_user() -> AppResult<Caller> {
    caller()?.ok_or(AppError::SignInRequired)
}

/// The signed-in caller holding `role`.
pub fn require_role(role: Role) -> AppResult<Caller> {
    let caller = require_user()?;
    caller.require(role)?;
    Ok(caller)
}

/// The client's address, for rate limits and the sessions list.
pub fn client_addr() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn user_agent() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(300).collect())
        })
        .unwrap_or_default()
}

fn set_cookie(value: String) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = http::HeaderValue::from_str(&value) {
            response.append_header(SET_COOKIE, v);
        }
    }
}

/// Start a new session for `user_id` (always a new token: no session fixation) and set its cookie.
/// A session this browser already had is ended first, so none is left behind unseen.
pub async fn start(state: &AppState, user_id: i64) -> AppResult<()> {
    if let Some(previous) = caller()? {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(previous.session_id)
            .execute(&state.db.pool)
            .await?;
    }
    let (token, hash) = new_token();
    let t = now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, user_agent, client_addr) VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(t)
    .bind(user_agent())
    .bind(client_addr())
    .execute(&state.db.pool)
    .await?;
    set_cookie(session_cookie(
        &state.settings,
        &token,
        state.settings.session_absolute_secs,
    ));
    Ok(())
}

/// End the caller's session on the server and clear the cookie.
pub async fn end(state: &AppState, caller: &Caller) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(caller.session_id)
        .execute(&state.db.pool)
        .await?;
    set_cookie(session_cookie(&state.settings, "", 0));
    Ok(())
}

pub fn set_language_cookie(state: &AppState, locale: Locale) {
    set_cookie(lang_cookie(&state.settings, locale));
}
