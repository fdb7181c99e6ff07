//! A programme as its readers see it: goals with their activities, progress, proposals from
//! live sessions, comments and the history of changes.

use crate::i18n::T;
use crate::time::When;
use serde::{Deserialize, Serialize};

/// An activity's status, in the order work goes.
pub const STATUSES: &[(&str, T)] = &[
    ("planned", T::ActivityPlanned),
    ("in_progress", T::ActivityInProgress),
    ("done", T::ActivityDone),
    ("dropped", T::ActivityDropped),
];

/// Who carries an activity out (`person` is one of the co-op's people, chosen by id).
pub const OWNER_CIRCLE: &str = "circle";
pub const OWNER_SPECIALIST: &str = "specialist";
pub const OWNER_PERSON: &str = "person";

/// How a person hears of the activities they own.
pub const REMINDER_MODES: &[(&str, T)] = &[
    ("immediate", T::RemindersImmediate),
    ("digest", T::RemindersDigest),
    ("none", T::RemindersNone),
];

pub const TITLE_MAX: usize = 200;
pub const WORDS_MAX: usize = 2000;

pub fn status_label(status: &str) -> T {
    STATUSES.iter().find(|(k, _)| *k == status).map(|(_, l)| *l).unwrap_or(T::ActivityPlanned)
}

/// Done out of all (dropped activities do not count), and how many are late.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: i64,
    pub total: i64,
    pub overdue: i64,
}

impl Progress {
    pub fn add(&mut self, other: Progress) {
        self.done += other.done;
        self.total += other.total;
        self.overdue += other.overdue;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: i64,
    pub goal_id: i64,
    pub what: String,
    pub owner_kind: String,
    pub owner_user_id: Option<i64>,
    pub owner_name: String,
    /// Who carries it out, in words (a person's name, "The circle", a specialist's name).
    pub owner: String,
    /// YYYY-MM-DD or empty.
    pub starts_on: String,
    pub due_on: String,
    pub status: String,
    pub drop_reason: String,
    pub note: String,
    /// The meeting whose live session proposed it: (id, title).
    pub source: Option<(i64, String)>,
    /// Past its due date and neither done nor dropped.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub id: i64,
    pub title: String,
    /// The needs-analysis issues it answers: (key, words in the reader's language).
    pub issues: Vec<(String, String)>,
    pub outcome: String,
    pub measure: String,
    pub circle: Option<(i64, String)>,
    /// Its activities as the page lists them (see `store::Listed`).
    pub activities: Vec<Activity>,
    /// How many it has in all, dropped ones too.
    pub activity_count: i64,
    pub progress: Progress,
}

/// An action captured for the co-op in a live session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: i64,
    pub what: String,
    /// Who and when, as said in the session (free words).
    pub who: String,
    pub due: String,
    pub meeting: Option<(i64, String)>,
    /// open, accepted or dropped.
    pub status: String,
    pub reason: String,
    pub activity_id: Option<i64>,
    pub proposed: When,
}

/// One change, or one comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeEvent {
    pub when: When,
    pub by: String,
    pub kind: String,
    pub subject: String,
    pub detail: String,
}

/// What the forms of a programme choose from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choices {
    /// The issues the co-op chose in its needs analysis: (key, words).
    pub issues: Vec<(String, String)>,
    pub circles: Vec<(i64, String)>,
    pub people: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub goals: Vec<Goal>,
    pub progress: Progress,
    /// Proposals waiting for a decision, oldest first.
    pub proposals: Vec<Proposal>,
    /// Proposals accepted or dropped, newest first.
    pub decided: Vec<Proposal>,
    pub comments: Vec<ProgrammeEvent>,
    /// Newest first: the latest [`HISTORY_SHOWN`], or all of them when asked (`?all=1`).
    pub history: Vec<ProgrammeEvent>,
    /// There are older changes than those in `history`.
    pub history_more: bool,
    pub choices: Choices,
    /// Its representative (or an admin) and the facilitators of its circles.
    pub can_edit: bool,
    /// The mutual's advisors (and admins).
    pub can_comment: bool,
}

impl Programme {
    pub fn goal(&self, id: i64) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    pub fn activity(&self, id: i64) -> Option<&Activity> {
        self.goals.iter().flat_map(|g| g.activities.iter()).find(|a| a.id == id)
    }

    pub fn proposal(&self, id: i64) -> Option<&Proposal> {
        self.proposals.iter().chain(self.decided.iter()).find(|p| p.id == id)
    }
}

/// What a history line says happened.
pub fn event_label(kind: &str) -> T {
    match kind {
        "goal_added" => T::HistoryGoalAdded,
        "goal_changed" => T::HistoryGoalChanged,
        "activity_added" => T::HistoryActivityAdded,
        "activity_changed" => T::HistoryActivityChanged,
        "status" => T::HistoryStatus,
        "proposal_accepted" => T::HistoryProposalAccepted,
        "proposal_dropped" => T::HistoryProposalDropped,
        _ => T::HistoryComment,
    }
}

/// How many changes the programme page lists before "the whole history": a co-op with 200
/// activities has hundreds, and listing them all made the page twice its size.
pub const HISTORY_SHOWN: i64 = 20;
/// The most the whole history lists.
pub const HISTORY_ALL: i64 = 500;

/// How many activities a goal shows before "Show all".
pub const ACTIVITIES_SHOWN: usize = 20;
