//! A report as its readers see it, and the lists of reports.

use super::template::Template;
use crate::i18n::T;
use crate::time::When;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const DRAFT: &str = "draft";
pub const SUBMITTED: &str = "submitted";
pub const CHANGES_REQUESTED: &str = "changes_requested";
pub const ACCEPTED: &str = "accepted";

/// The co-op writes while a report is a draft, or after changes were asked for.
pub fn editable(status: &str) -> bool {
    status == DRAFT || status == CHANGES_REQUESTED
}

pub fn status_label(status: &str) -> T {
    match status {
        SUBMITTED => T::ReportSubmitted,
        CHANGES_REQUESTED => T::ReportChangesRequested,
        ACCEPTED => T::ReportAccepted,
        _ => T::ReportDraft,
    }
}

/// The tag class a status is shown with.
pub fn status_class(status: &str) -> &'static str {
    match status {
        ACCEPTED => "tag tag--accepted",
        CHANGES_REQUESTED => "tag tag--pending",
        SUBMITTED => "tag tag--open",
        _ => "tag",
    }
}

pub const ANSWER_MAX: usize = 5000;

/// The field of a section: its input's id, and the name its errors carry (the form posts it as
/// `fields[<key>]`).
pub fn field(section: &str) -> String {
    format!("section-{section}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub submitted: Option<When>,
    pub updated: When,
}

/// One page of the advisors' queue: reports waiting, the longest-waiting first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQueue {
    pub reports: Vec<ReportSummary>,
    /// Counted from 1.
    pub page: i64,
    pub pages: i64,
    /// Every report waiting, on every page.
    pub waiting: i64,
}

/// Reports on one page of the queue: enough to work through, few enough that the page stays
/// quick with a thousand waiting (it rendered every one).
pub const QUEUE_PAGE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportComment {
    pub section: String,
    pub by: String,
    pub when: When,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportEvent {
    pub by: String,
    pub when: When,
    pub from: String,
    pub to: String,
    pub message: String,
}

/// One line of an activities section: (what, owner, due, status key).
pub type ActivityLine = (String, String, String, String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub goal: Option<(i64, String)>,
    pub template: Template,
    pub title: String,
    pub status: String,
    pub answers: BTreeMap<String, String>,
    pub revision: i64,
    /// This page's own id, sent with its saves (see `ui::autosave`).
    pub writer: String,
    pub follows: Option<(i64, String)>,
    pub follow_up_on: String,
    pub comments: Vec<ReportComment>,
    pub history: Vec<ReportEvent>,
    pub activities: Vec<ActivityLine>,
    pub files: Vec<EvidenceFile>,
    /// The largest file taken, in bytes (said by the file fields).
    pub max_file_bytes: i64,
    /// The co-op's representative or its circles' facilitators, while it is editable.
    pub can_edit: bool,
    /// Advisors (and admins), while it is submitted.
    pub can_review: bool,
}

/// A co-op's reports page: its reports, and what a new one can be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoopReports {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub reports: Vec<ReportSummary>,
    /// (template key, title) for a new report.
    pub templates: Vec<(String, String)>,
    pub goals: Vec<(i64, String)>,
    pub can_write: bool,
}

/// A file attached to a report's evidence section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub id: i64,
    pub section: String,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub by: String,
    pub when: When,
}
