//! Activity programmes through the real server, on both databases: a co-op's goals traced from
//! its needs analysis to activities and their progress, with one history line per change;
//! actions captured in a live session accepted into the programme or dropped with a reason;
//! who may read, change and comment on it (and ids of another co-op's records refused); bad
//! input refused field by field; reminders on the job queue, in the owner's language and never
//! sent twice, each as it comes or in a weekly digest; and due dates in the calendar feed, read
//! back by an independent parser (Python's `icalendar`).

use crate::common;

use app::error::AppError;
use app::i18n::T;
use app::programmes::{Programme, Progress};
use common::world::{World, rows_of, world};
use common::{TestApp, browser};
use reqwest::Client;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

// ----- Dates -----

/// Today where the mutual works, as the server counts "overdue".
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(&app::programmes::store::today(), "%Y-%m-%d").unwrap()
}

/// `offset` days from today, as a date input sends it.
fn day(offset: i64) -> String {
    (today() + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string()
}

/// The Monday after today (the first weekly digest).
fn next_monday() -> chrono::NaiveDate {
    use chrono::Datelike;
    let mut d = today() + chrono::Duration::days(1);
    while d.weekday() != chrono::Weekday::Mon {
        d += chrono::Duration::days(1);
    }
    d
}

fn next_year(month_day: &str) -> String {
    use chrono::Datelike;
    format!("{}-{month_day}", chrono::Utc::now().year() + 1)
}

// ----- Forms -----

type Form = Vec<(String, String)>;

fn form(pairs: &[(&str, &str)]) -> Form {
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

async fn send<T: DeserializeOwned>(app: &TestApp, client: &Client, endpoint: &str, form: &Form) -> Result<T, AppError> {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(client, &format!("programmes/{endpoint}"), &pairs).await
}

fn goal_form(org: i64, id: i64, title: &str, issues: &[&str], circle: &str) -> Form {
    let mut f = form(&[
        ("organisation_id", &org.to_string()),
        ("id", &id.to_string()),
        ("title", title),
        ("outcome", "Every newcomer is welcomed and knows how decisions are made within a month."),
        ("measure", "Inducted within 4 weeks: 10 → 80 %"),
        ("circle", circle),
    ]);
    for issue in issues {
        f.push((format!("issues[{issue}]"), "on".into()));
    }
    f
}

#[allow(clippy::too_many_arguments)]
fn activity_form(org: i64, id: i64, goal: i64, what: &str, owner: &str, starts_on: &str, due_on: &str, status: &str) -> Form {
    form(&[
        ("organisation_id", &org.to_string()),
        ("id", &id.to_string()),
        ("goal", &goal.to_string()),
        ("what", what),
        ("owner", owner),
        ("owner_name", ""),
        ("starts_on", starts_on),
        ("due_on", due_on),
        ("status", status),
        ("drop_reason", ""),
        ("note", ""),
    ])
}

/// The id after `anchor` in the address a save answers with (`…#goal-12`).
fn id_in(path: &str, anchor: &str) -> i64 {
    path.rsplit_once(anchor).unwrap_or_else(|| panic!("no {anchor} in {path}")).1.parse().unwrap()
}

async fn get(app: &TestApp, client: &Client, org: i64) -> Result<Programme, AppError> {
    send(app, client, "get", &form(&[("organisation_id", &org.to_string())])).await
}

async fn add_goal(app: &TestApp, client: &Client, org: i64, title: &str, issues: &[&str], circle: &str) -> i64 {
    let path: String = send(app, client, "save_goal", &goal_form(org, 0, title, issues, circle)).await.unwrap();
    assert!(path.starts_with(&format!("/coops/{org}/programme?done=goal#goal-")), "{path}");
    id_in(&path, "#goal-")
}

async fn save_activity(app: &TestApp, client: &Client, form: &Form) -> i64 {
    let path: String = send(app, client, "save_activity", form).await.unwrap();
    id_in(&path, "#activity-")
}

fn words(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Everything a programme call may write, table by table, as text.
async fn stored(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    rows_of(app, &["programme_goals", "programme_activities", "programme_events", "organisation_actions", "jobs", "outbox"]).await
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

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.count(sql).await
}

// ----- Live sessions -----

/// A meeting of circle X next year, and its live session started by Priya: (meeting, session).
async fn live_session(app: &TestApp, w: &World) -> (i64, i64) {
    let path: String = app
        .call(&w.priya, "meetings/save", &[
            ("id", "0"), ("circle_id", &w.circle_x.to_string()), ("title", "Session 1"), ("date", &next_year("07-01")), ("time", "18:30"),
            ("duration", "90"), ("delivery", "online"), ("location", "https://meet.example/x"), ("agenda", "Check-in | 10\nInduction | 40"),
        ])
        .await
        .unwrap();
    let meeting: i64 = path.trim_start_matches("/meetings/").trim_end_matches("?done=saved").parse().unwrap();
    let path: String = app.call(&w.priya, "live/start", &[("meeting_id", &meeting.to_string())]).await.unwrap();
    (meeting, path.trim_start_matches("/live/").parse().unwrap())
}

/// The facilitator captures an action for `org` in the session, as the live room does.
async fn capture(app: &TestApp, w: &World, session: i64, org: i64, what: &str, who: &str, due: &str) {
    app.call::<()>(&w.priya, "live/act", &[
        ("session_id", &session.to_string()), ("kind", "capture_action"), ("a", what), ("b", &org.to_string()), ("c", who), ("d", due),
    ])
    .await
    .unwrap();
}

async fn proposal_id(app: &TestApp, what: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM organisation_actions WHERE what = $1").bind(what).fetch_one(&app.state.db.pool).await.unwrap();
    id
}

// ----- The tests -----

on_both_databases!(
    a_programme_from_the_coops_needs_to_goals_activities_and_progress,
    |app: TestApp| async move {
        let w = world(&app).await;
        let x = w.circle_x.to_string();
        // What the forms choose from: the issues A named, in words; its circle; its people.
        let p = get(&app, &w.tom, w.a).await.unwrap();
        assert_eq!(p.organisation_name, "Mill Lane");
        assert_eq!(p.choices.issues, words(&[
            ("induction", "Induction of newcomers"),
            ("recruiting", "Recruiting new members"),
            ("governance", "Governance: boards, general meetings, decisions"),
        ]));
        assert_eq!(p.choices.circles, vec![(w.circle_x, "Induction".to_string())]);
        assert_eq!(p.choices.people, vec![(w.sam_id, "Sam Okafor".to_string()), (w.tom_id, "Tom Price".to_string())]);
        assert!(p.goals.is_empty() && p.history.is_empty() && p.progress == Progress::default());
        assert!(p.can_edit && !p.can_comment);

        // Goals naming the issues they answer.
        let induction = add_goal(&app, &w.tom, w.a, "Update our induction process", &["induction", "governance"], &x).await;
        let recruit = add_goal(&app, &w.tom, w.a, "Recruit members", &["recruiting"], "").await;
        // Sam reads them in French, and may not change them.
        let p = get(&app, &w.sam, w.a).await.unwrap();
        assert!(!p.can_edit && !p.can_comment);
        let g = p.goal(induction).unwrap();
        assert_eq!(g.title, "Update our induction process");
        assert_eq!(g.issues, words(&[("governance", "Gouvernance : conseil, assemblées générales, décisions"), ("induction", "Accueil et intégration des nouveaux")]));
        assert_eq!(g.circle, Some((w.circle_x, "Induction".to_string())));
        assert_eq!(g.measure, "Inducted within 4 weeks: 10 → 80 %");
        assert_eq!(p.goal(recruit).unwrap().issues, words(&[("recruiting", "Recruter de nouveaux membres")]));
        assert_eq!(p.goal(recruit).unwrap().circle, None);

        // Activities: who, when, status.
        let (sam, tom) = (format!("person:{}", w.sam_id), format!("person:{}", w.tom_id));
        let map = save_activity(&app, &w.tom, &activity_form(w.a, 0, induction, "Map today's induction steps", &sam, &day(-40), &day(-30), "planned")).await;
        let pack = save_activity(&app, &w.tom, &activity_form(w.a, 0, induction, "Write a one-page welcome pack", "circle", &day(-20), &day(10), "in_progress")).await;
        let buddy = save_activity(&app, &w.tom, &activity_form(w.a, 0, induction, "Pilot a buddy scheme", "circle", &day(-14), &day(-3), "planned")).await;
        let video = save_activity(&app, &w.tom, &activity_form(w.a, 0, induction, "Record an induction video", &tom, "", &day(-10), "planned")).await;
        let evening = save_activity(&app, &w.tom, &set(activity_form(w.a, 0, recruit, "Open evening", "specialist", &day(20), &day(30), "planned"), "owner_name", "Jo Marsh")).await;
        let leaflets = save_activity(&app, &w.tom, &activity_form(w.a, 0, recruit, "Leaflet the estate", &sam, &day(-7), &day(-1), "in_progress")).await;
        let p = get(&app, &w.tom, w.a).await.unwrap();
        assert_eq!(p.goal(induction).unwrap().progress, Progress { done: 0, total: 4, overdue: 3 });
        assert_eq!(p.goal(recruit).unwrap().progress, Progress { done: 0, total: 2, overdue: 1 });
        assert_eq!(p.progress, Progress { done: 0, total: 6, overdue: 4 });

        // Changes: Priya (the circle's facilitator) marks one done, Tom drops one saying why,
        // moves a date, and renames a goal.
        let done = set(activity_form(w.a, map, induction, "Map today's induction steps", &sam, &day(-40), &day(-30), "done"), "note", "Seven steps, three only in Sam's head.");
        assert_eq!(save_activity(&app, &w.priya, &done).await, map);
        let dropped = set(activity_form(w.a, video, induction, "Record an induction video", &tom, "", &day(-10), "dropped"), "drop_reason", "Members would rather meet someone.");
        save_activity(&app, &w.tom, &dropped).await;
        save_activity(&app, &w.tom, &activity_form(w.a, leaflets, recruit, "Leaflet the estate", &sam, &day(-7), &day(14), "in_progress")).await;
        send::<String>(&app, &w.tom, "save_goal", &goal_form(w.a, recruit, "Recruit members from the estate", &["recruiting"], "")).await.unwrap();

        let p = get(&app, &w.tom, w.a).await.unwrap();
        // Done out of all (the dropped one does not count); overdue: past due and not done.
        assert_eq!(p.goal(induction).unwrap().progress, Progress { done: 1, total: 3, overdue: 1 });
        assert_eq!(p.goal(recruit).unwrap().progress, Progress { done: 0, total: 2, overdue: 0 });
        assert_eq!(p.progress, Progress { done: 1, total: 5, overdue: 1 });
        assert_eq!(p.goal(recruit).unwrap().title, "Recruit members from the estate");
        let a = |id| p.activity(id).unwrap().clone();
        assert_eq!((a(map).status.as_str(), a(map).overdue, a(map).note.as_str()), ("done", false, "Seven steps, three only in Sam's head."));
        assert_eq!((a(map).owner.as_str(), a(map).owner_user_id), ("Sam Okafor", Some(w.sam_id)));
        assert_eq!((a(video).status.as_str(), a(video).overdue, a(video).drop_reason.as_str()), ("dropped", false, "Members would rather meet someone."));
        assert!(a(buddy).overdue && !a(pack).overdue && !a(leaflets).overdue);
        assert_eq!((a(pack).owner.as_str(), a(pack).owner_kind.as_str()), ("The circle", "circle"));
        assert_eq!((a(evening).owner.as_str(), a(evening).owner_name.as_str()), ("Jo Marsh", "Jo Marsh"));
        assert_eq!((a(evening).starts_on.clone(), a(evening).due_on.clone()), (day(20), day(30)));
        assert_eq!(a(evening).source, None);
        // The co-op's profile shows the same numbers.
        let profile: app::organisations::Profile = app.call(&w.tom, "orgs/profile", &[("id", &w.a.to_string())]).await.unwrap();
        assert_eq!(profile.programme, Some((Progress { done: 1, total: 5, overdue: 1 }, 0)));

        // One history line per change, newest first, with who; a change of status is its own kind.
        let history: Vec<(&str, &str, &str, &str)> =
            p.history.iter().map(|e| (e.kind.as_str(), e.by.as_str(), e.subject.as_str(), e.detail.as_str())).collect();
        assert_eq!(history, vec![
            ("goal_changed", "Tom Price", "Recruit members from the estate", ""),
            ("activity_changed", "Tom Price", "Leaflet the estate", ""),
            ("status", "Tom Price", "Record an induction video", "dropped|Members would rather meet someone."),
            ("status", "Priya Shah", "Map today's induction steps", "done"),
            ("activity_added", "Tom Price", "Leaflet the estate", ""),
            ("activity_added", "Tom Price", "Open evening", ""),
            ("activity_added", "Tom Price", "Record an induction video", ""),
            ("activity_added", "Tom Price", "Pilot a buddy scheme", ""),
            ("activity_added", "Tom Price", "Write a one-page welcome pack", ""),
            ("activity_added", "Tom Price", "Map today's induction steps", ""),
            ("goal_added", "Tom Price", "Recruit members", ""),
            ("goal_added", "Tom Price", "Update our induction process", ""),
        ]);
        assert!(p.comments.is_empty());
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM programme_events WHERE organisation_id = {}", w.a)).await, 12);
        assert!(!p.history_more);
        // A long history: the page lists the latest 20 and offers the rest; asked, it shows all.
        for i in 0..15 {
            sqlx::query("INSERT INTO programme_events (organisation_id, at, by_user, kind, subject, detail) VALUES ($1, $2, NULL, 'activity_changed', $3, '')")
                .bind(w.a)
                .bind(app::time::now() + i)
                .bind(format!("Change {i}"))
                .execute(&app.state.db.pool)
                .await
                .unwrap();
        }
        let p = get(&app, &w.tom, w.a).await.unwrap();
        assert_eq!((p.history.len(), p.history_more, p.history[0].subject.as_str()), (20, true, "Change 14"));
        let all: app::programmes::Programme = app.call(&w.tom, "programmes/get", &[("organisation_id", &w.a.to_string()), ("all", "true")]).await.unwrap();
        assert_eq!((all.history.len(), all.history_more, all.history[26].subject.as_str()), (27, false, "Update our induction process"));
        let (_, _, html) = app.get(&w.tom, &format!("/coops/{}/programme", w.a)).await;
        assert!(html.contains(&format!("href=\"/coops/{}/programme?all=1#history\"", w.a)) && !html.contains("Update our induction process</strong>"), "{html}");
        let (_, _, html) = app.get(&w.tom, &format!("/coops/{}/programme?all=1", w.a)).await;
        assert!(html.contains("Update our induction process</strong>") && !html.contains("programme?all=1#history"), "{html}");
        // Nothing of it is anyone else's.
        assert!(get(&app, &w.bea, w.b).await.unwrap().goals.is_empty());
    }
);

on_both_databases!(
    actions_captured_in_a_live_session_are_accepted_or_dropped_once,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (meeting, session) = live_session(&app, &w).await;
        // Captured in the room, for A and for B.
        capture(&app, &w, session, w.a, "Share the induction checklist", "Tom", "next month").await;
        capture(&app, &w, session, w.b, "Compare two flour suppliers", "Bea", "").await;
        // And one recorded straight through the live store.
        app::live::store::record_action(&app.state.db, w.a, meeting, "Film a welcome video", "Sam", "").await.unwrap();
        let checklist = proposal_id(&app, "Share the induction checklist").await;
        let video = proposal_id(&app, "Film a welcome video").await;
        let flour = proposal_id(&app, "Compare two flour suppliers").await;

        let p = get(&app, &w.tom, w.a).await.unwrap();
        assert_eq!(p.proposals.iter().map(|p| p.id).collect::<Vec<_>>(), vec![checklist, video], "A's only, oldest first");
        let first = &p.proposals[0];
        assert_eq!((first.what.as_str(), first.who.as_str(), first.due.as_str(), first.status.as_str()), ("Share the induction checklist", "Tom", "next month", "open"));
        assert_eq!(first.meeting, Some((meeting, "Session 1".to_string())));
        assert!(p.decided.is_empty());
        let profile: app::organisations::Profile = app.call(&w.tom, "orgs/profile", &[("id", &w.a.to_string())]).await.unwrap();
        assert_eq!(profile.programme, Some((Progress::default(), 2)), "two waiting");

        let goal = add_goal(&app, &w.tom, w.a, "Update our induction process", &["induction"], "").await;
        let accept = |id: i64| {
            form(&[
                ("id", &id.to_string()), ("goal", &goal.to_string()), ("what", "Share the induction checklist with the circle"),
                ("owner", &format!("person:{}", w.tom_id)), ("owner_name", ""), ("starts_on", ""), ("due_on", &day(30)),
            ])
        };
        // Bad input decides nothing.
        invalid(&app, &w.tom, "accept_proposal", &set(accept(checklist), "goal", ""), &[("goal", T::ErrChooseGoal)]).await;
        invalid(&app, &w.tom, "accept_proposal", &set(accept(checklist), "due_on", "31/01/2027"), &[("due_on", T::ErrDateInvalid)]).await;
        // Another co-op's proposal is not Tom's to decide, even with his own goal.
        refused(&app, "A's representative", &w.tom, "accept_proposal", &accept(flour), AppError::NotFound).await;
        refused(&app, "A's representative", &w.tom, "drop_proposal", &form(&[("id", &flour.to_string()), ("reason", "Not ours")]), AppError::NotFound).await;
        // Priya may decide B's, but not into A's goal, nor give it to one of A's people.
        invalid(&app, &w.priya, "accept_proposal", &accept(flour), &[("goal", T::ErrChooseGoal), ("owner", T::ErrChooseOwner)]).await;

        // Accepted: an activity of the goal, from that meeting.
        let path: String = send(&app, &w.tom, "accept_proposal", &accept(checklist)).await.unwrap();
        assert!(path.starts_with(&format!("/coops/{}/programme?done=accepted#activity-", w.a)), "{path}");
        let activity = id_in(&path, "#activity-");
        let p = get(&app, &w.tom, w.a).await.unwrap();
        let made = p.activity(activity).unwrap();
        assert_eq!((made.goal_id, made.what.as_str(), made.status.as_str(), made.due_on.clone()), (goal, "Share the induction checklist with the circle", "planned", day(30)));
        assert_eq!(made.owner_user_id, Some(w.tom_id));
        assert_eq!(made.source, Some((meeting, "Session 1".to_string())));
        assert_eq!(p.proposals.iter().map(|p| p.id).collect::<Vec<_>>(), vec![video]);
        let decided = p.proposal(checklist).unwrap();
        assert_eq!((decided.status.as_str(), decided.activity_id), ("accepted", Some(activity)));
        assert_eq!(decided.meeting, Some((meeting, "Session 1".to_string())));
        assert_eq!((p.history[0].kind.as_str(), p.history[0].by.as_str()), ("proposal_accepted", "Tom Price"));
        let (source,): (Option<i64>,) = sqlx::query_as("SELECT source_meeting_id FROM programme_activities WHERE id = $1").bind(activity).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(source, Some(meeting));
        let (decided_by,): (Option<i64>,) = sqlx::query_as("SELECT decided_by FROM organisation_actions WHERE id = $1").bind(checklist).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(decided_by, Some(w.tom_id));
        // Its owner will be reminded.
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM jobs WHERE status = 'pending' AND payload = '{activity}:{}'", day(30))).await, 2);

        // Decided once: accepting or dropping again is a field error, and changes nothing.
        let err = send::<String>(&app, &w.priya, "accept_proposal", &accept(checklist)).await.unwrap_err();
        assert_eq!(err.for_field("decision"), Some(T::ErrProposalDecided));
        invalid(&app, &w.tom, "accept_proposal", &accept(checklist), &[("decision", T::ErrProposalDecided)]).await;
        invalid(&app, &w.tom, "drop_proposal", &form(&[("id", &checklist.to_string()), ("reason", "Changed our minds")]), &[("reason", T::ErrProposalDecided)]).await;

        // Dropped: only with a reason, which is kept.
        invalid(&app, &w.tom, "drop_proposal", &form(&[("id", &video.to_string()), ("reason", "  ")]), &[("reason", T::ErrDropReasonMissing)]).await;
        invalid(&app, &w.tom, "drop_proposal", &form(&[("id", &video.to_string())]), &[("reason", T::ErrDropReasonMissing)]).await;
        let path: String = send(&app, &w.priya, "drop_proposal", &form(&[("id", &video.to_string()), ("reason", "Members would rather meet someone.")])).await.unwrap();
        assert_eq!(path, format!("/coops/{}/programme?done=dropped#proposals", w.a));
        invalid(&app, &w.tom, "drop_proposal", &form(&[("id", &video.to_string()), ("reason", "Again")]), &[("reason", T::ErrProposalDecided)]).await;
        invalid(&app, &w.tom, "accept_proposal", &accept(video), &[("decision", T::ErrProposalDecided)]).await;
        let p = get(&app, &w.tom, w.a).await.unwrap();
        assert!(p.proposals.is_empty());
        assert_eq!(p.decided.iter().map(|p| p.id).collect::<Vec<_>>(), vec![video, checklist], "newest first");
        let dropped = p.proposal(video).unwrap();
        assert_eq!((dropped.status.as_str(), dropped.reason.as_str(), dropped.activity_id), ("dropped", "Members would rather meet someone.", None));
        let line = &p.history[0];
        assert_eq!((line.kind.as_str(), line.by.as_str(), line.subject.as_str(), line.detail.as_str()), ("proposal_dropped", "Priya Shah", "Film a welcome video", "Members would rather meet someone."));
        assert_eq!(p.goal(goal).unwrap().activities.len(), 1, "a dropped proposal makes no activity");
        // B's proposal is still waiting for B.
        let b = get(&app, &w.bea, w.b).await.unwrap();
        assert_eq!((b.proposals.len(), b.proposals[0].status.as_str()), (1, "open"));
    }
);

on_both_databases!(
    only_the_coops_representative_and_its_circles_facilitators_change_it,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (meeting, _) = live_session(&app, &w).await;
        let a = w.a.to_string();
        let goal = add_goal(&app, &w.tom, w.a, "Update our induction process", &["induction"], "").await;
        let activity = save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Write a welcome pack", "circle", "", &day(10), "planned")).await;
        for what in ["Proposal for Tom", "Proposal for Priya", "Proposal to drop for Tom", "Proposal to drop for Priya", "Proposal nobody decides"] {
            app::live::store::record_action(&app.state.db, w.a, meeting, what, "", "").await.unwrap();
        }
        let waiting = proposal_id(&app, "Proposal nobody decides").await;

        let visitor = browser();
        // Those who may not even read A's programme: it is not there for them.
        let outsiders: [(&str, &Client); 4] = [
            ("a member of another co-op", &w.cy),
            ("a member of another co-op in the same circle", &w.bea),
            ("the facilitator of another circle", &w.otto),
            ("an assessor", &w.assessor),
        ];
        // Those who read it but may not change it.
        let readers: [(&str, &Client); 2] = [("A's person who is not its representative", &w.sam), ("an advisor", &w.advisor)];
        let new_goal = goal_form(w.a, 0, "Recruit members", &["recruiting"], "");
        let changed_goal = goal_form(w.a, goal, "Renamed", &["induction"], "");
        let new_activity = activity_form(w.a, 0, goal, "Buddy scheme", "circle", "", "", "planned");
        let changed_activity = activity_form(w.a, activity, goal, "Write a welcome pack", "circle", "", &day(10), "done");
        let accept = form(&[("id", &waiting.to_string()), ("goal", &goal.to_string()), ("what", "Taken"), ("owner", "circle")]);
        let drop = form(&[("id", &waiting.to_string()), ("reason", "Not for us")]);
        let comment = form(&[("organisation_id", &a), ("goal", ""), ("text", "Good start.")]);
        let calls: [(&str, &Form); 8] = [
            ("get", &form(&[("organisation_id", &a)])),
            ("save_goal", &new_goal),
            ("save_goal", &changed_goal),
            ("save_activity", &new_activity),
            ("save_activity", &changed_activity),
            ("accept_proposal", &accept),
            ("drop_proposal", &drop),
            ("comment", &comment),
        ];
        for (endpoint, args) in calls {
            refused(&app, "a visitor", &visitor, endpoint, args, AppError::SignInRequired).await;
            for (who, client) in outsiders {
                refused(&app, who, client, endpoint, args, AppError::NotFound).await;
            }
            if endpoint != "get" {
                for (who, client) in readers {
                    if !(endpoint == "comment" && who == "an advisor") {
                        refused(&app, who, client, endpoint, args, AppError::Forbidden).await;
                    }
                }
            }
        }
        // Nor may those who change it comment: that is the advisor's.
        refused(&app, "A's representative", &w.tom, "comment", &comment, AppError::Forbidden).await;
        refused(&app, "X's facilitator", &w.priya, "comment", &comment, AppError::Forbidden).await;
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM organisation_actions WHERE id = {waiting} AND status = 'open'")).await, 1);

        // Readers read; the advisor comments, on the programme or on one of its goals.
        for (who, client) in readers {
            let p = get(&app, client, w.a).await.unwrap_or_else(|e| panic!("{who}: {e:?}"));
            assert_eq!(p.goals.len(), 1, "{who}");
            assert!(!p.can_edit, "{who}");
            assert_eq!(p.can_comment, who == "an advisor");
        }
        send::<String>(&app, &w.advisor, "comment", &comment).await.unwrap();
        send::<String>(&app, &w.advisor, "comment", &form(&[("organisation_id", &a), ("goal", &goal.to_string()), ("text", "Note who the buddies are.")])).await.unwrap();
        let p = get(&app, &w.sam, w.a).await.unwrap();
        let comments: Vec<(&str, &str)> = p.comments.iter().map(|c| (c.by.as_str(), c.detail.as_str())).collect();
        assert_eq!(comments, vec![("Ada Advisor", "Note who the buddies are."), ("Ada Advisor", "Good start.")]);
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM programme_events WHERE kind = 'comment' AND goal_id = {goal}")).await, 1);
        assert!(p.history.iter().all(|e| e.kind != "comment"), "comments are not changes");

        // A's representative and X's facilitator change it.
        for (who, client) in [("tom", &w.tom), ("priya", &w.priya)] {
            let p = get(&app, client, w.a).await.unwrap();
            assert!(p.can_edit && !p.can_comment, "{who}");
            send::<String>(&app, client, "save_goal", &set(new_goal.clone(), "title", &format!("Goal by {who}"))).await.unwrap();
            save_activity(&app, client, &set(new_activity.clone(), "what", &format!("Activity by {who}"))).await;
            let accept = set(accept.clone(), "id", &proposal_id(&app, &format!("Proposal for {}", if who == "tom" { "Tom" } else { "Priya" })).await.to_string());
            send::<String>(&app, client, "accept_proposal", &accept).await.unwrap();
            let drop = set(drop.clone(), "id", &proposal_id(&app, &format!("Proposal to drop for {}", if who == "tom" { "Tom" } else { "Priya" })).await.to_string());
            send::<String>(&app, client, "drop_proposal", &drop).await.unwrap();
        }
        send::<String>(&app, &w.priya, "save_activity", &changed_activity).await.unwrap();
        let p = get(&app, &w.tom, w.a).await.unwrap();
        assert_eq!(p.goals.iter().map(|g| g.title.as_str()).collect::<Vec<_>>(), vec!["Update our induction process", "Goal by tom", "Goal by priya"]);
        assert_eq!(p.activity(activity).unwrap().status, "done");
        assert_eq!(p.decided.len(), 4);

        // Records of another co-op, named with A's id by A's representative: not there.
        let b_goal = add_goal(&app, &w.bea, w.b, "Find a cheaper supplier", &[], "").await;
        let b_activity = save_activity(&app, &w.bea, &activity_form(w.b, 0, b_goal, "Ask three mills for prices", "circle", "", "", "planned")).await;
        let b_before = get(&app, &w.bea, w.b).await.unwrap();
        refused(&app, "A's representative", &w.tom, "save_goal", &goal_form(w.a, b_goal, "Taken over", &["induction"], ""), AppError::NotFound).await;
        refused(&app, "A's representative", &w.tom, "save_activity", &activity_form(w.a, b_activity, goal, "Taken over", "circle", "", "", "done"), AppError::NotFound).await;
        refused(&app, "A's representative", &w.tom, "save_goal", &goal_form(w.b, b_goal, "Taken over", &[], ""), AppError::NotFound).await;
        // Priya edits both co-ops' programmes, but still not one's record through the other.
        refused(&app, "X's facilitator", &w.priya, "save_activity", &activity_form(w.b, activity, b_goal, "Taken over", "circle", "", "", "done"), AppError::NotFound).await;
        refused(&app, "X's facilitator", &w.priya, "save_goal", &goal_form(w.b, goal, "Taken over", &[], ""), AppError::NotFound).await;
        // B's goal chosen for an activity of A.
        invalid(&app, &w.tom, "save_activity", &activity_form(w.a, 0, b_goal, "Misfiled", "circle", "", "", "planned"), &[("goal", T::ErrChooseGoal)]).await;
        invalid(&app, &w.tom, "save_activity", &activity_form(w.a, activity, b_goal, "Misfiled", "circle", "", "", "planned"), &[("goal", T::ErrChooseGoal)]).await;
        invalid(&app, &w.advisor, "comment", &form(&[("organisation_id", &a), ("goal", &b_goal.to_string()), ("text", "Misfiled")]), &[("goal", T::ErrChooseGoal)]).await;
        assert_eq!(get(&app, &w.bea, w.b).await.unwrap(), b_before, "B's programme unchanged");
        // An id that is nobody's.
        refused(&app, "A's representative", &w.tom, "save_activity", &activity_form(w.a, 999_999, goal, "Ghost", "circle", "", "", "planned"), AppError::NotFound).await;
        refused(&app, "A's representative", &w.tom, "get", &form(&[("organisation_id", "999999")]), AppError::NotFound).await;
        refused(&app, "A's representative", &w.tom, "get", &form(&[("organisation_id", &w.c.to_string())]), AppError::NotFound).await;
    }
);

on_both_databases!(
    bad_input_is_refused_field_by_field_and_stores_nothing,
    |app: TestApp| async move {
        let w = world(&app).await;
        let goal = add_goal(&app, &w.tom, w.a, "Update our induction process", &["induction"], "").await;
        let long = "x".repeat(5000);
        // A NUL (which PostgreSQL cannot store) is dropped, not a fault.
        let nul = add_goal(&app, &w.tom, w.a, "Recruit\0 members", &["induction"], "").await;
        let (stored,): (String,) = sqlx::query_as("SELECT title FROM programme_goals WHERE id = $1").bind(nul).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(stored, "Recruit members");
        sqlx::query("DELETE FROM programme_events WHERE goal_id = $1").bind(nul).execute(&app.state.db.pool).await.unwrap();
        sqlx::query("DELETE FROM programme_goals WHERE id = $1").bind(nul).execute(&app.state.db.pool).await.unwrap();

        // Goals.
        let mut bad = goal_form(w.a, 0, "  ", &["induction", "made_up"], &w.circle_y.to_string());
        bad = set(bad, "outcome", "");
        invalid(&app, &w.tom, "save_goal", &bad, &[
            ("title", T::ErrGoalTitleMissing), ("issues", T::ErrUnknownQuestion), ("outcome", T::ErrGoalOutcomeMissing), ("circle", T::ErrChooseOne),
        ])
        .await;
        invalid(&app, &w.tom, "save_goal", &goal_form(w.a, 0, "No issue", &[], ""), &[("issues", T::ErrGoalIssuesMissing)]).await;
        // An issue of the questionnaire that A did not choose.
        invalid(&app, &w.tom, "save_goal", &goal_form(w.a, 0, "Apprentices", &["apprenticeships"], ""), &[("issues", T::ErrUnknownQuestion)]).await;
        invalid(&app, &w.tom, "save_goal", &goal_form(w.a, 0, "Circle", &["induction"], "not-a-number"), &[("circle", T::ErrChooseOne)]).await;
        let too_long = set(set(goal_form(w.a, 0, &long, &["induction"], ""), "outcome", &long), "measure", &long);
        invalid(&app, &w.tom, "save_goal", &too_long, &[("title", T::ErrTextTooLong), ("outcome", T::ErrWordsTooLong), ("measure", T::ErrTextTooLong)]).await;

        // Activities.
        let ok = activity_form(w.a, 0, goal, "Write a welcome pack", "circle", &day(1), &day(10), "planned");
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "what", " "), &[("what", T::ErrActivityWhatMissing)]).await;
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "what", &long), &[("what", T::ErrTextTooLong)]).await;
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "note", &long), &[("note", T::ErrWordsTooLong)]).await;
        // Someone who is not one of A's people; nobody at all; a specialist without a name.
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "owner", &format!("person:{}", w.cy_id)), &[("owner", T::ErrChooseOwner)]).await;
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "owner", ""), &[("owner", T::ErrChooseOwner)]).await;
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "owner", "specialist"), &[("owner_name", T::ErrSpecialistNameMissing)]).await;
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "due_on", "31/01/2027"), &[("due_on", T::ErrDateInvalid)]).await;
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "starts_on", "2027-02-30"), &[("starts_on", T::ErrDateInvalid)]).await;
        invalid(&app, &w.tom, "save_activity", &set(set(ok.clone(), "starts_on", &day(10)), "due_on", &day(9)), &[("due_on", T::ErrDueBeforeStart)]).await;
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "status", "dropped"), &[("drop_reason", T::ErrDropReasonMissing)]).await;
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "status", "finished"), &[("status", T::ErrChooseOne)]).await;
        invalid(&app, &w.tom, "save_activity", &set(ok.clone(), "goal", "first"), &[("goal", T::ErrChooseGoal)]).await;
        // Every problem at once, each by its field.
        let all = form(&[
            ("organisation_id", &w.a.to_string()), ("id", "0"), ("goal", "0"), ("what", ""), ("owner", "person:0"),
            ("starts_on", "31/01/2027"), ("due_on", "yesterday"), ("status", "dropped"), ("drop_reason", ""), ("note", &long),
        ]);
        invalid(&app, &w.tom, "save_activity", &all, &[
            ("goal", T::ErrChooseGoal), ("what", T::ErrActivityWhatMissing), ("owner", T::ErrChooseOwner), ("starts_on", T::ErrDateInvalid),
            ("due_on", T::ErrDateInvalid), ("drop_reason", T::ErrDropReasonMissing), ("note", T::ErrWordsTooLong),
        ])
        .await;
        // A change with bad input leaves the activity as it was.
        let activity = save_activity(&app, &w.tom, &ok).await;
        let mut change = set(ok.clone(), "id", &activity.to_string());
        change = set(change, "status", "dropped");
        invalid(&app, &w.tom, "save_activity", &change, &[("drop_reason", T::ErrDropReasonMissing)]).await;
        assert_eq!(get(&app, &w.tom, w.a).await.unwrap().activity(activity).unwrap().status, "planned");

        // Comments.
        invalid(&app, &w.advisor, "comment", &form(&[("organisation_id", &w.a.to_string()), ("text", " ")]), &[("text", T::ErrCommentMissing)]).await;
        invalid(&app, &w.advisor, "comment", &form(&[("organisation_id", &w.a.to_string()), ("text", &long)]), &[("text", T::ErrWordsTooLong)]).await;
        invalid(&app, &w.advisor, "comment", &form(&[("organisation_id", &w.a.to_string()), ("goal", "nope"), ("text", "Hi")]), &[("goal", T::ErrChooseGoal)]).await;

        // Proposals: a reason that is too long.
        app::live::store::record_action(&app.state.db, w.a, live_session(&app, &w).await.0, "Do something", "", "").await.unwrap();
        let proposal = proposal_id(&app, "Do something").await;
        invalid(&app, &w.tom, "drop_proposal", &form(&[("id", &proposal.to_string()), ("reason", &long)]), &[("reason", T::ErrWordsTooLong)]).await;
        invalid(&app, &w.tom, "accept_proposal", &form(&[("id", &proposal.to_string()), ("goal", &goal.to_string()), ("what", ""), ("owner", "circle")]), &[("what", T::ErrActivityWhatMissing)]).await;

        // Reminders.
        let err = app.call::<String>(&w.sam, "programmes/reminders", &[("mode", "hourly")]).await.unwrap_err();
        assert_eq!(err.for_field("reminders"), Some(T::ErrChooseOne));
        assert_eq!(app.call::<String>(&w.sam, "programmes/my_reminders", &[]).await.unwrap(), "immediate");
        // Wrong types never reach the function.
        assert_eq!(app.call::<String>(&w.tom, "programmes/save_goal", &[("organisation_id", "A"), ("id", "0"), ("title", "T")]).await.unwrap_err(), AppError::BadRequest);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM programme_goals").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM programme_activities").await, 1);
    }
);

/// Jobs of `kind` in `status`: (payload, run_at).
async fn jobs(app: &TestApp, kind: &str, status: &str) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT payload, run_at FROM jobs WHERE kind = $1 AND status = $2 ORDER BY id")
        .bind(kind)
        .bind(status)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

/// The mail queued for `email`: (subject, body, dedupe key), oldest first.
async fn outbox_of(app: &TestApp, email: &str) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as("SELECT subject, body, dedupe_key FROM outbox WHERE to_addr = $1 ORDER BY id")
        .bind(email)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

/// 08:00 UK time (07:00 or 08:00 UTC) on `date`.
fn is_morning_of(run_at: i64, date: &str) {
    let t = chrono::DateTime::from_timestamp(run_at, 0).unwrap();
    assert_eq!(t.format("%Y-%m-%d").to_string(), date);
    assert!(["07:00", "08:00"].contains(&t.format("%H:%M").to_string().as_str()), "{t}");
}

/// Make the pending job of `kind` with `payload` due now (as if the clock had reached it).
async fn make_due(app: &TestApp, kind: &str, payload: &str) {
    let done = sqlx::query("UPDATE jobs SET run_at = 0 WHERE kind = $1 AND payload = $2 AND status = 'pending'")
        .bind(kind)
        .bind(payload)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1, "one pending {kind} job for {payload}");
}

/// Put the last job of `kind` with `payload`, which has run (or was cancelled), back in the
/// queue, due now: a retry, or a worker that had taken it before a change.
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
    reminders_reach_the_owner_in_their_language_once_or_in_a_weekly_digest,
    |app: TestApp| async move {
        let w = world(&app).await;
        let goal = add_goal(&app, &w.tom, w.a, "Update our induction process", &["induction"], "").await;
        let sam = format!("person:{}", w.sam_id);
        let sam_mail = "sam@mill-lane.coop";

        // An owner and a due date: a reminder two days before and one the day after, 08:00 UK time.
        let pack = save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Write a welcome pack", &sam, "", &day(10), "planned")).await;
        let old = format!("{pack}:{}", day(10));
        let due = jobs(&app, "activity_due", "pending").await;
        let overdue = jobs(&app, "activity_overdue", "pending").await;
        assert_eq!((due.len(), overdue.len()), (1, 1));
        assert_eq!((due[0].0.as_str(), overdue[0].0.as_str()), (old.as_str(), old.as_str()));
        is_morning_of(due[0].1, &day(8));
        is_morning_of(overdue[0].1, &day(11));
        // No owner, or no date: nothing to remind.
        save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Circle's job", "circle", "", &day(10), "planned")).await;
        save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Undated", &sam, "", "", "planned")).await;
        assert_eq!(count(&app, "SELECT COUNT(*) FROM jobs WHERE kind LIKE 'activity_%'").await, 2);

        // A new date plans them again; the old ones are cancelled.
        let moved = activity_form(w.a, pack, goal, "Write a welcome pack", &sam, "", &day(12), "planned");
        save_activity(&app, &w.tom, &moved).await;
        let new = format!("{pack}:{}", day(12));
        assert_eq!(jobs(&app, "activity_due", "cancelled").await.into_iter().map(|j| j.0).collect::<Vec<_>>(), vec![old.clone()]);
        assert_eq!(jobs(&app, "activity_overdue", "cancelled").await.into_iter().map(|j| j.0).collect::<Vec<_>>(), vec![old.clone()]);
        assert_eq!(jobs(&app, "activity_due", "pending").await.into_iter().map(|j| j.0).collect::<Vec<_>>(), vec![new.clone()]);
        assert_eq!(jobs(&app, "activity_overdue", "pending").await.into_iter().map(|j| j.0).collect::<Vec<_>>(), vec![new.clone()]);
        // Tom's own activity, due tomorrow: its reminder's morning has passed, so it goes at once.
        let toms = save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Book the room", &format!("person:{}", w.tom_id), "", &day(1), "planned")).await;

        // Nothing of Sam's is due yet.
        app::jobs::run_due(&app.state).await.unwrap();
        assert!(outbox_of(&app, sam_mail).await.is_empty());
        let to_tom = outbox_of(&app, "tom@mill-lane.coop").await;
        assert_eq!(to_tom.len(), 1);
        assert_eq!(to_tom[0].0, "Due soon: Book the room");
        assert!(to_tom[0].1.contains(&format!("/coops/{}/programme#activity-{toms}", w.a)), "{}", to_tom[0].1);

        // Two days before: one mail, in Sam's French.
        make_due(&app, "activity_due", &new).await;
        app::jobs::run_due(&app.state).await.unwrap();
        let to_sam = outbox_of(&app, sam_mail).await;
        assert_eq!(to_sam.len(), 1);
        assert_eq!(to_sam[0].0, "Bientôt à échéance : Write a welcome pack");
        assert!(to_sam[0].1.contains(&format!("arrive à échéance le {}", day(12))), "{}", to_sam[0].1);
        assert!(to_sam[0].1.contains(&format!("{}/coops/{}/programme#activity-{pack}", app.base, w.a)), "{}", to_sam[0].1);
        assert_eq!(to_sam[0].2.as_deref(), Some(format!("activity:activity_due:{new}:{}", w.sam_id).as_str()));
        // Never sent twice: the same job run again (a retry, a second worker) sends nothing more.
        run_again(&app, "activity_due", &new).await;
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(outbox_of(&app, sam_mail).await.len(), 1);
        // A job planned for the old date, taken before the change, has nothing to say.
        run_again(&app, "activity_due", &old).await;
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(outbox_of(&app, sam_mail).await.len(), 1);

        // Done: the late reminder is cancelled, and would say nothing anyway.
        save_activity(&app, &w.tom, &set(moved.clone(), "status", "done")).await;
        assert!(jobs(&app, "activity_overdue", "pending").await.iter().all(|j| j.0 != new));
        run_again(&app, "activity_overdue", &new).await;
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(outbox_of(&app, sam_mail).await.len(), 1);

        // Past its date and not done: the late reminder goes at once.
        let late = save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Pilot a buddy scheme", &sam, "", &day(-2), "planned")).await;
        assert!(jobs(&app, "activity_due", "pending").await.iter().all(|j| !j.0.starts_with(&format!("{late}:"))), "no 'due soon' for a date past");
        app::jobs::run_due(&app.state).await.unwrap();
        let to_sam = outbox_of(&app, sam_mail).await;
        assert_eq!(to_sam.len(), 2);
        assert_eq!(to_sam[1].0, "En retard : Pilot a buddy scheme");

        // Reminders off: nothing is queued.
        assert_eq!(app.call::<String>(&w.sam, "programmes/reminders", &[("mode", "none")]).await.unwrap(), "/account?done=reminders#reminders");
        assert_eq!(app.call::<String>(&w.sam, "programmes/my_reminders", &[]).await.unwrap(), "none");
        let quiet = save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Ring the council", &sam, "", &day(-3), "in_progress")).await;
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM jobs WHERE kind = 'activity_overdue' AND status = 'done' AND payload = '{quiet}:{}'", day(-3))).await, 1, "it ran");
        assert_eq!(outbox_of(&app, sam_mail).await.len(), 2, "and sent nothing");
        assert!(jobs(&app, "activity_digest", "pending").await.is_empty());

        // The weekly digest: one job for the person, however often it is chosen.
        app.call::<String>(&w.sam, "programmes/reminders", &[("mode", "digest")]).await.unwrap();
        app.call::<String>(&w.sam, "programmes/reminders", &[("mode", "digest")]).await.unwrap();
        assert_eq!(app.call::<String>(&w.sam, "programmes/my_reminders", &[]).await.unwrap(), "digest");
        let monday = next_monday();
        let this_week = format!("{}:{}", w.sam_id, monday.format("%Y-%m-%d"));
        let digests = jobs(&app, "activity_digest", "pending").await;
        assert_eq!(digests.iter().map(|j| j.0.as_str()).collect::<Vec<_>>(), vec![this_week.as_str()]);
        is_morning_of(digests[0].1, &monday.format("%Y-%m-%d").to_string());
        // No mail as each reminder comes.
        // Due in the digest's week (it is read on its Monday).
        let in_week = (monday + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
        let soon = save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Draft the leaflet", &sam, "", &in_week, "planned")).await;
        run_again(&app, "activity_overdue", &format!("{quiet}:{}", day(-3))).await;
        make_due(&app, "activity_due", &format!("{soon}:{in_week}")).await;
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(outbox_of(&app, sam_mail).await.len(), 2);
        // Monday morning: one mail listing what is due that week and what is late.
        make_due(&app, "activity_digest", &this_week).await;
        app::jobs::run_due(&app.state).await.unwrap();
        let to_sam = outbox_of(&app, sam_mail).await;
        assert_eq!(to_sam.len(), 3);
        let (subject, body, key) = &to_sam[2];
        assert_eq!(subject, "Vos activités cette semaine (3)");
        assert_eq!(key.as_deref(), Some(format!("digest:{this_week}").as_str()));
        assert!(body.contains("À échéance cette semaine ou en retard"), "{body}");
        assert!(body.contains(&format!("- Pilot a buddy scheme (Mill Lane) — {} (en retard)", day(-2))), "{body}");
        assert!(body.contains(&format!("- Ring the council (Mill Lane) — {} (en retard)", day(-3))), "{body}");
        assert!(body.contains(&format!("- Draft the leaflet (Mill Lane) — {in_week}\n")), "{body}");
        assert!(body.contains(&format!("/coops/{}/programme#activity-{soon}", w.a)), "{body}");
        assert!(!body.contains("Write a welcome pack") && !body.contains("Book the room"), "done, or someone else's: {body}");
        // Then next week's, still one.
        let next_week = format!("{}:{}", w.sam_id, (monday + chrono::Duration::days(7)).format("%Y-%m-%d"));
        assert_eq!(jobs(&app, "activity_digest", "pending").await.into_iter().map(|j| j.0).collect::<Vec<_>>(), vec![next_week.clone()]);
        // The same week's job again sends nothing more, and leaves one job.
        run_again(&app, "activity_digest", &this_week).await;
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(outbox_of(&app, sam_mail).await.len(), 3);
        assert_eq!(jobs(&app, "activity_digest", "pending").await.into_iter().map(|j| j.0).collect::<Vec<_>>(), vec![next_week]);
        // Back to each reminder as it comes: no digest left.
        app.call::<String>(&w.sam, "programmes/reminders", &[("mode", "immediate")]).await.unwrap();
        assert!(jobs(&app, "activity_digest", "pending").await.is_empty());
        // Tom heard only of his own.
        assert_eq!(outbox_of(&app, "tom@mill-lane.coop").await.len(), 1);
    }
);

/// Parse an .ics with Python's icalendar: per event, UID, whether DTSTART is a date (a
/// whole-day event), DTSTART and DTEND as ISO text, STATUS, SUMMARY and DESCRIPTION.
fn read_ics(ics: &str) -> Vec<serde_json::Value> {
    use std::io::Write;
    let script = r#"
import datetime, json, sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
out = []
for e in cal.walk("VEVENT"):
    start, end = e.decoded("DTSTART"), e.decoded("DTEND")
    out.append({"uid": str(e["UID"]), "whole_day": not isinstance(start, datetime.datetime),
                "start": start.isoformat(), "end": end.isoformat(), "status": str(e["STATUS"]), "sequence": int(e["SEQUENCE"]),
                "summary": str(e["SUMMARY"]), "description": str(e.get("DESCRIPTION", ""))})
print(json.dumps(out))
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 (the test command installs the icalendar package)");
    child.stdin.take().unwrap().write_all(ics.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "icalendar could not read our file: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The events of the person's private feed.
async fn feed(app: &TestApp, client: &Client) -> Vec<serde_json::Value> {
    let url: String = app.call(client, "meetings/new_feed", &[]).await.unwrap();
    let response = browser().get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    read_ics(&response.text().await.unwrap())
}

on_both_databases!(
    due_dates_of_my_activities_are_whole_days_in_my_calendar_feed,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (meeting, _) = live_session(&app, &w).await;
        let goal = add_goal(&app, &w.tom, w.a, "Update our induction process", &["induction"], "").await;
        let sam = format!("person:{}", w.sam_id);
        let pack = save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Write a welcome pack", &sam, &day(1), &day(10), "planned")).await;
        let video = save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Record a video", &sam, "", &day(20), "planned")).await;
        save_activity(&app, &w.tom, &set(activity_form(w.a, video, goal, "Record a video", &sam, "", &day(20), "dropped"), "drop_reason", "Nobody wants it.")).await;
        let toms = save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Book the room", &format!("person:{}", w.tom_id), "", &day(15), "planned")).await;
        save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "Undated", &sam, "", "", "planned")).await;
        save_activity(&app, &w.tom, &activity_form(w.a, 0, goal, "The circle's", "circle", "", &day(5), "planned")).await;

        let events = feed(&app, &w.sam).await;
        // The circle's meeting is there as before, at its time.
        let meetings: Vec<_> = events.iter().filter(|e| e["whole_day"] == false).collect();
        assert_eq!(meetings.len(), 1);
        assert_eq!(meetings[0]["summary"], "Session 1", "meeting {meeting}");
        let mut days: Vec<_> = events.iter().filter(|e| e["whole_day"] == true).cloned().collect();
        days.sort_by_key(|e| e["start"].as_str().unwrap().to_string());
        assert_eq!(days.len(), 2, "Sam's dated activities only: {days:?}");
        assert_eq!(days[0]["uid"], format!("activity-{pack}@coop-circles"));
        assert_eq!(days[0]["sequence"], 0, "never changed");
        assert_eq!((days[0]["start"].as_str(), days[0]["end"].as_str()), (Some(day(10).as_str()), Some(day(11).as_str())));
        assert_eq!((days[0]["status"].as_str(), days[0]["summary"].as_str(), days[0]["description"].as_str()), (Some("CONFIRMED"), Some("Write a welcome pack"), Some("Mill Lane")));
        assert_eq!(days[1]["uid"], format!("activity-{video}@coop-circles"));
        assert_eq!((days[1]["start"].as_str(), days[1]["status"].as_str()), (Some(day(20).as_str()), Some("CANCELLED")));

        // Moved: the same event on the new date.
        save_activity(&app, &w.tom, &activity_form(w.a, pack, goal, "Write a welcome pack", &sam, &day(1), &day(12), "in_progress")).await;
        let events = feed(&app, &w.sam).await;
        let moved = events.iter().find(|e| e["uid"] == format!("activity-{pack}@coop-circles")).unwrap();
        assert_eq!(moved["start"].as_str(), Some(day(12).as_str()));
        // Within the same second as its creation, and still a newer version for calendars.
        assert_eq!(moved["sequence"], 1, "SEQUENCE rises with each change");

        // Tom's feed has his own activity only.
        let days: Vec<_> = feed(&app, &w.tom).await.into_iter().filter(|e| e["whole_day"] == true).collect();
        assert_eq!(days.iter().map(|e| e["uid"].as_str().unwrap().to_string()).collect::<Vec<_>>(), vec![format!("activity-{toms}@coop-circles")]);
    }
);

on_both_databases!(
    a_long_goal_shows_its_first_activities_to_do_then_all_on_asking,
    |app: TestApp| async move {
        assert!(server::demo::seed(&app.state.db).await.unwrap());
        // 60 more activities on the first goal, a quarter of each status: more open ones than
        // are shown.
        server::demo::seed_volume(&app.state.db, 60, 0).await.unwrap();
        let goal = app.count("SELECT MIN(id) FROM programme_goals WHERE organisation_id = 1").await;
        let total = app.count(&format!("SELECT COUNT(*) FROM programme_activities WHERE goal_id = {goal}")).await as usize;
        assert!(total > app::programmes::model::ACTIVITIES_SHOWN);
        let member = common::browser();
        app.sign_in(&member, "member@demo.coop", server::demo::DEMO_PASSWORD).await.unwrap();
        let section = |html: &str| {
            let start = html.find(&format!("id=\"goal-{goal}\"")).expect("the goal's section");
            html[start..][..html[start..].find("</section>").unwrap()].to_string()
        };
        let (status, _, html) = app.get(&member, "/coops/1/programme").await;
        assert_eq!(status, 200);
        let short = section(&html);
        assert_eq!(short.matches("class=\"activity\"").count(), app::programmes::model::ACTIVITIES_SHOWN);
        // Those still to do come first: none finished is shown while open ones are left out.
        assert!(!short.contains("data-status=\"done\"") && !short.contains("data-status=\"dropped\""), "open activities first");
        assert!(short.contains(&format!("Show all {total} activities of this goal")));
        assert!(short.contains(&format!("href=\"/coops/1/programme?goal={goal}#goal-{goal}\"")));
        // Asking for them shows every one, and no link.
        let (_, _, html) = app.get(&member, &format!("/coops/1/programme?goal={goal}")).await;
        let all = section(&html);
        assert_eq!(all.matches("class=\"activity\"").count(), total);
        assert!(!all.contains("data-testid=\"all-activities\""));

        // The page's data holds only what it lists: the database sends the first of each goal,
        // while the progress and the number of activities still count every one of them.
        let goal_text = goal.to_string();
        let first: Programme = app.call(&member, "programmes/get", &[("organisation_id", "1"), ("first", "true")]).await.unwrap();
        let every: Programme = app.call(&member, "programmes/get", &[("organisation_id", "1")]).await.unwrap();
        let (short, long) = (first.goal(goal).unwrap(), every.goal(goal).unwrap());
        assert_eq!(short.activities.len(), app::programmes::model::ACTIVITIES_SHOWN);
        assert_eq!(long.activities.len(), total);
        assert_eq!((short.activity_count, long.activity_count), (total as i64, total as i64));
        assert_eq!(short.progress, long.progress);
        let not_dropped = app.count(&format!("SELECT COUNT(*) FROM programme_activities WHERE goal_id = {goal} AND status <> 'dropped'")).await;
        let done = app.count(&format!("SELECT COUNT(*) FROM programme_activities WHERE goal_id = {goal} AND status = 'done'")).await;
        assert_eq!((short.progress.total, short.progress.done), (not_dropped, done));
        assert!(short.activities.iter().all(|a| a.status == "planned" || a.status == "in_progress"), "those still to do first");
        let asked: Programme = app.call(&member, "programmes/get", &[("organisation_id", "1"), ("first", "true"), ("goal", &goal_text)]).await.unwrap();
        assert_eq!(asked.goal(goal).unwrap().activities.len(), total);
        assert_eq!(asked.progress, every.progress);
    }
);
