//! Sending (server only).

use super::DeliveryStatus;
use crate::db::Db;
use crate::error::AppError;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// SMTP settings; the password is never printed.
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// "starttls" (default), "tls" (implicit, port 465) or "none" (a local relay only).
    pub security: String,
    pub from: String,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "********"))
            .field("security", &self.security)
            .field("from", &self.from)
            .finish()
    }
}

#[derive(Clone, Debug)]
pub struct Mailer {
    smtp: Option<(SmtpSettings, AsyncSmtpTransport<Tokio1Executor>)>,
}

impl Mailer {
    /// Keep messages in the outbox only.
    pub fn outbox_only() -> Self {
        Mailer { smtp: None }
    }

    pub fn smtp(settings: SmtpSettings) -> Result<Self, String> {
        let builder = match settings.security.as_str() {
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host),
            "none" => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                &settings.host,
            )),
            _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host),
        }
        .map_err(|e| format!("SMTP host: {e}"))?;
        let mut builder = builder.port(settings.port);
        if let (Some(user), Some(pass)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        let transport = builder.build();
        Ok(Mailer {
            smtp: Some((settings, transport)),
        })
    }

    pub fn uses_smtp(&self) -> bool {
        self.smtp.is_some()
    }

    /// Record the message in the outbox, then deliver it by SMTP when configured.
    /// A delivery failure is logged and kept on the message; it never fails the caller's action.
    pub async fn send(
        &self,
        db: &Db,
        to_addr: &str,
        to_user: Option<i64>,
        subject: &str,
        body: &str,
    ) -> Result<(), AppError> {
        let (status, detail) = match &self.smtp {
            None => (DeliveryStatus::Held, String::new()),
            Some((settings, transport)) => {
                match deliver(settings, transport, to_addr, subject, body).await {
                    Ok(()) => (DeliveryStatus::Sent, String::new()),
                    Err(e) => {
                        tracing::warn!(error = %e, "SMTP delivery failed");
                        (DeliveryStatus::Failed, e)
                    }
                }
            }
        };
        sqlx::query(
            "INSERT INTO outbox (to_addr, to_user, subject, body, created_at, status, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(to_addr)
        .bind(to_user)
        .bind(subject)
        .bind(body)
        .bind(crate::time::now())
        .bind(status.as_str())
        .bind(detail)
        .execute(&db.pool)
        .await?;
        Ok(())
    }
}

impl Mailer {
    /// Send a message at most once per `key` (a job that is retried after a crash must not
    /// send again): the outbox row, with its key, is written first; if the key is already
    /// there nothing is sent. Returns whether this call sent it.
    pub async fn send_once(
        &self,
        db: &Db,
        key: &str,
        to_addr: &str,
        to_user: Option<i64>,
        subject: &str,
        body: &str,
    ) -> Result<bool, AppError> {
        let initial = if self.smtp.is_some() { "sending" } else { DeliveryStatus::Held.as_str() };
        let row: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO outbox (to_addr, to_user, subject, body, created_at, status, detail, dedupe_key) \
             VALUES ($1, $2, $3, $4, $5, $6, '', $7) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(to_addr)
        .bind(to_user)
        .bind(subject)
        .bind(body)
        .bind(crate::time::now())
        .bind(initial)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?;
        let Some((id,)) = row else {
            return Ok(false);
        };
        if let Some((settings, transport)) = &self.smtp {
            let (status, detail) = match deliver(settings, transport, to_addr, subject, body).await {
                Ok(()) => (DeliveryStatus::Sent, String::new()),
                Err(e) => {
                    tracing::warn!(error = %e, "SMTP delivery failed");
                    (DeliveryStatus::Failed, e)
                }
            };
            sqlx::query("UPDATE outbox SET status = $1, detail = $2 WHERE id = $3")
                .bind(status.as_str())
                .bind(detail)
                .bind(id)
                .execute(&db.pool)
                .await?;
        }
        Ok(true)
    }
}

async fn deliver(
    settings: &SmtpSettings,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    to_addr: &str,
    subject: &str,
    body: &str,
) -> Result<(), String> {
    let from: Mailbox = settings
        .from
        .parse()
        .map_err(|e| format!("from address: {e}"))?;
    let to: Mailbox = to_addr.parse().map_err(|e| format!("to address: {e}"))?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_string())
        .map_err(|e| format!("message: {e}"))?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| format!("smtp: {e}"))
}

/// Email a person in their own language: `subject` and `body` are text keys, filled with
/// `args`; `{link}` in the body becomes `link` on this site's public address.
pub async fn notify(
    state: &crate::state::AppState,
    user_id: i64,
    subject: crate::i18n::T,
    body: crate::i18n::T,
    args: &[(&str, &str)],
    link: &str,
) -> Result<(), AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT email, locale FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&state.db.pool)
            .await?;
    let Some((email, locale)) = row else {
        return Ok(());
    };
    let locale = crate::i18n::Locale::parse(&locale).unwrap_or_default();
    notify_address(state, &email, Some(user_id), locale, subject, body, args, link).await
}

/// The same, to an address that may not have an account yet (an invitation, a claim link).
#[allow(clippy::too_many_arguments)]
pub async fn notify_address(
    state: &crate::state::AppState,
    email: &str,
    user_id: Option<i64>,
    locale: crate::i18n::Locale,
    subject: crate::i18n::T,
    body: crate::i18n::T,
    args: &[(&str, &str)],
    link: &str,
) -> Result<(), AppError> {
    let url = format!("{}{link}", state.settings.public_url.trim_end_matches('/'));
    let mut all: Vec<(&str, &str)> = args.to_vec();
    all.push(("link", &url));
    let subject = locale.tf(subject, &all);
    let body = locale.tf(body, &all);
    state
        .mailer
        .send(&state.db, email, user_id, &subject, &body)
        .await
}
