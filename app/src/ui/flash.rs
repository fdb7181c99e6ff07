//! What a failed plain (no-JavaScript) form post leaves for the page it sends the browser back
//! to: the error and the values the person typed, so they see the message by the field and
//! do not type again.
//!
//! It is kept on the server for two minutes, named by a random token in an HttpOnly cookie,
//! and taken (deleted) by the next page load of the form's own address. It never travels in
//! the URL: a crafted link cannot pre-fill a form with someone else's words, and what people
//! typed stays out of addresses, logs and browser history.

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// The error and typed values of the form post that failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFlash {
    /// The server function that refused (its path), so only that form shows the error.
    pub action: String,
    pub error: Option<AppError>,
    pub kept: Vec<(String, String)>,
}

impl FormFlash {
    pub fn kept(&self, field: &str) -> Option<&str> {
        self.kept
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
    }
}

pub const FLASH_COOKIE: &str = "cc_flash";
/// Long enough for a slow phone to follow the redirect; short enough to forget soon.
pub const FLASH_SECS: i64 = 120;
/// Each kept value is cut to this many characters.
pub const KEPT_MAX_CHARS: usize = 2000;

/// The flash the request brought, for the page being rendered: what the middleware took for
/// this request. Pages read it on the server; an island is given it as a prop (`ui::island`).
pub fn request_flash() -> FormFlash {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<FormFlash>().cloned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    FormFlash::default()
}

/// The `Set-Cookie` value naming a flash (or, with an empty token, forgetting it).
pub fn cookie(token: &str, secure: bool) -> String {
    let max_age = if token.is_empty() { 0 } else { FLASH_SECS };
    let secure = if secure { "; Secure" } else { "" };
    format!("{FLASH_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::{FLASH_SECS, FormFlash};
    use crate::accounts::session::{hash_token, new_token};
    use crate::db::Db;
    use crate::error::AppResult;
    use crate::time::now;

    /// Keep `flash` for the next load of `path`; returns the token for the cookie.
    pub async fn put(db: &Db, path: &str, flash: &FormFlash) -> AppResult<String> {
        let (token, hash) = new_token();
        let data = serde_json::to_string(flash).unwrap_or_default();
        sqlx::query("INSERT INTO form_flashes (token_hash, path, data, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(hash)
            .bind(path)
            .bind(data)
            .bind(now() + FLASH_SECS)
            .execute(&db.pool)
            .await?;
        Ok(token)
    }

    /// Take the flash named by `token` when it was left for `path` and is still fresh. It is
    /// deleted as it is read: one page load sees it.
    pub async fn take(db: &Db, token: &str, path: &str) -> AppResult<Option<FormFlash>> {
        if token.len() != 64 {
            return Ok(None);
        }
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "DELETE FROM form_flashes WHERE token_hash = $1 RETURNING path, data, expires_at",
        )
        .bind(hash_token(token))
        .fetch_optional(&db.pool)
        .await?;
        Ok(row.and_then(|(stored_path, data, expires_at)| {
            (stored_path == path && expires_at > now())
                .then(|| serde_json::from_str(&data).ok())
                .flatten()
        }))
    }

    /// Forget flashes nobody came back for.
    pub async fn prune(db: &Db) -> AppResult<()> {
        sqlx::query("DELETE FROM form_flashes WHERE expires_at < $1")
            .bind(now())
            .execute(&db.pool)
            .await?;
        Ok(())
    }
}
