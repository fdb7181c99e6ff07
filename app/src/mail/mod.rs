//! Email: through SMTP when it is configured, and always recorded in the outbox, which an
//! admin can read in the portal (and each person, their own messages on /account).
//!
//! A link that carries a secret — a password reset, an address confirmation, an invitation,
//! a claim — exists only in the mail as delivered: the outbox keeps the message with the link
//! replaced by a placeholder ([`notify_address_secret`], [`Mailer::send_secret`]), so neither
//! the database nor any page holds a usable token. Without SMTP such a link is therefore not
//! recoverable, by design; a demo or the browser tests set a mail folder (`--mail-dir`), where
//! every message is also written, as delivered, as an `.eml` file: a local mailbox.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod send;
#[cfg(feature = "ssr")]
pub use send::*;

/// A message as the admin's outbox page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub created: crate::time::When,
    pub status: DeliveryStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryStatus {
    /// No SMTP server configured: kept in the outbox only.
    Held,
    Sent,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Held => "held",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> DeliveryStatus {
        match s {
            "sent" => DeliveryStatus::Sent,
            "failed" => DeliveryStatus::Failed,
            _ => DeliveryStatus::Held,
        }
    }
}
