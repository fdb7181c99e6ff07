//! Email, never on the request path: a request writes the message to the outbox (`queued`)
//! and a job on the durable queue (`crate::jobs`) in one transaction, and returns. The worker
//! delivers it — through SMTP when configured, and to the mail folder (`--mail-dir`) when
//! set — and marks it `sent` (or `held`, with no SMTP). A refused delivery is tried again,
//! backing off, then marked `failed` with the reason; a message is marked `sending` before
//! its SMTP conversation, so one found still `sending` after a crash is marked `unknown`
//! rather than sent again. The admin reads the outbox in the portal (failed ones counted at
//! the top), each person their own messages on /account.
//!
//! A link that gives access — a password reset, an address confirmation, an invitation, a
//! claim — is made when its mail is delivered: the job says only which link to make
//! ([`AccessLink`]: its kind and its record); the worker makes a fresh token, stores only its
//! SHA-256 on the record (replacing one made for an earlier try that failed), and puts the
//! link in the mail it hands over. The outbox keeps the message with the link replaced by a
//! placeholder, so neither the database nor any page holds a usable token. Without SMTP such
//! a link is therefore not recoverable, by design; a demo or the browser tests set a mail
//! folder (`--mail-dir`), where every message is written, as delivered, as an `.eml` file.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod queue;
#[cfg(feature = "ssr")]
mod send;
#[cfg(feature = "ssr")]
pub use queue::*;
#[cfg(feature = "ssr")]
pub use send::*;

/// A message as the outbox pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub created: crate::time::When,
    pub status: DeliveryStatus,
    /// Why it failed, or why the last try did (while it waits to be tried again).
    pub detail: String,
}

/// The admin's outbox: how many messages were not delivered (failed, or interrupted while
/// sending), and the newest messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxList {
    pub failed: i64,
    pub messages: Vec<OutboxMessage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryStatus {
    /// Waiting for the worker (or for its next try).
    Queued,
    /// The worker is handing it to the SMTP server.
    Sending,
    /// No SMTP server configured: kept in the outbox only.
    Held,
    Sent,
    /// Refused on every try, or not deliverable at all.
    Failed,
    /// Interrupted while sending (the server stopped, the connection broke): it may or may not
    /// have arrived, and is not sent again.
    Unknown,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Held => "held",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> DeliveryStatus {
        match s {
            "queued" => DeliveryStatus::Queued,
            "sending" => DeliveryStatus::Sending,
            "sent" => DeliveryStatus::Sent,
            "failed" => DeliveryStatus::Failed,
            "unknown" => DeliveryStatus::Unknown,
            _ => DeliveryStatus::Held,
        }
    }

    /// Not delivered, and not going to be: the admin should look.
    pub fn is_failure(self) -> bool {
        matches!(self, DeliveryStatus::Failed | DeliveryStatus::Unknown)
    }

    /// How the outbox page names it.
    pub fn label(self) -> crate::i18n::T {
        use crate::i18n::T;
        match self {
            DeliveryStatus::Queued => T::OutboxQueued,
            DeliveryStatus::Sending => T::OutboxSending,
            DeliveryStatus::Held => T::OutboxHeld,
            DeliveryStatus::Sent => T::OutboxSent,
            DeliveryStatus::Failed => T::OutboxFailed,
            DeliveryStatus::Unknown => T::OutboxUnknown,
        }
    }
}
