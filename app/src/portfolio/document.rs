//! The portfolio as exported: one value that `portfolio.json`, `portfolio.pdf` and `index.html`
//! are all written from, so the three never disagree.
//!
//! This is also the JSON a machine reads. Its schema is `portfolio.schema.json` beside this file
//! (shipped in every bundle); a field added here must be added there, or the bundle's own schema
//! test fails. Ids are stable (`"report:12"`: kind and database id), dates are ISO 8601, and
//! every item names where it came from (`source`, an address in the portal).
//!
//! The same document carries a person's own learning record (`person` set): their circles, the
//! meetings and sessions they attended, and nothing of any co-op's goals, reports or files.

use serde::{Deserialize, Serialize};

/// Bumped when a field changes meaning or disappears; adding an optional field keeps it.
/// 2: `organisation` may be null (a person's record, when they belong to no co-op); `person`
/// and `circles` added.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Portfolio {
    pub schema_version: u32,
    /// "en" or "fr": the language the headings and labels are written in.
    pub language: String,
    /// When the content was gathered (ISO 8601, UTC).
    pub generated_at: String,
    /// The co-op; for a person's record, the co-op they belong to, if any.
    pub organisation: Option<Organisation>,
    /// Set when this is one person's learning record rather than a co-op's portfolio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Person>,
    /// The learning circles the co-op (or the person) belongs to.
    #[serde(default)]
    pub circles: Vec<Circle>,
    pub goals: Vec<Goal>,
    pub reports: Vec<Report>,
    pub attendance: Vec<Meeting>,
    pub sessions: Vec<Session>,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    /// "organisation:3"
    pub id: String,
    pub name: String,
    pub source: String,
}

/// The person whose learning record this is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// "person:5"
    pub id: String,
    pub name: String,
    pub source: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Circle {
    /// "circle:3"
    pub id: String,
    pub name: String,
    pub theme: String,
    /// YYYY-MM-DD the co-op joined it, or empty (a circle facilitated).
    pub joined_on: String,
    pub source: String,
}

/// The parts of the document, each under its own heading (and, in the PDF, on a new page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Goals,
    Reports,
    Circles,
    Attendance,
    Sessions,
    Evidence,
}

impl Part {
    pub const ALL: [Part; 6] = [Part::Goals, Part::Reports, Part::Circles, Part::Attendance, Part::Sessions, Part::Evidence];
    /// A person's record holds no co-op's goals, reports or files.
    pub const RECORD: [Part; 3] = [Part::Circles, Part::Attendance, Part::Sessions];

    pub fn title(self, labels: &Labels) -> &str {
        match self {
            Part::Goals => &labels.goals,
            Part::Reports => &labels.reports,
            Part::Circles => &labels.circles,
            Part::Attendance => &labels.attendance,
            Part::Sessions => &labels.sessions,
            Part::Evidence => &labels.evidence,
        }
    }

    /// Its id in the web page.
    pub fn anchor(self) -> &'static str {
        match self {
            Part::Goals => "goals",
            Part::Reports => "reports",
            Part::Circles => "circles",
            Part::Attendance => "attendance",
            Part::Sessions => "sessions",
            Part::Evidence => "evidence",
        }
    }
}

impl Portfolio {
    /// The parts this document has, in order.
    pub fn parts(&self) -> &'static [Part] {
        if self.is_record() { &Part::RECORD } else { &Part::ALL }
    }

    /// Whether this is one person's learning record.
    pub fn is_record(&self) -> bool {
        self.person.is_some()
    }

    /// Whose it is: the person's name, or the co-op's.
    pub fn subject_name(&self) -> &str {
        match (&self.person, &self.organisation) {
            (Some(p), _) => &p.name,
            (None, Some(o)) => &o.name,
            (None, None) => "",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// "goal:7"
    pub id: String,
    pub title: String,
    /// The needs-analysis issues it answers, in the portfolio's language.
    pub issues: Vec<String>,
    pub outcome: String,
    pub measure: String,
    /// The co-op's reflective statement on this goal (may be empty).
    pub statement: String,
    /// Activities done, in date order.
    pub activities: Vec<Activity>,
    pub source: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// "activity:41"
    pub id: String,
    pub what: String,
    /// A person of the co-op, the circle, or a specialist, as written on the programme.
    pub owner: String,
    /// YYYY-MM-DD, or empty.
    pub starts_on: String,
    pub due_on: String,
    pub note: String,
    pub source: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// "report:12"
    pub id: String,
    pub title: String,
    /// The template's name and version it was written on, e.g. "Progress report, version 2".
    pub template: String,
    /// "goal:7" when written on one goal.
    pub goal: Option<String>,
    /// When it was accepted (ISO 8601).
    pub accepted_at: String,
    /// "report:9" when this is the follow-up of another report.
    pub follows: Option<String>,
    pub sections: Vec<Section>,
    pub source: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    /// The answer as text (numbers with their unit, choices by their label, tables as lines).
    pub text: String,
    /// Ids of the evidence files attached to this section ("evidence:5").
    pub evidence: Vec<String>,
}

/// A circle meeting and who of the co-op was there. People from other co-ops are counted,
/// never named.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    /// "meeting:4"
    pub id: String,
    pub title: String,
    pub circle: String,
    /// ISO 8601 start.
    pub starts_at: String,
    pub present: Vec<String>,
    pub others_present: u32,
    pub source: String,
}

/// A closed live session the co-op took part in: its actions and revealed poll results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// "session:2"
    pub id: String,
    pub title: String,
    pub ended_at: String,
    pub participants: u32,
    pub actions: Vec<String>,
    pub polls: Vec<Poll>,
    pub source: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Poll {
    pub question: String,
    /// (option, votes)
    pub results: Vec<PollOption>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PollOption {
    pub option: String,
    pub votes: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// "evidence:5"
    pub id: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Where it is in the bundle: "evidence/005-photo-of-the-welcome-day.jpg".
    pub path: String,
    /// "report:12"
    pub report: String,
    pub section: String,
    pub source: String,
}

/// The words around the content, in the portfolio's language: headings, column names. Filled
/// from the portal's string table, so the PDF and the page say the same.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    /// "Portfolio of {name}"-style title, already filled in.
    pub title: String,
    /// "Gathered on 27 November 2026"-style line for the cover.
    pub generated: String,
    pub contents: String,
    pub goals: String,
    pub circles: String,
    pub joined: String,
    pub issues: String,
    pub outcome: String,
    pub measure: String,
    pub statement: String,
    pub activities_done: String,
    pub reports: String,
    pub accepted_on: String,
    pub follow_up_of: String,
    pub attendance: String,
    pub meeting: String,
    pub date: String,
    pub present: String,
    /// "{count} from other co-ops": `{count}` is replaced.
    pub others_present: String,
    pub sessions: String,
    pub actions: String,
    pub polls: String,
    pub evidence: String,
    pub file: String,
    pub size: String,
    pub page: String,
    pub none: String,
}
