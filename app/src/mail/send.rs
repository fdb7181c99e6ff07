//! Delivering one message (server only): SMTP with lettre, and the mail folder.

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

    /// Hand one message to SMTP (when configured), then to the mail folder (when set): the
    /// folder holds the mail as delivered, so with SMTP only what the server accepted.
    /// Called by the mail job only (`super::queue::run_job`), never on a request.
    pub async fn deliver(&self, to_addr: &str, subject: &str, body: &str) -> Delivery {
        let delivery = match &self.smtp {
            None => Delivery::Held,
            Some((settings, transport)) => deliver(settings, transport, to_addr, subject, body).await,
        };
        if matches!(delivery, Delivery::Held | Delivery::Sent) {
            if let Some((dir, from)) = &self.drop {
                if let Err(e) = write_eml(dir, from, to_addr, subject, body).await {
                    tracing::warn!(error = %e, "could not write the mail folder's copy");
                }
            }
        }
        delivery
    }
}

/// What came of handing a message over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// The SMTP server accepted it.
    Sent,
    /// No SMTP server configured: kept in the outbox (and the mail folder, when set).
    Held,
    /// Certainly not delivered — the server answered with an error, or we could not connect
    /// or start the conversation: it may be tried again.
    Refused(String),
    /// The connection broke, or closed, during the conversation: it may or may not have been
    /// delivered, so it is not tried again.
    Uncertain(String),
    /// The message cannot be made (an address lettre does not accept): no use trying again.
    Unsendable(String),
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
) -> Delivery {
    let message = match message(&settings.from, to_addr, subject, body, false) {
        Ok(message) => message,
        Err(e) => return Delivery::Unsendable(e),
    };
    match transport.send(message).await {
        Ok(_) => Delivery::Sent,
        Err(e) if is_uncertain(&e) => Delivery::Uncertain(format!("smtp: {e}")),
        Err(e) => Delivery::Refused(format!("smtp: {e}")),
    }
}

/// Whether the server may have taken the message despite the error. Certainly not when it
/// answered with an error code (4xx, 5xx), when we could not connect, when TLS failed or
/// lettre refused to go on (say, no STARTTLS): sending again is safe. But when the
/// connection broke (lettre's `Network` kind, which has no predicate of its own: its text
/// says so) or closed or spoke nonsense instead of a reply (`Response`), that may have been
/// after the end of the message: sending again could deliver it twice.
fn is_uncertain(e: &lettre::transport::smtp::Error) -> bool {
    e.is_response() || e.to_string().starts_with("network error")
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
