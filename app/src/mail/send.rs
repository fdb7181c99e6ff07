//! Sending (server only).

use super::DeliveryStatus;
use crate::db::Db;
use crate::error::AppError;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
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
    /// A local mailbox: every message as delivered is also written here as an `.eml` file
    /// (`--mail-dir`), with the sender it is written from.
    drop: Option<(std::path::PathBuf, String)>,
}

impl Mailer {
    /// Keep messages in the outbox only.
    pub fn outbox_only() -> Self {
        Mailer {
            smtp: None,
            drop: None,
        }
    }

    /// Also write every message, as delivered (links included), as an `.eml` file in `dir`:
    /// a local mailbox for a demo or the browser tests, which have no mail server.
    pub fn with_mail_dir(mut self, dir: impl Into<std::path::PathBuf>, from: &str) -> Self {
        self.drop = Some((dir.into(), from.to_string()));
        self
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
            drop: None,
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
        self.send_secret(db, to_addr, to_user, subject, body, body).await
    }

    /// The same for a message that carries a secret (a link with a token): `body` is what is
    /// delivered; only `kept_body`, where the link is replaced by a placeholder, is stored in
    /// the outbox, so the secret exists nowhere but in the mail as sent.
    pub async fn send_secret(
        &self,
        db: &Db,
        to_addr: &str,
        to_user: Option<i64>,
        subject: &str,
        body: &str,
        kept_body: &str,
    ) -> Result<(), AppError> {
        let (status, detail) = self.deliver(to_addr, subject, body).await;
        sqlx::query(
            "INSERT INTO outbox (to_addr, to_user, subject, body, created_at, status, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(to_addr)
        .bind(to_user)
        .bind(subject)
        .bind(kept_body)
        .bind(crate::time::now())
        .bind(status.as_str())
        .bind(detail)
        .execute(&db.pool)
        .await?;
        Ok(())
    }

    /// Hand the message to SMTP (when configured) and to the mail folder (when set).
    async fn deliver(&self, to_addr: &str, subject: &str, body: &str) -> (DeliveryStatus, String) {
        if let Some((dir, from)) = &self.drop {
            if let Err(e) = write_eml(dir, from, to_addr, subject, body).await {
                tracing::warn!(error = %e, "could not write the mail folder's copy");
            }
        }
        match &self.smtp {
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
        }
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
        let initial = if self.smtp.is_some() {
            "sending"
        } else {
            DeliveryStatus::Held.as_str()
        };
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
        let (status, detail) = self.deliver(to_addr, subject, body).await;
        if self.smtp.is_some() {
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

/// A plain-text message. lettre picks the safest transfer encoding for SMTP (quoted-printable
/// once a line is longer than 76 characters). With `readable` (the mail folder, read by people
/// and by the browser tests as plain files) the text is written as it is — 7-bit or 8-bit
/// UTF-8, which allow lines up to 998 octets — so a link reads, and copies, whole.
fn message(from: &str, to_addr: &str, subject: &str, body: &str, readable: bool) -> Result<Message, String> {
    let from: Mailbox = from.parse().map_err(|e| format!("from address: {e}"))?;
    let to: Mailbox = to_addr.parse().map_err(|e| format!("to address: {e}"))?;
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN);
    let as_it_is = readable.then(|| as_written(body)).flatten();
    match as_it_is {
        Some(encoded) => builder.body(encoded),
        None => builder.body(body.to_string()),
    }
    .map_err(|e| format!("message: {e}"))
}

/// The text with CRLF line ends as a 7-bit or 8-bit body, when its lines allow it.
fn as_written(body: &str) -> Option<Body> {
    let text = body.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n");
    let fits = !text.contains('\0') && text.split("\r\n").all(|line| line.len() <= 998);
    let encoding = if text.is_ascii() {
        ContentTransferEncoding::SevenBit
    } else {
        ContentTransferEncoding::EightBit
    };
    fits.then(|| Body::dangerous_pre_encoded(text.into_bytes(), encoding))
}

async fn deliver(
    settings: &SmtpSettings,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    to_addr: &str,
    subject: &str,
    body: &str,
) -> Result<(), String> {
    let message = message(&settings.from, to_addr, subject, body, false)?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| format!("smtp: {e}"))
}

/// Write the message into the mail folder as `<time>-<process>-<n>-<address>.eml`; the names
/// sort in the order the messages were sent. Written aside and renamed, so a reader never
/// sees half a message.
async fn write_eml(
    dir: &std::path::Path,
    from: &str,
    to_addr: &str,
    subject: &str,
    body: &str,
) -> Result<(), String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let bytes = message(from, to_addr, subject, body, true)?.formatted();
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let who: String = to_addr
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "@.-_+".contains(c) { c } else { '_' })
        .take(100)
        .collect();
    let name = format!("{millis:013}-{}-{n:06}-{who}.eml", std::process::id());
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let partial = dir.join(format!(".{name}.part"));
    tokio::fs::write(&partial, bytes)
        .await
        .map_err(|e| format!("{}: {e}", partial.display()))?;
    tokio::fs::rename(&partial, dir.join(&name))
        .await
        .map_err(|e| format!("{name}: {e}"))
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

/// The same, for a message whose link is a secret (it carries a token: a password reset, a
/// confirmation, an invitation, a claim). The mail as delivered has the link; the outbox,
/// the person's message list and the admin's outbox page keep the message with the link
/// replaced by [`T::MailLinkPlaceholder`] in the reader's language.
#[allow(clippy::too_many_arguments)]
pub async fn notify_address_secret(
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
    let placeholder = locale.t(crate::i18n::T::MailLinkPlaceholder);
    let with = |link: &str| {
        let mut all: Vec<(&str, &str)> = args.to_vec();
        all.push(("link", link));
        (locale.tf(subject, &all), locale.tf(body, &all))
    };
    // The subject never carries the link, even if a text were to ask for it.
    let (_, delivered) = with(&url);
    let (subject, kept) = with(placeholder);
    state
        .mailer
        .send_secret(&state.db, email, user_id, &subject, &delivered, &kept)
        .await
}
