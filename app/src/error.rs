//! The one error type that crosses the wire.
//!
//! Which error to use where:
//! - validation failures: [`AppError::Invalid`] with one [`FieldError`] per field, so the page
//!   can put each message next to its field and in the summary at the top;
//! - "who are you / may you": [`AppError::SignInRequired`], [`AppError::Forbidden`];
//! - anything that went wrong inside (database, io, mail): log the cause on the server and
//!   return [`AppError::Unavailable`]. Never turn a sqlx or io error into text for the browser.
//!
//! Messages are i18n keys, not strings, so the browser shows them in the reader's language.

use crate::i18n::T;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's `name`, which is also the id of its input.
    pub field: String,
    pub message: T,
}

impl FieldError {
    pub fn new(field: &str, message: T) -> Self {
        Self {
            field: field.to_string(),
            message,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("the form has errors")]
    Invalid(Vec<FieldError>),
    #[error("sign-in required")]
    SignInRequired,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("email or password not recognised")]
    BadCredentials,
    #[error("too many attempts")]
    RateLimited { retry_after_minutes: i64 },
    #[error("this link has expired or was already used")]
    LinkExpired,
    #[error("request refused")]
    CrossOrigin,
    #[error("could not reach the server")]
    Network,
    #[error("the request was incomplete")]
    BadRequest,
    #[error("temporarily unavailable")]
    Unavailable,
}

impl AppError {
    pub fn invalid(field: &str, message: T) -> Self {
        AppError::Invalid(vec![FieldError::new(field, message)])
    }

    /// The sentence a person reads for this error (field errors are shown by their fields).
    pub fn message(&self) -> T {
        match self {
            AppError::Invalid(_) => T::ErrFixBelow,
            AppError::SignInRequired => T::ErrSignInRequired,
            AppError::Forbidden => T::ErrForbidden,
            AppError::NotFound => T::ErrNotFound,
            AppError::BadCredentials => T::ErrBadCredentials,
            AppError::RateLimited { .. } => T::ErrRateLimited,
            AppError::LinkExpired => T::ErrLinkExpired,
            AppError::CrossOrigin => T::ErrCrossOrigin,
            AppError::Network => T::ErrNetwork,
            AppError::BadRequest => T::ErrBadRequest,
            AppError::Unavailable => T::ErrUnavailable,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Invalid(list) => list,
            _ => &[],
        }
    }

    pub fn for_field(&self, field: &str) -> Option<T> {
        self.field_errors()
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message)
    }

    /// The HTTP status this error is served with, on every server function (the server's
    /// middleware reads the error a server function answered with and sets it) and on pages.
    /// A 500 means a fault of ours and nothing else.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest => 400,
            AppError::Invalid(_) => 422,
            AppError::SignInRequired | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::CrossOrigin => 403,
            AppError::NotFound => 404,
            AppError::LinkExpired => 410,
            AppError::RateLimited { .. } => 429,
            AppError::Unavailable => 500,
            AppError::Network => 503,
        }
    }

    /// Log the internal cause and hand back the error the user may see.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "{context}");
        AppError::Unavailable
    }
}

impl server_fn_error::FromServerFnError for AppError {
    type Encoder = server_fn_error::JsonEncoding;

    fn from_server_fn_error(value: server_fn_error::ServerFnErrorErr) -> Self {
        use server_fn_error::ServerFnErrorErr as E;
        match value {
            E::Request(_) | E::Response(_) => AppError::Network,
            E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => AppError::BadRequest,
            // Everything else is a fault in the transport: nothing the user can fix by typing.
            _ => AppError::Unavailable,
        }
    }
}

/// Re-exports under one name so this file reads the same in both builds.
mod server_fn_error {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::internal("database error", e)
    }
}

pub type AppResult<T> = Result<T, AppError>;
