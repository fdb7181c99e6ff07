//! A member co-op's profile, as its people and others see it.

use crate::circles::JoinRequest;
use crate::onboarding::application::ThemeNeed;
use crate::onboarding::questionnaire::Questionnaire;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgPerson {
    pub user_id: i64,
    pub name: String,
    pub is_representative: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: i64,
    pub name: String,
    pub legal_form: String,
    pub registration_number: String,
    pub sector: String,
    pub nation: String,
    pub region: String,
    pub members_count: i64,
    pub staff_count: i64,
    pub website: String,
    pub preferred_delivery: String,
    pub contact_preference: String,
    pub about: String,
    pub services: String,
    pub visible_to_members: bool,
    pub people: Vec<OrgPerson>,
    pub circles: Vec<(i64, String)>,
    /// The needs analysis and the advisor's summary: for the co-op's people, advisors, admins
    /// and the facilitators of its circles only (empty for anyone else).
    pub needs: Vec<ThemeNeed>,
    pub needs_summary: String,
    pub can_see_needs: bool,
    pub questionnaire: Option<Questionnaire>,
    /// Its requests to join circles (for its own people).
    pub requests: Vec<JoinRequest>,
    /// Its activity programme's progress and how many proposals from live sessions wait, for
    /// those who see its file.
    pub programme: Option<(crate::programmes::model::Progress, i64)>,
    /// Its reports with their status (the five newest), for those who see its file.
    pub reports: Vec<crate::reports::model::ReportSummary>,
    /// Invitations not yet accepted (for its representative).
    pub invites: Vec<PendingInvite>,
    /// Circles that suit its needs (for its own people and the staff).
    pub recommendations: Vec<crate::onboarding::recommend::Recommendation>,
    /// The viewer is this co-op's representative (or an admin).
    pub can_edit: bool,
    /// Its circles' coming meetings, for those who see its file (empty for the others);
    /// loaded with the profile, not by a resource of their own, which a server render would
    /// call twice.
    pub meetings: Vec<crate::meetings::model::MeetingSummary>,
}

pub const ABOUT_MAX: usize = 2000;

/// An invitation to join a co-op that has not been accepted yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvite {
    pub id: i64,
    pub email: String,
    pub expires: crate::time::When,
}

/// How long an invitation link stays valid.
pub const INVITE_DAYS: i64 = 7;
