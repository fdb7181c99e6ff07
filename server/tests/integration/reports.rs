//! Reports on a co-op's programme through the real server, on both databases: started on a
//! goal, drafted (answers trimmed, a stale page refused, a page for another template version
//! refused), checked by the field and sent; the advisors' queue oldest first; comments by
//! section; changes asked with a reason (kept in the history, mailed to the co-op) and the
//! report sent again; accepted with a follow-up date, which plans a job for 08:00 UK time that
//! raises one follow-up report and tells the co-op and the advisor once; every server function
//! as the wrong person; bad and hostile input by the field and never a 500; templates stored
//! once, and a report kept on the version it was started on.

use crate::common;

use app::error::AppError;
use app::i18n::T;
use app::reports::{CoopReports, ReportQueue, ReportView};
use common::world::{rows_of, user_id, world};
use common::{TestApp, browser};
use reqwest::Client;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

// ----- Dates -----

/// Today where the mutual works, as the server counts "after today".
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(&app::programmes::store::today(), "%Y-%m-%d").unwrap()
}

/// `offset` days from today, as a date input sends it.
pub(crate) fn day(offset: i64) -> String {
    (today() + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string()
}

fn next_year(month_day: &str) -> String {
    use chrono::Datelike;
    format!("{}-{month_day}", today().year() + 1)
}

/// The last Sunday of `month` (March or October: when UK clocks change).
fn last_sunday(year: i32, month: u32) -> chrono::NaiveDate {
    use chrono::Datelike;
    let mut d = chrono::NaiveDate::from_ymd_opt(year, month + 1, 1).unwrap() - chrono::Duration::days(1);
    while d.weekday() != chrono::Weekday::Sun {
        d -= chrono::Duration::days(1);
    }
    d
}

/// 08:00 UK time on `date`, worked out independently of the server: British Summer Time
/// (UTC+1) from the last Sunday of March to the last Sunday of October (the changes happen at
/// 01:00 UTC, before 08:00 either way), else UTC.
fn uk_eight_am(date: &str) -> i64 {
    use chrono::Datelike;
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let summer = d >= last_sunday(d.year(), 3) && d < last_sunday(d.year(), 10);
    d.and_hms_opt(if summer { 7 } else { 8 }, 0, 0).unwrap().and_utc().timestamp()
}

// ----- Forms -----

pub(crate) type Form = Vec<(String, String)>;

pub(crate) fn form(pairs: &[(&str, &str)]) -> Form {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The form with `key` set to `value` (added when it is not there).
fn set(mut form: Form, key: &str, value: &str) -> Form {
    match form.iter_mut().find(|(k, _)| k == key) {
        Some(pair) => pair.1 = value.to_string(),
        None => form.push((key.to_string(), value.to_string())),
    }
    form
}

pub(crate) async fn send<T: DeserializeOwned>(app: &TestApp, client: &Client, endpoint: &str, form: &Form) -> Result<T, AppError> {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(client, &format!("reports/{endpoint}"), &pairs).await
}

/// What the draft form posts: its answers as `fields[<section>]`, the template version the page
/// was made for, the revision it stands on and its writer id.
fn save_form(id: i64, version: i64, answers: &[(&str, &str)], intent: &str, revision: i64, writer: &str) -> Form {
    let mut f = form(&[("id", &id.to_string()), ("version", &version.to_string())]);
    for (key, value) in answers {
        f.push((format!("fields[{key}]"), value.to_string()));
    }
    f.extend(form(&[("intent", intent), ("revision", &revision.to_string()), ("writer", writer)]));
    f
}

/// The form of a page as `get` gave it.
pub(crate) fn page_form(r: &ReportView, answers: &[(&str, &str)], intent: &str) -> Form {
    save_form(r.id, r.template.id, answers, intent, r.revision, &r.writer)
}

fn start_form(org: i64, template: &str, goal: &str) -> Form {
    form(&[("organisation_id", &org.to_string()), ("template", template), ("goal", goal)])
}

pub(crate) fn id_form(id: i64) -> Form {
    form(&[("id", &id.to_string())])
}

fn comment_form(id: i64, section: &str, text: &str) -> Form {
    form(&[("id", &id.to_string()), ("section", section), ("text", text)])
}

pub(crate) fn decide_form(id: i64, decision: &str, reason: &str, follow_up_on: &str) -> Form {
    form(&[("id", &id.to_string()), ("decision", decision), ("reason", reason), ("follow_up_on", follow_up_on)])
}

/// Answers that pass the checks of the progress template.
pub(crate) const COMPLETE: &[(&str, &str)] = &[("summary", "We met twice."), ("standing", "on_track"), ("people", "9")];

pub(crate) async fn start(app: &TestApp, client: &Client, org: i64, template: &str, goal: &str) -> i64 {
    let path: String = send(app, client, "start", &start_form(org, template, goal)).await.unwrap();
    path.strip_prefix("/reports/").unwrap_or_else(|| panic!("{path}")).parse().unwrap_or_else(|_| panic!("{path}"))
}

pub(crate) async fn get(app: &TestApp, client: &Client, id: i64) -> Result<ReportView, AppError> {
    send(app, client, "get", &id_form(id)).await
}

async fn of_coop(app: &TestApp, client: &Client, org: i64) -> Result<CoopReports, AppError> {
    send(app, client, "of_coop", &form(&[("organisation_id", &org.to_string())])).await
}

async fn queue(app: &TestApp, client: &Client) -> Vec<i64> {
    let q: ReportQueue = app.call(client, "reports/queue", &[]).await.unwrap();
    q.reports.iter().map(|r| r.id).collect()
}

/// Save the answers on a freshly loaded page.
pub(crate) async fn save(app: &TestApp, client: &Client, id: i64, answers: &[(&str, &str)], intent: &str) -> Result<String, AppError> {
    let r = get(app, client, id).await.unwrap();
    send(app, client, "save", &page_form(&r, answers, intent)).await
}

/// A report of `org` started by `client`, complete and sent.
pub(crate) async fn submitted(app: &TestApp, client: &Client, org: i64, goal: &str) -> i64 {
    let id = start(app, client, org, "progress", goal).await;
    assert_eq!(save(app, client, id, COMPLETE, "check").await.unwrap(), format!("/reports/{id}/check"));
    assert_eq!(send::<String>(app, client, "submit", &id_form(id)).await.unwrap(), format!("/reports/{id}?done=submitted"));
    id
}

/// A goal of `org`'s programme, made in the store.
async fn goal(app: &TestApp, org: i64, title: &str) -> i64 {
    let input = app::programmes::check::GoalInput {
        title: title.into(),
        issues: Vec::new(),
        outcome: "Every newcomer is welcomed within a month.".into(),
        measure: String::new(),
        circle_id: None,
    };
    app::programmes::store::save_goal(&app.state.db, org, 0, &input, user_id(app, "root@mutual.coop").await).await.unwrap()
}

/// Everything a report call may write, table by table, as text.
async fn stored(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    rows_of(app, &["reports", "report_comments", "report_events", "report_templates", "jobs", "outbox"]).await
}

/// The call is refused with `expected` and nothing is written.
async fn refused(app: &TestApp, who: &str, client: &Client, endpoint: &str, form: &Form, expected: AppError) {
    let before = stored(app).await;
    let got = send::<serde_json::Value>(app, client, endpoint, form).await;
    assert_eq!(got.err(), Some(expected), "{endpoint} as {who}");
    assert_eq!(stored(app).await, before, "{endpoint} as {who} changed something");
}

/// The call fails on exactly these fields and nothing is written.
async fn invalid(app: &TestApp, client: &Client, endpoint: &str, form: &Form, fields: &[(&str, T)]) {
    let before = stored(app).await;
    let err = send::<serde_json::Value>(app, client, endpoint, form).await.unwrap_err();
    let got: Vec<(&str, T)> = err.field_errors().iter().map(|e| (e.field.as_str(), e.message)).collect();
    assert_eq!(got, fields, "{endpoint}: {err:?}");
    assert_eq!(stored(app).await, before, "{endpoint}: refused input changed something");
}

/// The call fails with `expected` (not by the field) and nothing is written.
async fn rejected(app: &TestApp, client: &Client, endpoint: &str, form: &Form, expected: AppError) {
    refused(app, "a writer", client, endpoint, form, expected).await;
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.count(sql).await
}

/// The answers as stored (the JSON column read back).
async fn stored_answers(app: &TestApp, id: i64) -> (BTreeMap<String, String>, i64) {
    let (json, revision): (String, i64) = sqlx::query_as("SELECT answers, revision FROM reports WHERE id = $1").bind(id).fetch_one(&app.state.db.pool).await.unwrap();
    (serde_json::from_str(&json).unwrap(), revision)
}

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn fields_of(err: &AppError) -> Vec<(&str, T)> {
    err.field_errors().iter().map(|e| (e.field.as_str(), e.message)).collect()
}

/// The mail queued for `email`: (subject, body, dedupe key), oldest first.
async fn outbox_of(app: &TestApp, email: &str) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as("SELECT subject, body, dedupe_key FROM outbox WHERE to_addr = $1 ORDER BY id")
        .bind(email)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

/// Jobs of `kind` in `status`: (payload, run_at).
async fn jobs(app: &TestApp, kind: &str, status: &str) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT payload, run_at FROM jobs WHERE kind = $1 AND status = $2 ORDER BY id")
        .bind(kind)
        .bind(status)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

/// (status, advisor_id, follow_up_on, submitted_at) as stored.
async fn state_of(app: &TestApp, id: i64) -> (String, Option<i64>, String, Option<i64>) {
    sqlx::query_as("SELECT status, advisor_id, follow_up_on, submitted_at FROM reports WHERE id = $1").bind(id).fetch_one(&app.state.db.pool).await.unwrap()
}

/// The report's history as stored: (by_user, from, to, message, at).
async fn events(app: &TestApp, id: i64) -> Vec<(Option<i64>, String, String, String, i64)> {
    sqlx::query_as("SELECT by_user, from_status, to_status, message, at FROM report_events WHERE report_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

// ----- The tests -----

on_both_databases!(
    a_report_from_a_draft_on_a_goal_to_changes_asked_sent_again_and_accepted,
    |app: TestApp| async move {
        let w = world(&app).await;
        let induction = goal(&app, w.a, "Update our induction process").await;
        goal(&app, w.b, "B's own goal").await;

        // The programme's activities: two on the goal, one on another goal.
        let recruit = goal(&app, w.a, "Recruit members").await;
        for (goal_id, what, due) in [(induction, "Map the induction steps", day(-3)), (recruit, "Open evening", day(20)), (induction, "Write a welcome pack", day(10))] {
            let path: String = app
                .call(&w.tom, "programmes/save_activity", &[
                    ("organisation_id", &w.a.to_string()), ("id", "0"), ("goal", &goal_id.to_string()), ("what", what), ("owner", "circle"),
                    ("owner_name", ""), ("starts_on", ""), ("due_on", &due), ("status", "planned"), ("drop_reason", ""), ("note", ""),
                ])
                .await
                .unwrap();
            assert!(path.contains("#activity-"), "{path}");
        }

        // What a new report can be: the templates the co-op chooses from, and A's goals only.
        let c = of_coop(&app, &w.tom, w.a).await.unwrap();
        assert_eq!(c.organisation_name, "Mill Lane");
        assert_eq!(c.templates, vec![("progress".to_string(), "Progress report".to_string()), ("final".to_string(), "Final report".to_string())]);
        assert_eq!(c.goals, vec![(induction, "Update our induction process".to_string()), (recruit, "Recruit members".to_string())]);
        assert!(c.reports.is_empty() && c.can_write);

        // Started on the goal: its title names it; a draft at revision 0 with one history line.
        let id = start(&app, &w.tom, w.a, "progress", &induction.to_string()).await;
        let r = get(&app, &w.tom, id).await.unwrap();
        assert_eq!(r.title, "Progress report: Update our induction process");
        assert_eq!(r.goal, Some((induction, "Update our induction process".to_string())));
        assert_eq!((r.status.as_str(), r.revision, r.organisation_id, r.organisation_name.as_str()), ("draft", 0, w.a, "Mill Lane"));
        assert_eq!((r.template.key.as_str(), r.template.version), ("progress", 2));
        let keys: Vec<&str> = r.template.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["summary", "activities", "standing", "people", "learned", "next", "evidence"]);
        assert!(r.answers.is_empty() && r.comments.is_empty() && r.follows.is_none());
        assert!(r.can_edit && !r.can_review);
        // Its activities section shows the goal's activities as they stand.
        assert_eq!(r.activities, vec![
            ("Map the induction steps".to_string(), "The circle".to_string(), day(-3), "planned".to_string()),
            ("Write a welcome pack".to_string(), "The circle".to_string(), day(10), "planned".to_string()),
        ]);
        assert_eq!(r.history.iter().map(|e| (e.by.as_str(), e.from.as_str(), e.to.as_str())).collect::<Vec<_>>(), vec![("Tom Price", "", "draft")]);
        let (goal_id, template_id, created_by): (Option<i64>, i64, Option<i64>) =
            sqlx::query_as("SELECT goal_id, template_id, created_by FROM reports WHERE id = $1").bind(id).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!((goal_id, template_id, created_by), (Some(induction), r.template.id, Some(w.tom_id)));

        // A draft: answers trimmed, empty ones left out, the revision rises.
        let path: String = send(&app, &w.tom, "save", &page_form(&r, &[("summary", "  We met twice.\n "), ("learned", "   "), ("people", "")], "save")).await.unwrap();
        assert_eq!(path, format!("/reports/{id}?done=saved&revision=1"));
        assert_eq!(stored_answers(&app, id).await, (answers(&[("summary", "We met twice.")]), 1));
        let r = get(&app, &w.tom, id).await.unwrap();
        assert_eq!((r.answers.clone(), r.revision), (answers(&[("summary", "We met twice.")]), 1));

        // "Continue" with the required sections empty: refused by those sections, and what was
        // typed is saved all the same.
        let err = send::<String>(&app, &w.tom, "save", &page_form(&r, &[("summary", " "), ("learned", "Ask early.")], "check")).await.unwrap_err();
        assert_eq!(fields_of(&err), vec![("section-summary", T::ErrSectionMissing), ("section-standing", T::ErrSectionMissing)]);
        assert_eq!(stored_answers(&app, id).await, (answers(&[("learned", "Ask early.")]), 2));
        // A number that is not one, a choice that is not among the options.
        let r = get(&app, &w.tom, id).await.unwrap();
        let err = send::<String>(&app, &w.tom, "save", &page_form(&r, &[("summary", "We met."), ("standing", "sideways"), ("people", "a dozen")], "check")).await.unwrap_err();
        assert_eq!(fields_of(&err), vec![("section-standing", T::ErrChooseOne), ("section-people", T::ErrNumberInvalid)]);
        assert_eq!(stored_answers(&app, id).await.0, answers(&[("summary", "We met."), ("standing", "sideways"), ("people", "a dozen")]));
        for not_a_count in ["-3", "NaN", "inf", "1e999", "12 people"] {
            let r = get(&app, &w.tom, id).await.unwrap();
            let err = send::<String>(&app, &w.tom, "save", &page_form(&r, &[("summary", "We met."), ("standing", "on_track"), ("people", not_a_count)], "check")).await.unwrap_err();
            assert_eq!(fields_of(&err), vec![("section-people", T::ErrNumberInvalid)], "{not_a_count}");
        }
        // Submitting what does not pass the checks is refused the same way, and changes nothing.
        invalid(&app, &w.tom, "submit", &id_form(id), &[("section-people", T::ErrNumberInvalid)]).await;
        // All well: on to the check page.
        let r = get(&app, &w.tom, id).await.unwrap();
        let path: String = send(&app, &w.tom, "save", &page_form(&r, &[("summary", "We met twice."), ("standing", "on_track"), ("people", "12,5")], "check")).await.unwrap();
        assert_eq!(path, format!("/reports/{id}/check"));

        // Sent: in the advisors' queue; no longer the co-op's to change.
        let r = get(&app, &w.tom, id).await.unwrap();
        let path: String = send(&app, &w.tom, "submit", &id_form(id)).await.unwrap();
        assert_eq!(path, format!("/reports/{id}?done=submitted"));
        let (status, _, _, submitted_at) = state_of(&app, id).await;
        assert_eq!(status, "submitted");
        assert!((app::time::now() - submitted_at.unwrap()).abs() < 60);
        let sent = get(&app, &w.tom, id).await.unwrap();
        assert!(!sent.can_edit && !sent.can_review);
        assert_eq!(sent.answers, answers(&[("summary", "We met twice."), ("standing", "on_track"), ("people", "12,5")]));
        invalid(&app, &w.tom, "save", &page_form(&r, &[("summary", "Changed after sending")], "save"), &[("report", T::ErrReportNotEditable)]).await;
        invalid(&app, &w.tom, "save", &set(page_form(&sent, &[("summary", "Changed after sending")], "save"), "revision", "0"), &[("report", T::ErrReportNotEditable)]).await;
        invalid(&app, &w.tom, "submit", &id_form(id), &[("report", T::ErrReportNotEditable)]).await;
        assert_eq!(stored_answers(&app, id).await.0["summary"], "We met twice.");

        // The queue, longest-waiting first: a second report sent after this one comes after it;
        // made to have waited longer, it comes first. Drafts are not in it.
        assert_eq!(queue(&app, &w.advisor).await, vec![id]);
        let second = start(&app, &w.priya, w.a, "final", "").await;
        let path: String = save(&app, &w.priya, second, &[("outcome", "Newcomers stay."), ("lasting", "The circle keeps it.")], "check").await.unwrap();
        assert_eq!(path, format!("/reports/{second}/check"));
        send::<String>(&app, &w.priya, "submit", &id_form(second)).await.unwrap();
        let unsent = start(&app, &w.tom, w.a, "progress", "").await;
        let whole = get(&app, &w.tom, unsent).await.unwrap();
        assert_eq!((whole.goal.clone(), whole.title.as_str()), (None, "Progress report"));
        assert_eq!(whole.activities.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(), ["Map the induction steps", "Write a welcome pack", "Open evening"]);
        let q: ReportQueue = app.call(&w.advisor, "reports/queue", &[]).await.unwrap();
        assert_eq!((q.page, q.pages, q.waiting), (1, 1, 2));
        let list = q.reports;
        assert_eq!(list.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id, second]);
        assert_eq!((list[0].organisation_name.as_str(), list[0].status.as_str()), ("Mill Lane", "submitted"));
        assert!(list.iter().all(|r| r.submitted.is_some()));
        sqlx::query("UPDATE reports SET submitted_at = submitted_at - 3600, first_submitted_at = first_submitted_at - 3600 WHERE id = $1").bind(second).execute(&app.state.db.pool).await.unwrap();
        assert_eq!(queue(&app, &w.advisor).await, vec![second, id]);
        assert_eq!(queue(&app, &w.admin).await, vec![second, id]);

        // The advisor comments beside a section.
        let adv = get(&app, &w.advisor, id).await.unwrap();
        assert!(adv.can_review && !adv.can_edit);
        let path: String = send(&app, &w.advisor, "comment", &comment_form(id, "summary", "  Say who was there.  ")).await.unwrap();
        assert_eq!(path, format!("/reports/{id}?done=comment#section-summary"));
        let (section, by, text): (String, Option<i64>, String) =
            sqlx::query_as("SELECT section, by_user, text FROM report_comments WHERE report_id = $1").bind(id).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!((section.as_str(), by, text.as_str()), ("summary", Some(w.advisor_id), "Say who was there."));
        let seen = get(&app, &w.tom, id).await.unwrap();
        assert_eq!(seen.comments.iter().map(|c| (c.section.as_str(), c.by.as_str(), c.text.as_str())).collect::<Vec<_>>(), vec![("summary", "Ada Advisor", "Say who was there.")]);

        // Changes asked for: only with a reason.
        invalid(&app, &w.advisor, "decide", &decide_form(id, "changes", "", ""), &[("reason", T::ErrChangesReasonMissing)]).await;
        invalid(&app, &w.advisor, "decide", &decide_form(id, "changes", " \n ", ""), &[("reason", T::ErrChangesReasonMissing)]).await;
        let path: String = send(&app, &w.advisor, "decide", &decide_form(id, "changes", "  Say how many newcomers stayed.  ", "")).await.unwrap();
        assert_eq!(path, format!("/reports/{id}?done=decided"));
        assert_eq!(state_of(&app, id).await.0, "changes_requested");
        // The history keeps who, when and why.
        let history = events(&app, id).await;
        let last = history.last().unwrap();
        assert_eq!((last.0, last.1.as_str(), last.2.as_str(), last.3.as_str()), (Some(w.advisor_id), "submitted", "changes_requested", "Say how many newcomers stayed."));
        assert!((app::time::now() - last.4).abs() < 60);
        let r = get(&app, &w.tom, id).await.unwrap();
        let shown: Vec<(&str, &str, &str, &str)> = r.history.iter().map(|e| (e.by.as_str(), e.from.as_str(), e.to.as_str(), e.message.as_str())).collect();
        assert_eq!(shown, vec![
            ("Tom Price", "", "draft", ""),
            ("Tom Price", "draft", "submitted", ""),
            ("Ada Advisor", "submitted", "changes_requested", "Say how many newcomers stayed."),
        ]);
        assert_eq!(r.history[2].when.utc, last.4);
        // The co-op's representative is told, with the reason and the link; nobody else.
        let to_tom = outbox_of(&app, "tom@mill-lane.coop").await;
        assert_eq!(to_tom.len(), 1);
        assert_eq!(to_tom[0].0, "Changes asked for: Progress report: Update our induction process");
        assert!(to_tom[0].1.contains("Say how many newcomers stayed."), "{}", to_tom[0].1);
        assert!(to_tom[0].1.contains(&format!("{}/reports/{id}", app.base)), "{}", to_tom[0].1);
        assert!(outbox_of(&app, "sam@mill-lane.coop").await.is_empty());
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 1);
        // Out of the queue; the decision is not made twice.
        assert_eq!(queue(&app, &w.advisor).await, vec![second]);
        invalid(&app, &w.advisor, "decide", &decide_form(id, "accept", "", ""), &[("decision", T::ErrReportNotSubmitted)]).await;
        invalid(&app, &w.advisor, "comment", &comment_form(id, "summary", "Late"), &[("report", T::ErrReportNotSubmitted)]).await;

        // The co-op edits it again and sends it again.
        let r = get(&app, &w.tom, id).await.unwrap();
        assert!(r.can_edit && r.status == "changes_requested");
        let path: String = send(&app, &w.tom, "save", &page_form(&r, &[("summary", "We met twice; 4 of 5 newcomers stayed."), ("standing", "on_track"), ("people", "12")], "check")).await.unwrap();
        assert_eq!(path, format!("/reports/{id}/check"));
        // Sent again, it keeps its place in the queue: ahead of a report first sent after it.
        sqlx::query("UPDATE reports SET first_submitted_at = (SELECT first_submitted_at FROM reports WHERE id = $1) + 1 WHERE id = $2")
            .bind(id)
            .bind(second)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        send::<String>(&app, &w.tom, "submit", &id_form(id)).await.unwrap();
        assert_eq!(state_of(&app, id).await.0, "submitted");
        assert_eq!(queue(&app, &w.advisor).await, vec![id, second]);

        // Accepted with a follow-up date: only a date after today, in the right shape.
        for (date, message) in [(day(0), T::ErrFollowUpInPast), (day(-1), T::ErrFollowUpInPast), ("31/01/2031".to_string(), T::ErrDateInvalid), ("2031-02-30".to_string(), T::ErrDateInvalid), ("soon".to_string(), T::ErrDateInvalid)] {
            invalid(&app, &w.advisor, "decide", &decide_form(id, "accept", "Well done.", &date), &[("follow_up_on", message)]).await;
        }
        let follow_up_on = next_year("07-01");
        let path: String = send(&app, &w.advisor, "decide", &decide_form(id, "accept", "Well done.", &follow_up_on)).await.unwrap();
        assert_eq!(path, format!("/reports/{id}?done=decided"));
        let (status, advisor, on, _) = state_of(&app, id).await;
        assert_eq!((status.as_str(), advisor, on.as_str()), ("accepted", Some(w.advisor_id), follow_up_on.as_str()));
        // One follow-up job, at 08:00 UK time that day (07:00 UTC in summer).
        let planned = jobs(&app, "report_follow_up", "pending").await;
        assert_eq!(planned, vec![(format!("{id}:{follow_up_on}"), uk_eight_am(&follow_up_on))]);
        assert_eq!(chrono::DateTime::from_timestamp(planned[0].1, 0).unwrap().format("%H:%M").to_string(), "07:00");
        let to_tom = outbox_of(&app, "tom@mill-lane.coop").await;
        assert_eq!(to_tom.len(), 2);
        assert_eq!(to_tom[1].0, "Report accepted: Progress report: Update our induction process");
        let r = get(&app, &w.tom, id).await.unwrap();
        assert_eq!((r.status.as_str(), r.follow_up_on.as_str(), r.can_edit, r.can_review), ("accepted", follow_up_on.as_str(), false, false));
        assert_eq!(r.history.last().map(|e| (e.by.as_str(), e.to.as_str(), e.message.as_str())), Some(("Ada Advisor", "accepted", "Well done.")));
        assert_eq!(queue(&app, &w.advisor).await, vec![second]);
        // Decided once.
        invalid(&app, &w.advisor, "decide", &decide_form(id, "accept", "", &next_year("08-01")), &[("decision", T::ErrReportNotSubmitted)]).await;
        invalid(&app, &w.tom, "save", &page_form(&r, &[("summary", "After")], "save"), &[("report", T::ErrReportNotEditable)]).await;

        // Accepted without a follow-up: no job. A winter date is 08:00 UTC.
        send::<String>(&app, &w.advisor, "decide", &decide_form(second, "accept", "", "")).await.unwrap();
        assert_eq!(state_of(&app, second).await.0, "accepted");
        assert_eq!(jobs(&app, "report_follow_up", "pending").await.len(), 1);
        let third = submitted(&app, &w.tom, w.a, "").await;
        let winter = next_year("01-15");
        send::<String>(&app, &w.admin, "decide", &decide_form(third, "accept", "", &winter)).await.unwrap();
        let planned = jobs(&app, "report_follow_up", "pending").await;
        assert_eq!(planned[1], (format!("{third}:{winter}"), uk_eight_am(&winter)));
        assert_eq!(chrono::DateTime::from_timestamp(planned[1].1, 0).unwrap().format("%H:%M").to_string(), "08:00");

        // The co-op's list, newest first, with each status.
        let c = of_coop(&app, &w.sam, w.a).await.unwrap();
        assert!(!c.can_write);
        let list: Vec<(i64, &str)> = c.reports.iter().map(|r| (r.id, r.status.as_str())).collect();
        assert_eq!(list[list.len() - 3..], [(unsent, "draft"), (second, "accepted"), (id, "accepted")]);
        assert!(of_coop(&app, &w.bea, w.b).await.unwrap().reports.is_empty(), "nothing of it is B's");
    }
);

/// Put the last job of `kind` with `payload`, which has run, back in the queue, due now: a
/// retry, or a second worker that had taken it too.
async fn run_again(app: &TestApp, kind: &str, payload: &str) {
    let done = sqlx::query(
        "UPDATE jobs SET status = 'pending', run_at = 0, locked_until = NULL \
         WHERE id = (SELECT MAX(id) FROM jobs WHERE kind = $1 AND payload = $2) AND status <> 'pending'",
    )
    .bind(kind)
    .bind(payload)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(done.rows_affected(), 1, "{kind} {payload}");
}

on_both_databases!(
    the_follow_up_is_raised_once_on_its_day_for_the_coops_representatives_and_the_advisor,
    |app: TestApp| async move {
        let w = world(&app).await;
        // Sam (who reads French) represents A too.
        sqlx::query("UPDATE organisation_people SET is_representative = 1 WHERE user_id = $1").bind(w.sam_id).execute(&app.state.db.pool).await.unwrap();
        let induction = goal(&app, w.a, "Update our induction process").await;
        let id = submitted(&app, &w.tom, w.a, &induction.to_string()).await;
        let date = next_year("01-15");
        send::<String>(&app, &w.advisor, "decide", &decide_form(id, "accept", "Good work.", &date)).await.unwrap();
        let payload = format!("{id}:{date}");
        assert_eq!(jobs(&app, "report_follow_up", "pending").await, vec![(payload.clone(), uk_eight_am(&date))]);
        let follow_ups = format!("SELECT COUNT(*) FROM reports WHERE follows_id = {id}");

        // Not yet its day: the mail about the decision goes, nothing is raised.
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(count(&app, &follow_ups).await, 0);
        assert_eq!(jobs(&app, "report_follow_up", "pending").await.len(), 1);
        let before = count(&app, "SELECT COUNT(*) FROM outbox").await;

        // Its day: one follow-up draft on the follow-up template, linked to the report.
        sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = 'report_follow_up' AND payload = $2")
            .bind(app::time::now() - 60)
            .bind(&payload)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(jobs(&app, "report_follow_up", "done").await.len(), 1);
        assert_eq!(count(&app, &follow_ups).await, 1);
        let (follow_up, org, goal_id, status, key, version, created_by): (i64, i64, Option<i64>, String, String, i64, Option<i64>) = sqlx::query_as(
            "SELECT r.id, r.organisation_id, r.goal_id, r.status, t.key, t.version, r.created_by FROM reports r JOIN report_templates t ON t.id = r.template_id WHERE r.follows_id = $1",
        )
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!((org, goal_id, status.as_str(), key.as_str(), version, created_by), (w.a, Some(induction), "draft", "follow_up", 2, None));
        let r = get(&app, &w.tom, follow_up).await.unwrap();
        assert_eq!(r.title, "Follow-up: Progress report: Update our induction process");
        assert_eq!(r.follows, Some((id, "Progress report: Update our induction process".to_string())));
        assert_eq!(r.template.sections.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), ["still_used", "since", "evidence"]);
        assert!(r.can_edit);
        assert_eq!(r.history.iter().map(|e| (e.by.as_str(), e.to.as_str())).collect::<Vec<_>>(), vec![("", "draft")]);
        assert_eq!(of_coop(&app, &w.tom, w.a).await.unwrap().reports[0].id, follow_up);

        // One mail to each representative, in their language, and to the advisor who accepted it.
        let link = format!("{}/reports/{follow_up}", app.base);
        for (email, user, subject) in [
            ("tom@mill-lane.coop", w.tom_id, "Time for a follow-up: Progress report: Update our induction process"),
            ("sam@mill-lane.coop", w.sam_id, "C'est le moment du suivi : Progress report: Update our induction process"),
            ("ada@advise.coop", w.advisor_id, "Time for a follow-up: Progress report: Update our induction process"),
        ] {
            let mail: Vec<_> = outbox_of(&app, email).await.into_iter().filter(|m| m.2.is_some()).collect();
            assert_eq!(mail.len(), 1, "{email}: {mail:?}");
            assert_eq!(mail[0].0, subject, "{email}");
            assert!(mail[0].1.contains(&link), "{email}: {}", mail[0].1);
            assert_eq!(mail[0].2.as_deref(), Some(format!("follow_up:{id}:{user}").as_str()));
        }
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, before + 3);
        let sent = count(&app, "SELECT COUNT(*) FROM outbox").await;

        // Never twice: the same job run again raises nothing more and sends nothing more.
        run_again(&app, "report_follow_up", &payload).await;
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(jobs(&app, "report_follow_up", "done").await.len(), 1);
        assert_eq!(count(&app, &follow_ups).await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, sent);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 2);
        // Two workers racing past the check (a lease ran out): the database keeps one follow-up.
        let template: (i64,) = sqlx::query_as("SELECT template_id FROM reports WHERE follows_id = $1").bind(id).fetch_one(&app.state.db.pool).await.unwrap();
        let second = app::reports::store::create(&app.state.db, w.a, None, template.0, "A second follow-up", None, Some(id)).await;
        assert!(second.is_err(), "a second follow-up of one report is refused by the database");
        assert_eq!(count(&app, &follow_ups).await, 1);
        // A job for a date the report does not have (planned before a change) raises nothing.
        let other = format!("{id}:{}", next_year("02-01"));
        app::jobs::enqueue(&app.state.db, "report_follow_up", None, &other, 0).await.unwrap();
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 2);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, sent);
        // Nor one for a report that is not accepted.
        let draft = start(&app, &w.tom, w.a, "progress", "").await;
        app::jobs::enqueue(&app.state.db, "report_follow_up", None, &format!("{draft}:"), 0).await.unwrap();
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM reports WHERE follows_id = {draft}")).await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'report_follow_up' AND status <> 'done'").await, 0);
    }
);

on_both_databases!(
    a_stale_page_or_a_page_for_another_template_version_saves_nothing,
    |app: TestApp| async move {
        let w = world(&app).await;
        let id = start(&app, &w.tom, w.a, "progress", "").await;
        // The same draft open on two pages (two devices): each with its own writer id.
        let one = get(&app, &w.tom, id).await.unwrap();
        let two = get(&app, &w.priya, id).await.unwrap();
        assert_ne!(one.writer, two.writer);
        assert_eq!((one.revision, two.revision), (0, 0));

        // Page one saves; page two, still on revision 0, may not overwrite it.
        send::<String>(&app, &w.tom, "save", &page_form(&one, &[("summary", "From page one")], "save")).await.unwrap();
        invalid(&app, &w.priya, "save", &page_form(&two, &[("summary", "From page two")], "save"), &[("revision", T::ErrReportDraftNewer)]).await;
        invalid(&app, &w.priya, "save", &page_form(&two, &[("summary", "From page two")], "check"), &[("revision", T::ErrReportDraftNewer)]).await;
        // Nor a page with no writer id.
        invalid(&app, &w.tom, "save", &set(page_form(&one, &[("summary", "Anonymous")], "save"), "writer", ""), &[("revision", T::ErrReportDraftNewer)]).await;
        assert_eq!(stored_answers(&app, id).await, (answers(&[("summary", "From page one")]), 1));
        // Page one's own saves cross on the way (each sent on the revision it last knew of).
        let path: String = send(&app, &w.tom, "save", &page_form(&one, &[("summary", "From page one, more")], "save")).await.unwrap();
        assert_eq!(path, format!("/reports/{id}?done=saved&revision=2"));
        assert_eq!(stored_answers(&app, id).await, (answers(&[("summary", "From page one, more")]), 2));

        // Page two reloads, and saves on what it now shows; then page one is the stale one.
        let two = get(&app, &w.priya, id).await.unwrap();
        assert_eq!((two.revision, two.answers.clone()), (2, answers(&[("summary", "From page one, more")])));
        send::<String>(&app, &w.priya, "save", &page_form(&two, &[("summary", "From page two")], "save")).await.unwrap();
        invalid(&app, &w.tom, "save", &set(page_form(&one, &[("summary", "Page one again")], "save"), "revision", "2"), &[("revision", T::ErrReportDraftNewer)]).await;
        assert_eq!(stored_answers(&app, id).await, (answers(&[("summary", "From page two")]), 3));
        let (writer,): (String,) = sqlx::query_as("SELECT last_writer FROM reports WHERE id = $1").bind(id).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(writer, two.writer);

        // A page made for another version of the template than the report's saves nothing.
        let two = get(&app, &w.priya, id).await.unwrap();
        let final_template = app::reports::store::latest(&app.state.db, "final").await.unwrap().unwrap();
        for version in [final_template.id, two.template.id + 1000, 0, -1] {
            invalid(&app, &w.priya, "save", &set(page_form(&two, &[("summary", "Other version")], "save"), "version", &version.to_string()), &[("report", T::ErrTemplateChanged)]).await;
        }
        // A writer id no page makes.
        rejected(&app, &w.priya, "save", &set(page_form(&two, &[("summary", "Long writer")], "save"), "writer", &"w".repeat(65)), AppError::BadRequest).await;
        assert_eq!(stored_answers(&app, id).await, (answers(&[("summary", "From page two")]), 3));
    }
);

on_both_databases!(
    every_report_function_as_the_wrong_person_is_refused_and_changes_nothing,
    |app: TestApp| async move {
        let w = world(&app).await;
        let a = w.a.to_string();
        let draft = start(&app, &w.tom, w.a, "progress", "").await;
        save(&app, &w.tom, draft, COMPLETE, "save").await.unwrap();
        let sent = submitted(&app, &w.tom, w.a, "").await;
        let page = get(&app, &w.tom, draft).await.unwrap();

        // Calls that would succeed for the right person.
        let calls: Vec<(&str, Form)> = vec![
            ("of_coop", form(&[("organisation_id", &a)])),
            ("get", id_form(draft)),
            ("get", id_form(sent)),
            ("start", start_form(w.a, "progress", "")),
            ("save", page_form(&page, &[("summary", "Taken over")], "save")),
            ("submit", id_form(draft)),
            ("comment", comment_form(sent, "summary", "Good.")),
            ("decide", decide_form(sent, "changes", "Say more.", "")),
            ("decide", decide_form(sent, "accept", "", &day(30))),
            ("queue", vec![]),
        ];
        let visitor = browser();
        // Those who may not even read A's reports: they are not there for them.
        let outsiders: [(&str, &Client); 4] = [
            ("a member of another co-op", &w.cy),
            ("a member of another co-op in the same circle", &w.bea),
            ("the facilitator of another circle", &w.otto),
            ("an assessor", &w.assessor),
        ];
        for (endpoint, args) in &calls {
            refused(&app, "a visitor", &visitor, endpoint, args, AppError::SignInRequired).await;
            for (who, client) in outsiders {
                let expected = if *endpoint == "queue" { AppError::Forbidden } else { AppError::NotFound };
                refused(&app, who, client, endpoint, args, expected).await;
            }
            // A's person who is not its representative reads, and does nothing else.
            if !["of_coop", "get"].contains(endpoint) {
                refused(&app, "A's person who is not its representative", &w.sam, endpoint, args, AppError::Forbidden).await;
            }
            // Those who write it do not review it; the advisor reviews it and does not write it.
            if ["comment", "decide", "queue"].contains(endpoint) {
                refused(&app, "A's representative", &w.tom, endpoint, args, AppError::Forbidden).await;
                refused(&app, "X's facilitator", &w.priya, endpoint, args, AppError::Forbidden).await;
            }
            if ["start", "save", "submit"].contains(endpoint) {
                refused(&app, "an advisor", &w.advisor, endpoint, args, AppError::Forbidden).await;
            }
        }
        // Those who read see what they may do.
        for (who, client, review) in [("sam", &w.sam, false), ("advisor", &w.advisor, true)] {
            let c = of_coop(&app, client, w.a).await.unwrap();
            assert_eq!((c.reports.len(), c.can_write), (2, false), "{who}");
            let r = get(&app, client, sent).await.unwrap();
            assert_eq!((r.can_edit, r.can_review), (false, review), "{who}");
            assert!(!get(&app, client, draft).await.unwrap().can_edit, "{who}");
        }
        for (who, client) in [("tom", &w.tom), ("priya", &w.priya), ("admin", &w.admin)] {
            assert!(of_coop(&app, client, w.a).await.unwrap().can_write, "{who}");
            assert!(get(&app, client, draft).await.unwrap().can_edit, "{who}");
        }
        assert_eq!(state_of(&app, draft).await.0, "draft");
        assert_eq!(state_of(&app, sent).await.0, "submitted");

        // A's circle's facilitator writes: starts, saves, sends.
        let priyas = start(&app, &w.priya, w.a, "progress", "").await;
        assert_eq!(state_of(&app, priyas).await.0, "draft");
        send::<String>(&app, &w.priya, "save", &page_form(&page, &[("summary", "By Priya"), ("standing", "some_delay")], "check")).await.unwrap();
        send::<String>(&app, &w.priya, "submit", &id_form(draft)).await.unwrap();
        assert_eq!(state_of(&app, draft).await.0, "submitted");
        // An admin comments; the advisor decides.
        send::<String>(&app, &w.admin, "comment", &comment_form(sent, "standing", "Which dates?")).await.unwrap();
        send::<String>(&app, &w.advisor, "decide", &decide_form(sent, "changes", "Say more.", "")).await.unwrap();
        assert_eq!(state_of(&app, sent).await.0, "changes_requested");

        // Another co-op's report, named by A's representative: not there.
        let bs = start(&app, &w.bea, w.b, "progress", "").await;
        let b_page = get(&app, &w.bea, bs).await.unwrap();
        for (endpoint, args) in [
            ("get", id_form(bs)),
            ("save", page_form(&b_page, &[("summary", "Taken over")], "save")),
            ("submit", id_form(bs)),
        ] {
            refused(&app, "A's representative", &w.tom, endpoint, &args, AppError::NotFound).await;
            refused(&app, "a member of another circle", &w.cy, endpoint, &args, AppError::NotFound).await;
        }
        // B is in X too: Priya sees it (and Bea's own co-op, of course).
        assert_eq!(get(&app, &w.priya, bs).await.unwrap().organisation_id, w.b);
        // Starting a report for a co-op that is not yours, or not there.
        refused(&app, "A's representative", &w.tom, "start", &start_form(w.b, "progress", ""), AppError::NotFound).await;
        refused(&app, "A's representative", &w.tom, "start", &start_form(w.c, "progress", ""), AppError::NotFound).await;
        refused(&app, "A's representative", &w.tom, "start", &start_form(999_999, "progress", ""), AppError::NotFound).await;
        refused(&app, "A's representative", &w.tom, "of_coop", &form(&[("organisation_id", "999999")]), AppError::NotFound).await;
        // Ids that are nobody's.
        for endpoint in ["get", "submit"] {
            refused(&app, "an admin", &w.admin, endpoint, &id_form(999_999), AppError::NotFound).await;
        }
        refused(&app, "an admin", &w.admin, "comment", &comment_form(999_999, "summary", "Hello"), AppError::NotFound).await;
        refused(&app, "an admin", &w.admin, "decide", &decide_form(999_999, "changes", "Why", ""), AppError::NotFound).await;
    }
);

on_both_databases!(
    bad_input_is_refused_by_the_field_and_hostile_values_never_fault,
    |app: TestApp| async move {
        let w = world(&app).await;
        let mine = goal(&app, w.a, "Update our induction process").await;
        let theirs = goal(&app, w.b, "B's own goal").await;

        // Starting: a template that is not one a co-op chooses, a goal that is not A's.
        for template in ["weekly", "follow_up", "", "PROGRESS", "progress "] {
            invalid(&app, &w.tom, "start", &start_form(w.a, template, ""), &[("template", T::ErrChooseOne)]).await;
        }
        for goal in [theirs.to_string(), "999999".into(), "first".into(), "-1".into(), "99999999999999999999999".into()] {
            invalid(&app, &w.tom, "start", &start_form(w.a, "progress", &goal), &[("goal", T::ErrChooseGoal)]).await;
        }
        invalid(&app, &w.tom, "start", &start_form(w.a, "weekly", &theirs.to_string()), &[("template", T::ErrChooseOne), ("goal", T::ErrChooseGoal)]).await;
        let id = start(&app, &w.tom, w.a, "progress", &format!(" {mine} ")).await;
        assert_eq!(get(&app, &w.tom, id).await.unwrap().goal.map(|g| g.0), Some(mine));

        // Saving: a section the template does not have (or one that takes no answer) is not a
        // form the page sends.
        let r = get(&app, &w.tom, id).await.unwrap();
        for key in ["nonsense", "activities", "outcome", ""] {
            rejected(&app, &w.tom, "save", &page_form(&r, &[("summary", "Fine"), (key, "x")], "save"), AppError::BadRequest).await;
        }
        // Too long, by the section's field; 5000 characters (of any size) are fine.
        let long = "x".repeat(5001);
        invalid(&app, &w.tom, "save", &page_form(&r, &[("summary", "Fine"), ("learned", &long)], "save"), &[("section-learned", T::ErrWordsTooLong)]).await;
        invalid(&app, &w.tom, "save", &page_form(&r, &[("summary", &long), ("next", &long)], "check"), &[("section-summary", T::ErrWordsTooLong), ("section-next", T::ErrWordsTooLong)]).await;
        let wide = "é".repeat(5000);
        send::<String>(&app, &w.tom, "save", &page_form(&r, &[("summary", &wide), ("learned", &format!("  {}  ", "x".repeat(5000)))], "save")).await.unwrap();
        assert_eq!(stored_answers(&app, id).await.0["summary"].chars().count(), 5000);
        // Wrong types never reach the function.
        for (key, value) in [("id", "A"), ("version", "first"), ("revision", "latest")] {
            let r = get(&app, &w.tom, id).await.unwrap();
            rejected(&app, &w.tom, "save", &set(page_form(&r, &[("summary", "Fine")], "save"), key, value), AppError::BadRequest).await;
        }
        rejected(&app, &w.tom, "submit", &id_form(0), AppError::NotFound).await;
        rejected(&app, &w.tom, "get", &form(&[("id", "1 OR 1=1")]), AppError::BadRequest).await;

        // Comments: empty, too long, on a section the template does not have, on a draft.
        invalid(&app, &w.advisor, "comment", &comment_form(id, "summary", "Fine"), &[("report", T::ErrReportNotSubmitted)]).await;
        save(&app, &w.tom, id, COMPLETE, "save").await.unwrap();
        send::<String>(&app, &w.tom, "submit", &id_form(id)).await.unwrap();
        invalid(&app, &w.advisor, "comment", &comment_form(id, "summary", "  "), &[("comment-summary", T::ErrCommentMissing)]).await;
        invalid(&app, &w.advisor, "comment", &comment_form(id, "summary", &long), &[("comment-summary", T::ErrWordsTooLong)]).await;
        for section in ["nonsense", "", "outcome"] {
            rejected(&app, &w.advisor, "comment", &comment_form(id, section, "Fine"), AppError::BadRequest).await;
        }
        send::<String>(&app, &w.advisor, "comment", &comment_form(id, "learned", &"é".repeat(5000))).await.unwrap();
        // Decisions: none of the two, a reason too long (either way), a date that is not one.
        for decision in ["maybe", "", "ACCEPT", "accepted"] {
            invalid(&app, &w.advisor, "decide", &decide_form(id, decision, "Why", ""), &[("decision", T::ErrChooseOne)]).await;
        }
        invalid(&app, &w.advisor, "decide", &decide_form(id, "changes", &long, ""), &[("reason", T::ErrWordsTooLong)]).await;
        invalid(&app, &w.advisor, "decide", &decide_form(id, "accept", &long, &day(10)), &[("reason", T::ErrWordsTooLong)]).await;
        invalid(&app, &w.advisor, "decide", &decide_form(id, "accept", "", "1999-12-31"), &[("follow_up_on", T::ErrDateInvalid)]).await;
        invalid(&app, &w.advisor, "decide", &decide_form(id, "accept", "", "2101-01-01"), &[("follow_up_on", T::ErrDateInvalid)]).await;
        assert_eq!(state_of(&app, id).await.0, "submitted");

        // Hostile values in every argument, with the others as they should be, as an admin
        // (who passes every check): never a fault. Values that are fine are stored as typed.
        let hostile: Vec<String> = vec![
            String::new(),
            "-1".into(),
            "9223372036854775807".into(),
            "99999999999999999999999".into(),
            "1.5".into(),
            "<script>alert(1)</script>".into(),
            "'; DROP TABLE users; --".into(),
            "\u{202e}\u{0000}\u{200b}\u{feff}".into(),
            "a\u{0000}b".into(),
            "%00%ff".into(),
            "x".repeat(200_000),
        ];
        let draft = start(&app, &w.admin, w.a, "progress", "").await;
        let sent = submitted(&app, &w.admin, w.a, "").await;
        let page = get(&app, &w.admin, draft).await.unwrap();
        let good: Vec<(&str, Form)> = vec![
            ("of_coop", form(&[("organisation_id", &w.a.to_string())])),
            ("get", id_form(draft)),
            ("start", start_form(w.a, "progress", &mine.to_string())),
            ("save", page_form(&page, &[("summary", "Fine"), ("standing", "on_track")], "check")),
            ("submit", id_form(draft)),
            ("comment", comment_form(sent, "summary", "Fine")),
            ("decide", decide_form(sent, "changes", "Fine", "")),
            ("decide", decide_form(sent, "accept", "Fine", &day(10))),
        ];
        let mut faults = Vec::new();
        for (endpoint, args) in &good {
            for i in 0..args.len() {
                for value in &hostile {
                    // Each call on a report as it was: the draft a draft, the sent one waiting.
                    sqlx::query("UPDATE reports SET status = 'draft', last_writer = $1 WHERE id = $2").bind(&page.writer).bind(draft).execute(&app.state.db.pool).await.unwrap();
                    sqlx::query("UPDATE reports SET status = 'submitted' WHERE id = $1").bind(sent).execute(&app.state.db.pool).await.unwrap();
                    let bad = set(args.clone(), &args[i].0, value);
                    let pairs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    let response = app.call_raw(&w.admin, &format!("reports/{endpoint}"), &pairs).await;
                    let status = response.status().as_u16();
                    if status >= 500 {
                        let body = response.text().await.unwrap_or_default();
                        faults.push(format!("{endpoint} {}={:?}: {status} {body}", args[i].0, value.chars().take(30).collect::<String>()));
                    }
                }
            }
        }
        assert!(faults.is_empty(), "hostile input caused faults:\n{}", faults.join("\n"));
        let raw: Vec<(String,)> = sqlx::query_as("SELECT text FROM report_comments WHERE report_id = $1").bind(sent).fetch_all(&app.state.db.pool).await.unwrap();
        assert!(raw.iter().any(|(t,)| t == "<script>alert(1)</script>"), "stored as typed: {raw:?}");
        // A NUL byte (which no form sends, and PostgreSQL cannot store) is left out of words;
        // a writer id with one is no page's.
        assert!(raw.iter().any(|(t,)| t == "ab"), "{raw:?}");
        assert!(raw.iter().all(|(t,)| !t.contains('\0')));
        let (messages,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM report_events WHERE message = 'ab'").fetch_one(&app.state.db.pool).await.unwrap();
        assert!(messages > 0);
        rejected(&app, &w.admin, "save", &set(page_form(&page, &[("summary", "Fine")], "save"), "writer", "a\u{0}b"), AppError::BadRequest).await;
        let (json,): (String,) = sqlx::query_as("SELECT answers FROM reports WHERE id = $1").bind(draft).fetch_one(&app.state.db.pool).await.unwrap();
        let stored: BTreeMap<String, String> = serde_json::from_str(&json).unwrap();
        assert!(stored.values().all(|v| v.chars().count() <= 5000), "{stored:?}");
    }
);

on_both_databases!(
    templates_are_stored_once_and_a_report_keeps_the_version_it_was_started_on,
    |app: TestApp| async move {
        let w = world(&app).await;
        let db = &app.state.db;
        // Stored at start; storing again (another start, another instance) adds nothing.
        app::reports::store::ensure_templates(db).await.unwrap();
        app::reports::store::ensure_templates(db).await.unwrap();
        let versions: Vec<(String, i64)> = sqlx::query_as("SELECT key, version FROM report_templates ORDER BY key, version").fetch_all(&db.pool).await.unwrap();
        let shipped: Vec<(String, i64)> = ["final", "follow_up", "progress"].iter().flat_map(|k| [(k.to_string(), 1), (k.to_string(), 2)]).collect();
        assert_eq!(versions, shipped, "each version shipped, once");
        // Instances started together on an empty table (a deployment of two): each stores what
        // is missing, none fails, and each version is stored once.
        for _ in 0..5 {
            sqlx::query("DELETE FROM report_templates").execute(&db.pool).await.unwrap();
            let (a, b, c, d) = tokio::join!(
                app::reports::store::ensure_templates(db),
                app::reports::store::ensure_templates(db),
                app::reports::store::ensure_templates(db),
                app::reports::store::ensure_templates(db),
            );
            assert!(a.is_ok() && b.is_ok() && c.is_ok() && d.is_ok(), "{a:?} {b:?} {c:?} {d:?}");
            assert_eq!(count(&app, "SELECT COUNT(*) FROM report_templates").await, 6);
        }
        // What is stored is what the code says; the latest is the one with evidence.
        for (key, version, content) in app::reports::template::shipped() {
            let (stored,): (String,) = sqlx::query_as("SELECT content FROM report_templates WHERE key = $1 AND version = $2").bind(key).bind(version).fetch_one(&db.pool).await.unwrap();
            let stored: app::reports::template::Content = serde_json::from_str(&stored).unwrap();
            assert_eq!(stored, content, "{key} v{version}");
        }
        for key in ["final", "follow_up", "progress"] {
            let t = app::reports::store::latest(db, key).await.unwrap().unwrap();
            assert_eq!((t.version, t.sections.last().map(|s| s.kind.as_str())), (2, Some("evidence")), "{key}");
        }
        // A database that had only the first versions (before evidence) gets the second at the
        // next start; one where an admin already published a second keeps the admin's.
        sqlx::query("DELETE FROM report_templates WHERE version = 2 AND key <> 'final'").execute(&db.pool).await.unwrap();
        let admins = app::reports::template::Content { title: app::onboarding::questionnaire::Text::new("Ours", "Le nôtre"), ..app::reports::template::defaults()[1].1.clone() };
        sqlx::query("UPDATE report_templates SET content = $1 WHERE key = 'final' AND version = 2").bind(serde_json::to_string(&admins).unwrap()).execute(&db.pool).await.unwrap();
        app::reports::store::ensure_templates(db).await.unwrap();
        assert_eq!(app::reports::store::latest(db, "progress").await.unwrap().unwrap().version, 2);
        assert_eq!(app::reports::store::latest(db, "final").await.unwrap().unwrap().title.en, "Ours");

        let old = start(&app, &w.tom, w.a, "progress", "").await;
        let v1 = get(&app, &w.tom, old).await.unwrap().template;

        // A new version of the progress template: other sections, another title.
        let content = serde_json::json!({
            "title": {"en": "Progress report (short)", "fr": "Rapport d'étape (court)"},
            "sections": [
                {"key": "summary", "title": {"en": "What happened", "fr": "Ce qui s'est passé"}, "guidance": {"en": "", "fr": ""}, "kind": "text", "required": true},
                {"key": "wins", "title": {"en": "Wins", "fr": "Réussites"}, "guidance": {"en": "", "fr": ""}, "kind": "text", "required": false}
            ]
        });
        sqlx::query("INSERT INTO report_templates (key, version, content, created_at) VALUES ('progress', 3, $1, $2)")
            .bind(content.to_string())
            .bind(app::time::now())
            .execute(&db.pool)
            .await
            .unwrap();
        app::reports::store::ensure_templates(db).await.unwrap();
        assert_eq!(count(&app, "SELECT COUNT(*) FROM report_templates").await, 7);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM report_templates WHERE key = 'progress' AND version = 2").await, 1);

        // The report started before keeps version 2: its sections, its rules.
        let r = get(&app, &w.tom, old).await.unwrap();
        assert_eq!(r.template, v1);
        assert_eq!(r.template.sections.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), ["summary", "activities", "standing", "people", "learned", "next", "evidence"]);
        rejected(&app, &w.tom, "save", &page_form(&r, &[("summary", "Fine"), ("wins", "Many")], "save"), AppError::BadRequest).await;
        let err = send::<String>(&app, &w.tom, "save", &page_form(&r, &[("summary", "Fine")], "check")).await.unwrap_err();
        assert_eq!(fields_of(&err), vec![("section-standing", T::ErrSectionMissing)]);

        // A new report is on version 3.
        let c = of_coop(&app, &w.tom, w.a).await.unwrap();
        assert_eq!(c.templates[0], ("progress".to_string(), "Progress report (short)".to_string()));
        let new = start(&app, &w.tom, w.a, "progress", "").await;
        let n = get(&app, &w.tom, new).await.unwrap();
        assert_eq!((n.template.key.as_str(), n.template.version, n.title.as_str()), ("progress", 3, "Progress report (short)"));
        assert_ne!(n.template.id, v1.id);
        assert_eq!(n.template.sections.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), ["summary", "wins"]);
        assert!(n.activities.is_empty(), "no activities section");
        rejected(&app, &w.tom, "save", &page_form(&n, &[("summary", "Fine"), ("standing", "on_track")], "save"), AppError::BadRequest).await;
        // A page of one version does not save into a report of the other.
        invalid(&app, &w.tom, "save", &set(page_form(&n, &[("summary", "Fine")], "save"), "version", &v1.id.to_string()), &[("report", T::ErrTemplateChanged)]).await;
        invalid(&app, &w.tom, "save", &set(page_form(&r, &[("summary", "Fine")], "save"), "version", &n.template.id.to_string()), &[("report", T::ErrTemplateChanged)]).await;
        let path: String = send(&app, &w.tom, "save", &page_form(&n, &[("summary", "Fine"), ("wins", "Many")], "check")).await.unwrap();
        assert_eq!(path, format!("/reports/{new}/check"));
        send::<String>(&app, &w.tom, "submit", &id_form(new)).await.unwrap();
        // The old one still needs what version 1 asks.
        invalid(&app, &w.tom, "submit", &id_form(old), &[("section-standing", T::ErrSectionMissing)]).await;
        let (old_template, new_template): (i64, i64) = (
            count(&app, &format!("SELECT template_id FROM reports WHERE id = {old}")).await,
            count(&app, &format!("SELECT template_id FROM reports WHERE id = {new}")).await,
        );
        assert_eq!((old_template, new_template), (v1.id, n.template.id));
    }
);

on_both_databases!(
    a_report_starts_from_a_closed_live_session_with_what_was_said_for_this_coop,
    |app: TestApp| async move {
        let w = world(&app).await;
        let path: String = app
            .call(&w.priya, "meetings/save", &[
                ("id", "0"), ("circle_id", &w.circle_x.to_string()), ("title", "Induction circle"), ("date", &format!("{}-07-01", chrono::Datelike::year(&chrono::Utc::now()) + 1)),
                ("time", "18:30"), ("duration", "90"), ("delivery", "online"), ("location", "https://meet.example/x"), ("agenda", "Check-in | 10\nInduction | 40"),
            ])
            .await
            .unwrap();
        let meeting: i64 = path.trim_start_matches("/meetings/").trim_end_matches("?done=saved").parse().unwrap();
        let m = meeting.to_string();
        let path: String = app.call(&w.priya, "live/start", &[("meeting_id", &m)]).await.unwrap();
        let session = path.trim_start_matches("/live/").to_string();
        let act = |kind: &'static str, args: Vec<(&'static str, String)>| {
            let mut form = vec![("session_id", session.clone()), ("kind", kind.to_string())];
            form.extend(args);
            form
        };
        let call = |form: Vec<(&'static str, String)>| {
            let pairs: Vec<(String, String)> = form.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let app = &app;
            let priya = &w.priya;
            async move {
                let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                app.call::<()>(priya, "live/act", &pairs).await.unwrap();
            }
        };
        // Before it closes there is nothing to report on.
        assert_eq!(send::<Vec<(i64, String)>>(&app, &w.tom, "session_starts", &form(&[("meeting_id", &m)])).await.unwrap(), vec![]);
        let early = send::<String>(&app, &w.tom, "start_from_session", &form(&[("meeting_id", &m), ("organisation_id", &w.a.to_string())])).await;
        assert_eq!(early.unwrap_err().for_field("session"), Some(T::ErrSessionNotClosed));
        call(act("check_in_person", vec![("a", "Tom Price".into()), ("b", "room".into())])).await;
        call(act("check_in_person", vec![("a", "Bea Lund".into()), ("b", "phone".into())])).await;
        call(act("write_note", vec![("a", "1".into()), ("b", "Buddies for every newcomer".into())])).await;
        call(act("open_poll", vec![("a", "Try buddies?".into()), ("b", "thumbs".into())])).await;
        call(act("reveal_poll", vec![("a", "0".into())])).await;
        call(act("capture_action", vec![("a", "Write the buddy guide".into()), ("b", w.a.to_string()), ("c", "Tom".into()), ("d", "".into())])).await;
        call(act("capture_action", vec![("a", "Harbour's own action".into()), ("b", w.b.to_string()), ("c", "".into()), ("d", "".into())])).await;
        call(act("close", vec![])).await;

        // Tom may start one for Mill Lane; Bea, in the same circle, only for Harbour.
        let starts: Vec<(i64, String)> = send(&app, &w.tom, "session_starts", &form(&[("meeting_id", &m)])).await.unwrap();
        assert_eq!(starts, vec![(w.a, "Mill Lane".to_string())]);
        let starts: Vec<(i64, String)> = send(&app, &w.bea, "session_starts", &form(&[("meeting_id", &m)])).await.unwrap();
        assert_eq!(starts, vec![(w.b, "Harbour Bakery".to_string())]);
        let before = app.count("SELECT COUNT(*) FROM reports").await;
        let refused = send::<String>(&app, &w.bea, "start_from_session", &form(&[("meeting_id", &m), ("organisation_id", &w.a.to_string())])).await;
        assert_eq!(refused.unwrap_err(), AppError::NotFound);
        let refused = send::<String>(&app, &w.cy, "start_from_session", &form(&[("meeting_id", &m), ("organisation_id", &w.c.to_string())])).await;
        assert_eq!(refused.unwrap_err(), AppError::NotFound, "Hill Farm is not in the circle");
        assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, before);

        let path: String = send(&app, &w.tom, "start_from_session", &form(&[("meeting_id", &m), ("organisation_id", &w.a.to_string())])).await.unwrap();
        let id: i64 = path.trim_start_matches("/reports/").parse().unwrap();
        let r: ReportView = send(&app, &w.tom, "get", &form(&[("id", &id.to_string())])).await.unwrap();
        assert_eq!(r.title, "Progress report: Induction circle");
        assert_eq!(r.status, "draft");
        let summary = &r.answers["summary"];
        assert!(summary.contains("2 took part, 1 from our co-op (Tom Price)"), "{summary}");
        assert!(!summary.contains("Bea Lund"), "another co-op's person is counted, not named: {summary}");
        assert!(summary.contains("- Induction: Buddies for every newcomer"), "{summary}");
        assert!(r.answers["learned"].contains("Try buddies?"), "{:?}", r.answers);
        assert!(r.answers["next"].contains("- Write the buddy guide (Tom)") && !r.answers["next"].contains("Harbour"), "{:?}", r.answers);
        let (stored_meeting,): (Option<i64>,) = sqlx::query_as("SELECT meeting_id FROM reports WHERE id = $1").bind(id).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(stored_meeting, Some(meeting));
    }
);

on_both_databases!(
    an_admin_publishes_a_checked_new_version_that_new_reports_use,
    |app: TestApp| async move {
        let w = world(&app).await;
        let templates: Vec<app::reports::template::Template> = send(&app, &w.admin, "templates", &vec![]).await.unwrap();
        let keys: Vec<&str> = templates.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["progress", "final", "follow_up"]);
        let progress = templates[0].clone();
        let mut content = app::reports::template::Content { title: progress.title.clone(), sections: progress.sections.clone() };
        let before = app.count("SELECT COUNT(*) FROM report_templates").await;
        // Refused, by the field, and nothing stored: not JSON; then a section without French.
        let refused = send::<String>(&app, &w.admin, "publish_template", &form(&[("key", "progress"), ("content", "{ nope")])).await;
        assert_eq!(refused.unwrap_err().for_field("template-progress"), Some(T::ErrTemplateJson));
        let mut broken = content.clone();
        broken.sections[0].title.fr.clear();
        let json = serde_json::to_string(&broken).unwrap();
        let refused = send::<String>(&app, &w.admin, "publish_template", &form(&[("key", "progress"), ("content", &json)])).await;
        assert_eq!(refused.unwrap_err().for_field("template-progress"), Some(T::ErrTemplateWords));
        assert_eq!(send::<String>(&app, &w.admin, "publish_template", &form(&[("key", "weekly"), ("content", &json)])).await.unwrap_err(), AppError::BadRequest);
        // Only admins.
        let refused = send::<String>(&app, &w.advisor, "publish_template", &form(&[("key", "progress"), ("content", &json)])).await;
        assert_eq!(refused.unwrap_err(), AppError::Forbidden);
        assert_eq!(app.count("SELECT COUNT(*) FROM report_templates").await, before);

        // A report started on version 1 keeps it; the next one gets version 2.
        let old: String = send(&app, &w.tom, "start", &form(&[("organisation_id", &w.a.to_string()), ("template", "progress"), ("goal", "")])).await.unwrap();
        content.sections.push(app::reports::template::Section {
            key: "money".into(),
            title: app::onboarding::questionnaire::Text::new("Money spent", "Argent dépensé"),
            guidance: app::onboarding::questionnaire::Text::new("", ""),
            kind: "number".into(),
            unit: Some(app::onboarding::questionnaire::Text::new("pounds", "livres")),
            options: vec![],
            required: false,
        });
        let json = serde_json::to_string_pretty(&content).unwrap();
        let path: String = send(&app, &w.admin, "publish_template", &form(&[("key", "progress"), ("content", &json)])).await.unwrap();
        assert_eq!(path, "/admin/templates?done=published#template-progress");
        let new: String = send(&app, &w.tom, "start", &form(&[("organisation_id", &w.a.to_string()), ("template", "progress"), ("goal", "")])).await.unwrap();
        let view = |path: String| {
            let app = &app;
            let tom = &w.tom;
            async move { send::<ReportView>(app, tom, "get", &form(&[("id", path.trim_start_matches("/reports/"))])).await.unwrap() }
        };
        let (old, new) = (view(old).await, view(new).await);
        assert_eq!((old.template.version, new.template.version), (2, 3));
        assert!(old.template.section("money").is_none() && new.template.section("money").is_some());
    }
);

on_both_databases!(
    the_report_queue_comes_a_page_at_a_time_with_links_that_need_no_javascript,
    |app: TestApp| async move {
        use app::reports::QUEUE_PAGE;
        server::demo::seed(&app.state.db).await.unwrap();
        server::demo::seed_volume(&app.state.db, 0, 120).await.unwrap();
        let advisor = browser();
        app.sign_in(&advisor, "advisor@demo.coop", "circles-demo-2026").await.unwrap();
        let waiting = app.count("SELECT COUNT(*) FROM reports WHERE status = 'submitted'").await;
        let pages = (waiting + QUEUE_PAGE - 1) / QUEUE_PAGE;
        assert!(pages >= 3, "{waiting} waiting");

        // Every waiting report is on exactly one page, longest-waiting first throughout.
        let mut seen = Vec::new();
        for page in 1..=pages {
            let q: ReportQueue = app.call(&advisor, "reports/queue", &[("page", &page.to_string())]).await.unwrap();
            assert_eq!((q.page, q.pages, q.waiting), (page, pages, waiting));
            let expected = if page < pages { QUEUE_PAGE } else { waiting - (pages - 1) * QUEUE_PAGE };
            assert_eq!(q.reports.len() as i64, expected, "page {page}");
            seen.extend(q.reports.iter().map(|r| r.id));
        }
        let all: Vec<(i64,)> = sqlx::query_as("SELECT id FROM reports WHERE status = 'submitted' ORDER BY first_submitted_at, id")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(seen, all.into_iter().map(|(id,)| id).collect::<Vec<_>>());

        // No page asked for is the first; an old link past the end shows the last.
        let first: ReportQueue = app.call(&advisor, "reports/queue", &[]).await.unwrap();
        assert_eq!(first.page, 1);
        let beyond: ReportQueue = app.call(&advisor, "reports/queue", &[("page", "999")]).await.unwrap();
        assert_eq!((beyond.page, beyond.reports.len() as i64), (pages, waiting - (pages - 1) * QUEUE_PAGE));

        // The page links to its neighbours with plain links, in both languages.
        let (_, _, html) = app.get(&advisor, "/reports?page=2").await;
        assert!(html.contains("href=\"/reports?page=1\"") && html.contains("href=\"/reports?page=3\""), "{html}");
        assert!(html.contains(&format!("Page 2 of {pages}")), "{html}");
        assert_eq!(html.matches("class=\"report-item\"").count() as i64, QUEUE_PAGE);
        let me = app.who(&advisor).await.unwrap();
        app::accounts::store::set_locale(&app.state.db, me.id, app::i18n::Locale::Fr).await.unwrap();
        let (_, _, html) = app.get(&advisor, "/reports?page=2").await;
        assert!(html.contains(&format!("Page 2 sur {pages}")) && html.contains("Page suivante"), "{html}");
    }
);
