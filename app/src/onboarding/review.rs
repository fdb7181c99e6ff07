//! The advisor's side of an application: the queue, contacts with the co-op, the needs
//! summary, recommendations and the decision.

use super::application::{ApplicationView, Status};
use super::recommend::Recommendation;
use crate::i18n::T;
use crate::time::When;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i64,
    pub org_name: String,
    pub status: Status,
    pub channel: String,
    pub sector: String,
    pub region: String,
    pub themes: Vec<String>,
    pub submitted: Option<When>,
    pub advisor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub at: When,
    pub channel: String,
    pub summary: String,
    pub advisor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub application: ApplicationView,
    pub applicant: String,
    pub applicant_email: String,
    pub advisor: Option<(i64, String)>,
    pub claimed_by_me: bool,
    pub needs_summary: String,
    pub contacts: Vec<Contact>,
    pub recommendations: Vec<Recommendation>,
}

pub const CONTACT_CHANNELS: &[(&str, T)] = &[("phone", T::ChannelPhone), ("email", T::ChannelEmail), ("meeting", T::ChannelMeeting)];

pub const DECISIONS: &[(&str, T)] = &[
    ("approve", T::DecisionApprove),
    ("more_info", T::DecisionMoreInfo),
    ("decline", T::DecisionDecline),
];

pub const SUMMARY_MAX: usize = 4000;
pub const MESSAGE_MAX: usize = 2000;

/// Statuses the queue shows unless asked otherwise: what still needs an advisor.
pub const WAITING: [Status; 2] = [Status::Submitted, Status::InReview];

/// What a claim or invitation link is for, shown before the person accepts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkInfo {
    pub organisation: String,
    pub from: String,
}

/// How long an advisor's claim link stays valid.
pub const CLAIM_DAYS: i64 = 14;
