//! Circles: the seven themes, a circle as lists and pages show it, join requests.

use crate::i18n::T;
use crate::time::When;
use serde::{Deserialize, Serialize};

/// The seven circle themes of the seed document. Keys are stored; the questionnaire refers to
/// them too, so a theme cannot be added by editing data alone.
pub const THEMES: &[(&str, T)] = &[
    ("co_operative", T::ThemeCoOperative),
    ("sector", T::ThemeSector),
    ("people", T::ThemePeople),
    ("business", T::ThemeBusiness),
    ("opportunities", T::ThemeOpportunities),
    ("finance", T::ThemeFinance),
    ("accreditation", T::ThemeAccreditation),
];

pub fn theme_label(key: &str) -> Option<T> {
    THEMES.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

pub const STATUSES: &[(&str, T)] = &[
    ("forming", T::CircleForming),
    ("open", T::CircleOpen),
    ("full", T::CircleFull),
    ("closed", T::CircleClosed),
];

/// A circle in the catalogue and on its own page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Circle {
    pub id: i64,
    pub name: String,
    pub theme: String,
    pub purpose: String,
    /// Empty when the circle is open to every sector / region.
    pub sector: String,
    pub region: String,
    pub delivery_mode: String,
    pub status: String,
    pub capacity: i64,
    /// Issue keys of the questionnaire this circle works on.
    pub issues: Vec<String>,
    pub facilitators: Vec<(i64, String)>,
    pub organisations: Vec<(i64, String)>,
    pub specialists: Vec<Specialist>,
    /// How many co-ops are in it (shown to everyone, even when who they are is not).
    pub member_count: i64,
    /// Whether the viewer is shown who is in it (see [`Circle::hide_people`]).
    pub people_shown: bool,
    /// Member co-ops that chose not to be listed to other members. Never sent to a browser.
    #[serde(skip)]
    pub unlisted: Vec<i64>,
}

/// Someone invited into a circle who is not a member co-op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Specialist {
    pub id: i64,
    pub name: String,
    pub kind: String,
}

pub const SPECIALIST_KINDS: &[(&str, T)] = &[
    ("adviser", T::SpecialistAdviser),
    ("investor", T::SpecialistInvestor),
    ("entrepreneur", T::SpecialistEntrepreneur),
    ("trainer", T::SpecialistTrainer),
];

pub const NAME_MAX: usize = 120;
pub const PURPOSE_MAX: usize = 1000;
pub const CAPACITY_MAX: i64 = 50;

impl Circle {
    pub fn places_left(&self) -> i64 {
        (self.capacity - self.member_count).max(0)
    }

    pub fn has_member(&self, organisation_id: i64) -> bool {
        self.organisations.iter().any(|(o, _)| *o == organisation_id)
    }

    /// As an outsider sees it (the public catalogue): what it is, not who is in it.
    pub fn hide_people(&mut self) {
        self.facilitators.clear();
        self.organisations.clear();
        self.specialists.clear();
        self.people_shown = false;
    }

    /// As one of its members sees it: the other co-ops that chose not to be listed are left
    /// out, except the viewer's own.
    pub fn hide_unlisted(&mut self, own: &[i64]) {
        let unlisted = std::mem::take(&mut self.unlisted);
        self.organisations
            .retain(|(id, _)| own.contains(id) || !unlisted.contains(id));
    }

    /// Whether a co-op may ask to join now.
    pub fn accepts_requests(&self) -> bool {
        matches!(self.status.as_str(), "forming" | "open") && self.places_left() > 0
    }
}

/// A co-op's request to join a circle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub id: i64,
    pub circle_id: i64,
    pub circle_name: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub requested_by: String,
    pub status: String,
    pub message: String,
    pub reply: String,
    pub created: When,
}

/// The circle page: the circle, and what the viewer may do there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CirclePage {
    pub circle: Circle,
    /// Pending requests, shown to the circle's facilitators, advisors and admins only.
    pub requests: Vec<JoinRequest>,
    pub can_decide: bool,
    /// A facilitator of this circle, or an admin.
    pub can_edit: bool,
    /// Admins assign facilitators: the people holding the facilitator role.
    pub facilitator_candidates: Vec<(i64, String)>,
    /// The viewer's co-ops that could still ask to join.
    pub can_request_for: Vec<(i64, String)>,
    /// Its coming meetings, for those who see inside it (empty for the others); loaded with
    /// the page, not by a resource of their own, which a server render would call twice.
    pub meetings: Vec<crate::meetings::model::MeetingSummary>,
    /// Its last meetings held, latest first (each one's page keeps its session's summary).
    pub past_meetings: Vec<crate::meetings::model::MeetingSummary>,
}

pub const MESSAGE_MAX: usize = 1000;
