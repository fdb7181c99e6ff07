//! Email: through SMTP when it is configured, and always recorded in the outbox, which an
//! admin can read in the portal. Without SMTP the outbox *is* the delivery: nothing is lost,
//! and a demo or test can read what would have been sent.

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
