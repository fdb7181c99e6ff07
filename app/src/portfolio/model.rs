//! What the portfolio page shows: every item gathered for the co-op with the co-op's choice
//! about it (in or out, its place), the goals with their reflective statements, and the exports.

use crate::time::When;
use serde::{Deserialize, Serialize};

/// The kinds of item, as they start an item's key ("report:12").
pub const KIND_GOAL: &str = "goal";
pub const KIND_REPORT: &str = "report";
pub const KIND_MEETING: &str = "meeting";
pub const KIND_SESSION: &str = "session";
pub const KIND_EVIDENCE: &str = "evidence";
pub const KINDS: [&str; 5] = [KIND_GOAL, KIND_REPORT, KIND_MEETING, KIND_SESSION, KIND_EVIDENCE];

/// Export states.
pub const QUEUED: &str = "queued";
pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

/// A statement is at most this long (characters).
pub const STATEMENT_MAX: usize = 5000;
/// Places run from 1 to this.
pub const POSITION_MAX: i64 = 999;

/// "report:12" → ("report", 12)
pub fn split_key(key: &str) -> Option<(&str, i64)> {
    let (kind, id) = key.split_once(':')?;
    let id = id.parse().ok()?;
    KINDS.contains(&kind).then_some((kind, id))
}

/// The form field (and input id) for `what` ("in", "place") of an item: "place-report-12".
pub fn item_field(what: &str, key: &str) -> String {
    format!("{what}-{}", key.replacen(':', "-", 1))
}

/// The item a field names, from what follows "in-" or "place-": "report-12" → "report:12".
pub fn field_item(rest: &str) -> Option<String> {
    let (kind, id) = rest.split_once('-')?;
    let key = format!("{kind}:{id}");
    if split_key(&key).is_some() { Some(key) } else { None }
}

/// The field (and input id) of a goal's statement.
pub fn statement_field(goal_id: i64) -> String {
    format!("statement-{goal_id}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// "report:12"
    pub key: String,
    pub kind: String,
    pub title: String,
    /// A date or a short description ("Accepted 3 Mar 2026", "2 present").
    pub detail: String,
    pub included: bool,
    /// 1-based place among the items of its kind.
    pub position: i64,
    /// Where it is in the portal.
    pub link: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalStatement {
    pub goal_id: i64,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportView {
    pub id: i64,
    /// The co-op's, or none for a person's own record.
    pub organisation_id: Option<i64>,
    /// The number of the version exported, when it is one.
    pub version: Option<i64>,
    /// Its page in the portal.
    pub page: String,
    pub status: String,
    pub items_done: i64,
    pub items_total: i64,
    pub size: i64,
    pub asked: When,
    pub by: String,
    pub expires: Option<When>,
    pub expired: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_name_items_and_back() {
        assert_eq!(item_field("place", "report:12"), "place-report-12");
        assert_eq!(field_item("report-12").as_deref(), Some("report:12"));
        assert_eq!(field_item("report-x"), None);
        assert_eq!(field_item("user-3"), None);
        assert_eq!(field_item("report-12-3"), None);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioView {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub items: Vec<Item>,
    pub statements: Vec<GoalStatement>,
    /// Newest first.
    pub exports: Vec<ExportView>,
    /// Versions submitted for accreditation, newest first.
    pub snapshots: Vec<SnapshotSummary>,
    pub can_curate: bool,
}

/// Share links last at most this many days (30 unless the co-op says otherwise).
pub const SHARE_DAYS_MAX: i64 = 90;
pub const SHARE_DAYS_DEFAULT: i64 = 30;
pub const READER_MAX: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSummary {
    pub number: i64,
    pub submitted: When,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareView {
    pub id: i64,
    pub reader: String,
    pub email: String,
    pub created: When,
    pub expires: When,
    pub revoked: bool,
    pub expired: bool,
    pub opens: i64,
    pub last_opened: Option<When>,
}

/// A frozen version, as the co-op's people see it, with its share links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotView {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub summary: SnapshotSummary,
    pub document: super::document::Portfolio,
    pub shares: Vec<ShareView>,
    pub can_share: bool,
}

/// A person's own learning record, as their page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordView {
    pub document: super::document::Portfolio,
    /// Newest first.
    pub exports: Vec<ExportView>,
}

/// A frozen version, as the reader of a share link sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedView {
    pub organisation_name: String,
    pub reader: String,
    pub expires: When,
    pub document: super::document::Portfolio,
}

impl ExportView {
    /// Still being prepared: the page refreshes itself.
    pub fn pending(&self) -> bool {
        self.status == QUEUED || self.status == RUNNING
    }
}
