//! The portfolio through the real server, on both databases: gathered from what a co-op did
//! (a goal with an activity done, a report accepted with a photo, a circle session it attended),
//! curated by its representative (an item left out, a statement written), exported in the
//! background into one ZIP that readers other than ours check (Python's zipfile and jsonschema,
//! poppler, qpdf), reused when nothing changed, finished once after a worker died mid-way, and
//! read only by those allowed. People of other co-ops are counted, never named.

use crate::common;
use crate::evidence::{draft_form, jpeg, post, with_file};
use crate::reports::{COMPLETE, day, decide_form, id_form, save, send, start};
use app::error::AppError;
use app::i18n::T;
use app::portfolio::PortfolioView;
use app::portfolio::api::ExportPageData;
use common::TestApp;
use common::world::{World, rows_of, world};
use reqwest::Client;

const TABLES: &[&str] = &["portfolio_choices", "portfolio_statements", "portfolio_exports", "jobs", "outbox"];
const SECTION_TEXT: &str = "We met twice.";
const STATEMENT: &str = "Buddies made the difference: newcomers stayed.";

async fn portfolio(app: &TestApp, client: &Client, org: i64) -> Result<PortfolioView, AppError> {
    app.call(client, "portfolio/get", &[("organisation_id", &org.to_string())]).await
}

async fn choose(app: &TestApp, client: &Client, org: i64, fields: &[(String, String)]) -> Result<String, AppError> {
    let org = org.to_string();
    let mut form: Vec<(String, String)> = vec![("organisation_id".into(), org)];
    form.extend(fields.iter().map(|(k, v)| (format!("fields[{k}]"), v.clone())));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(client, "portfolio/save", &pairs).await
}

async fn export(app: &TestApp, client: &Client, org: i64) -> Result<i64, AppError> {
    let path: String = app.call(client, "portfolio/export", &[("organisation_id", &org.to_string())]).await?;
    Ok(path.rsplit('/').next().unwrap().parse().unwrap())
}

async fn export_page(app: &TestApp, client: &Client, id: i64) -> Result<ExportPageData, AppError> {
    app.call(client, "portfolio/get_export", &[("id", &id.to_string())]).await
}

/// Every item of the view, in the form's fields, as it stands (places from 1, boxes ticked
/// for items in).
fn fields_as_shown(p: &PortfolioView) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for item in &p.items {
        out.push((app::portfolio::item_field("place", &item.key), item.position.to_string()));
        if item.included {
            out.push((app::portfolio::item_field("in", &item.key), "on".into()));
        }
    }
    out
}

fn with(mut fields: Vec<(String, String)>, key: &str, value: Option<&str>) -> Vec<(String, String)> {
    fields.retain(|(k, _)| k != key);
    if let Some(v) = value {
        fields.push((key.to_string(), v.to_string()));
    }
    fields
}

/// A goal of A's with one activity done and one still planned.
async fn goal_of(app: &TestApp, org: i64, by: i64) -> i64 {
    use app::programmes::check::{ActivityInput, GoalInput};
    let db = &app.state.db;
    let goal = GoalInput { title: "Update our induction".into(), issues: vec![], outcome: "Newcomers feel at home within a month.".into(), measure: "10 → 80 %".into(), circle_id: None };
    let goal_id = app::programmes::store::save_goal(db, org, 0, &goal, by).await.unwrap();
    for (what, status) in [("Pair each newcomer with a buddy", "done"), ("Write the glossary", "planned")] {
        let a = ActivityInput {
            goal_id,
            what: what.into(),
            owner_kind: "circle".into(),
            owner_user_id: None,
            owner_name: String::new(),
            starts_on: String::new(),
            due_on: String::new(),
            status: status.into(),
            drop_reason: String::new(),
            note: String::new(),
        };
        app::programmes::store::save_activity(db, org, None, &a, by).await.unwrap();
    }
    goal_id
}

/// A progress report of A's with a photo attached, sent, and accepted by the advisor.
async fn accepted_with_photo(app: &TestApp, w: &World) -> (i64, i64) {
    let id = start(app, &w.tom, w.a, "progress", "").await;
    let form = with_file(draft_form(app, &w.tom, id, SECTION_TEXT).await, "welcome day.jpg", jpeg(40_000, 7), "image/jpeg");
    let (status, _, _) = post(app, &w.tom, id, form).await;
    assert_eq!(status, 303);
    assert_eq!(save(app, &w.tom, id, COMPLETE, "check").await.unwrap(), format!("/reports/{id}/check"));
    send::<String>(app, &w.tom, "submit", &id_form(id)).await.unwrap();
    send::<String>(app, &w.advisor, "decide", &decide_form(id, "accept", "Clear.", &day(90))).await.unwrap();
    let (file,): (i64,) = sqlx::query_as("SELECT id FROM evidence_files WHERE report_id = $1").bind(id).fetch_one(&app.state.db.pool).await.unwrap();
    (id, file)
}

/// A closed session of circle X: Tom (A) and Bea (B) came, a poll was shown, an action captured
/// for each co-op.
async fn closed_session(app: &TestApp, w: &World) -> (i64, i64) {
    let year = chrono::Utc::now().format("%Y").to_string().parse::<i32>().unwrap() + 1;
    let path: String = app
        .call(&w.priya, "meetings/save", &[
            ("id", "0"), ("circle_id", &w.circle_x.to_string()), ("title", "Induction session"), ("date", &format!("{year}-03-02")), ("time", "18:30"),
            ("duration", "90"), ("delivery", "online"), ("location", "https://meet.example/x"), ("agenda", "Check-in | 10\nInduction | 40"),
        ])
        .await
        .unwrap();
    let meeting: i64 = path.trim_start_matches("/meetings/").trim_end_matches("?done=saved").parse().unwrap();
    let path: String = app.call(&w.priya, "live/start", &[("meeting_id", &meeting.to_string())]).await.unwrap();
    let session: i64 = path.trim_start_matches("/live/").parse().unwrap();
    let s = session.to_string();
    let act = |client: &Client, kind: &'static str, fields: Vec<(&'static str, String)>| {
        let client = client.clone();
        let s = s.clone();
        async move {
            let mut form = vec![("session_id", s), ("kind", kind.to_string())];
            form.extend(fields);
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call::<()>(&client, "live/act", &pairs).await.unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        }
    };
    act(&w.tom, "check_in", vec![]).await;
    act(&w.bea, "check_in", vec![]).await;
    act(&w.priya, "open_poll", vec![("a", "Keep the buddy scheme?".into()), ("b", "single".into()), ("c", "Yes\nNo".into())]).await;
    act(&w.tom, "vote", vec![("a", "0".into()), ("b", "0".into())]).await;
    act(&w.bea, "vote", vec![("a", "0".into()), ("b", "0".into())]).await;
    act(&w.priya, "reveal_poll", vec![("a", "0".into())]).await;
    act(&w.priya, "capture_action", vec![("a", "Write the welcome pack".into()), ("b", w.a.to_string()), ("c", "Tom".into()), ("d", String::new())]).await;
    act(&w.priya, "capture_action", vec![("a", "Bake for the open day".into()), ("b", w.b.to_string()), ("c", "Bea Lund".into()), ("d", String::new())]).await;
    act(&w.priya, "close", vec![]).await;
    (meeting, session)
}

/// The bundle as downloaded by `client`, read by `check_bundle.py`.
async fn read_bundle(app: &TestApp, client: &Client, id: i64) -> serde_json::Value {
    read_bundle_named(app, client, id, "portfolio-mill-lane-").await
}

/// The same, for a bundle whose file name starts with `named`.
async fn read_bundle_named(app: &TestApp, client: &Client, id: i64, named: &str) -> serde_json::Value {
    let response = client.get(app.url(&format!("/portfolio/exports/{id}/download"))).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/zip");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with(&format!("attachment; filename=\"{named}")), "{disposition}");
    let bytes = response.bytes().await.unwrap();
    let dir = common::tempdir::Dir::new();
    let zip = dir.path().join("bundle.zip");
    std::fs::write(&zip, &bytes).unwrap();
    check_bundle(&zip)
}

/// What `check_bundle.py` (Python's zipfile and jsonschema, poppler, qpdf) finds in the bundle
/// at `zip`.
pub(crate) fn check_bundle(zip: &std::path::Path) -> serde_json::Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/integration/check_bundle.py");
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/portfolio/portfolio.schema.json");
    let out = std::process::Command::new("python3").arg(script).arg(zip).arg(schema).output().expect("python3 runs");
    assert!(
        out.status.success(),
        "check_bundle.py failed (are poppler-utils, qpdf and Python's jsonschema installed? .ci/test.sh installs them): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn text(v: &serde_json::Value, key: &str) -> String {
    v[key].as_str().unwrap_or_else(|| panic!("{key} is text")).to_string()
}

on_both_databases!(a_portfolio_is_gathered_curated_and_exported_for_readers_other_than_ours, |app: TestApp| async move {
    let w = world(&app).await;
    let goal = goal_of(&app, w.a, w.tom_id).await;
    let (report, file) = accepted_with_photo(&app, &w).await;
    let (meeting, session) = closed_session(&app, &w).await;

    // Gathered: every kind of item, all in by default, the representative may curate.
    let p = portfolio(&app, &w.tom, w.a).await.unwrap();
    let keys: Vec<&str> = p.items.iter().map(|i| i.key.as_str()).collect();
    let expected = [format!("goal:{goal}"), format!("report:{report}"), format!("meeting:{meeting}"), format!("session:{session}"), format!("evidence:{file}")];
    assert_eq!(keys, expected.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(p.items.iter().all(|i| i.included && i.position == 1));
    assert!(p.can_curate);
    assert!(!portfolio(&app, &w.sam, w.a).await.unwrap().can_curate, "one of A's people reads it but does not curate");
    // The attendance line names A's own person only.
    let line = &p.items[2].detail;
    assert!(line.contains("Tom Price") && !line.contains("Bea"), "{line}");

    // The session left out, a statement written on the goal.
    let fields = fields_as_shown(&p);
    let fields = with(fields, &format!("in-session-{session}"), None);
    let fields = with(fields, &format!("statement-{goal}"), Some(STATEMENT));
    assert_eq!(choose(&app, &w.tom, w.a, &fields).await.unwrap(), format!("/coops/{}/portfolio?done=saved", w.a));
    let p = portfolio(&app, &w.tom, w.a).await.unwrap();
    assert!(!p.items.iter().find(|i| i.key == format!("session:{session}")).unwrap().included);
    assert_eq!(p.statements[0].text, STATEMENT);

    // Exported in the background: queued, then done with every part counted, one mail.
    let id = export(&app, &w.tom, w.a).await.unwrap();
    assert_eq!(export_page(&app, &w.tom, id).await.unwrap().export.status, "queued");
    app::jobs::run_due(&app.state).await.unwrap();
    let e = export_page(&app, &w.sam, id).await.unwrap().export;
    assert_eq!((e.status.as_str(), e.items_done, e.items_total), ("done", 5, 5), "4 files of ours and the photo");
    assert!(e.expires.is_some() && !e.expired);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM outbox WHERE dedupe_key = 'portfolio_export:{id}'")).await, 1);
    let mail: (String, String) = sqlx::query_as(&format!("SELECT to_addr, body FROM outbox WHERE dedupe_key = 'portfolio_export:{id}'")).fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(mail.0, "tom@mill-lane.coop");
    assert!(mail.1.contains(&format!("/coops/{}/portfolio/exports/{id}", w.a)), "{}", mail.1);

    // Read by readers other than ours.
    let b = read_bundle(&app, &w.tom, id).await;
    let json = &b["json"];
    let photo = json["evidence"][0]["path"].as_str().unwrap().to_string();
    assert_eq!(photo, format!("evidence/{file:03}-welcome-day.jpg"));
    let mut names: Vec<String> = b["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names, vec![photo.clone(), "index.html".into(), "portfolio.json".into(), "portfolio.pdf".into(), "portfolio.schema.json".into()], "the ZIP holds what the JSON names, no more");
    assert!(b["bad_crc"].is_null());
    assert_eq!(b["schema_is_the_repos"], true);
    assert_eq!(b["schema_errors"], serde_json::json!([]), "portfolio.json follows its schema");
    assert_eq!(b["sha_mismatch"], serde_json::json!([]), "each file's SHA-256 is the one the JSON gives");
    assert_eq!(json["reports"][0]["id"], format!("report:{report}"));
    assert_eq!(json["reports"][0]["sections"][0]["text"], SECTION_TEXT);
    assert_eq!(json["goals"][0]["statement"], STATEMENT);
    assert_eq!(json["goals"][0]["activities"].as_array().unwrap().len(), 1, "only the activity done");
    assert_eq!(json["attendance"][0]["present"], serde_json::json!(["Tom Price"]));
    assert_eq!(json["attendance"][0]["others_present"], 1);
    assert_eq!(json["sessions"], serde_json::json!([]), "the session was left out");
    // The PDF: well formed, tagged, titled, and its text in reading order.
    assert_eq!(b["qpdf_ok"], true, "{}", text(&b, "qpdf"));
    let info = text(&b, "pdfinfo");
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Title:") && l.contains("Portfolio of Mill Lane")), "{info}");
    let pdf = text(&b, "pdf_text");
    // Each text found after the one before it: the reading order.
    let mut from = 0;
    for needle in ["Update our induction", STATEMENT, "Pair each newcomer with a buddy", "Progress report", SECTION_TEXT, "welcome day.jpg"] {
        let found = pdf[from..].find(needle).unwrap_or_else(|| panic!("{needle:?} after byte {from} of the PDF's text:\n{pdf}"));
        from += found + needle.len();
    }
    // No script in the web page; nobody from another co-op named anywhere.
    let html = text(&b, "html");
    assert!(!html.to_lowercase().contains("<script"));
    assert!(html.contains(&format!("href=\"{photo}\"")));
    for place in [json.to_string(), html, pdf] {
        assert!(!place.contains("Bea Lund") && !place.contains("Bake for the open day"), "another co-op's person or action leaked");
    }

    // Exported again with nothing changed: the same bundle, kept once.
    let kept_before = std::fs::read_dir(app.files_dir().join("sha256")).unwrap().count();
    let again = export(&app, &w.tom, w.a).await.unwrap();
    app::jobs::run_due(&app.state).await.unwrap();
    let same: Vec<(String,)> = sqlx::query_as("SELECT bundle_sha256 FROM portfolio_exports WHERE id IN ($1, $2)").bind(id).bind(again).fetch_all(&app.state.db.pool).await.unwrap();
    assert_eq!(same.len(), 2);
    assert_eq!(same[0], same[1], "the same content reuses the bundle");
    assert_eq!(std::fs::read_dir(app.files_dir().join("sha256")).unwrap().count(), kept_before);
    // A change makes a new one.
    let fields = with(fields_as_shown(&portfolio(&app, &w.tom, w.a).await.unwrap()), &format!("statement-{goal}"), Some("Something else."));
    choose(&app, &w.tom, w.a, &fields).await.unwrap();
    let third = export(&app, &w.tom, w.a).await.unwrap();
    app::jobs::run_due(&app.state).await.unwrap();
    let (sha,): (String,) = sqlx::query_as("SELECT bundle_sha256 FROM portfolio_exports WHERE id = $1").bind(third).fetch_one(&app.state.db.pool).await.unwrap();
    assert_ne!(sha, same[0].0);
});

on_both_databases!(only_the_coop_curates_its_portfolio_and_bad_choices_change_nothing, |app: TestApp| async move {
    let w = world(&app).await;
    let goal = goal_of(&app, w.a, w.tom_id).await;
    let other_goal = goal_of(&app, w.c, w.cy_id).await;
    let p = portfolio(&app, &w.tom, w.a).await.unwrap();
    let good = fields_as_shown(&p);
    let place = format!("place-goal-{goal}");

    // Who may: a member of another co-op sees nothing; A's plain member and its circle's
    // facilitator read but do not change or export; an assessor does not read it.
    assert_eq!(portfolio(&app, &w.cy, w.a).await.unwrap_err(), AppError::NotFound);
    assert_eq!(portfolio(&app, &w.assessor, w.a).await.unwrap_err(), AppError::NotFound);
    let before = rows_of(&app, TABLES).await;
    for (client, expected) in [(&w.cy, AppError::NotFound), (&w.sam, AppError::Forbidden), (&w.priya, AppError::Forbidden), (&w.advisor, AppError::Forbidden)] {
        assert_eq!(choose(&app, client, w.a, &good).await.unwrap_err(), expected);
        assert_eq!(export(&app, client, w.a).await.unwrap_err(), expected);
    }
    assert_eq!(rows_of(&app, TABLES).await, before, "refused calls changed nothing");

    // What no form of ours sends: refused whole, nothing saved.
    for bad in [
        with(good.clone(), "place-goal-9999999", Some("1")),
        with(good.clone(), &format!("place-goal-{other_goal}"), Some("1")),
        with(good.clone(), &format!("statement-{other_goal}"), Some("Not ours")),
        with(good.clone(), &format!("in-goal-{other_goal}"), Some("on")),
        with(with(good.clone(), &place, None), &format!("in-goal-{goal}"), Some("on")),
        with(good.clone(), &format!("colour-goal-{goal}"), Some("blue")),
    ] {
        assert_eq!(choose(&app, &w.tom, w.a, &bad).await.unwrap_err(), AppError::BadRequest, "{bad:?}");
    }
    // What a person may mistype: told by the field.
    for (field, value, message) in [(place.as_str(), "0", T::ErrOrderInvalid), (place.as_str(), "first", T::ErrOrderInvalid)] {
        let err = choose(&app, &w.tom, w.a, &with(good.clone(), field, Some(value))).await.unwrap_err();
        assert_eq!(err.for_field(field), Some(message), "{field}={value}");
    }
    // A statement longer than what a failed post carries back is saved even so; the choices
    // posted with a mistyped place are not.
    let written = "We learned to welcome people properly. ".repeat(100);
    let with_statement = with(with(good.clone(), &place, Some("0")), &format!("in-goal-{goal}"), None);
    let err = choose(&app, &w.tom, w.a, &with(with_statement, &format!("statement-{goal}"), Some(&written))).await.unwrap_err();
    assert_eq!(err.for_field(&place), Some(T::ErrOrderInvalid));
    let p = portfolio(&app, &w.tom, w.a).await.unwrap();
    assert_eq!(p.statements[0].text, written.trim(), "nothing typed is lost");
    assert!(p.items[0].included, "the box left unticked with a mistyped place changed nothing");
    sqlx::query("DELETE FROM portfolio_statements").execute(&app.state.db.pool).await.unwrap();
    let long = "x".repeat(app::portfolio::STATEMENT_MAX + 1);
    let err = choose(&app, &w.tom, w.a, &with(good.clone(), &format!("statement-{goal}"), Some(&long))).await.unwrap_err();
    assert_eq!(err.for_field(&format!("statement-{goal}")), Some(T::ErrStatementLong));
    assert_eq!(rows_of(&app, TABLES).await, before, "refused choices changed nothing");

    // An export is downloaded by those who read the portfolio, and not once it has expired.
    let id = export(&app, &w.tom, w.a).await.unwrap();
    app::jobs::run_due(&app.state).await.unwrap();
    let url = app.url(&format!("/portfolio/exports/{id}/download"));
    assert_eq!(w.sam.get(&url).send().await.unwrap().status(), 200);
    assert_eq!(w.cy.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(w.bea.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(common::browser().get(&url).send().await.unwrap().status(), 401);
    assert_eq!(export_page(&app, &w.cy, id).await.unwrap_err(), AppError::NotFound);
    sqlx::query("UPDATE portfolio_exports SET expires_at = 1 WHERE id = $1").bind(id).execute(&app.state.db.pool).await.unwrap();
    assert_eq!(w.tom.get(&url).send().await.unwrap().status(), 404);
    assert!(export_page(&app, &w.tom, id).await.unwrap().export.expired);
});

on_both_databases!(an_export_whose_worker_died_midway_ends_in_one_bundle_and_one_mail, |app: TestApp| async move {
    let w = world(&app).await;
    goal_of(&app, w.a, w.tom_id).await;
    accepted_with_photo(&app, &w).await;
    // The mails of the decision first: then the export's job is the only one due.
    app::jobs::run_due(&app.state).await.unwrap();
    let id = export(&app, &w.tom, w.a).await.unwrap();
    // A worker took the job, wrote half a bundle, and died (kill -9): its lease runs out.
    let job = app::jobs::take(&app.state.db, app.state.settings.job_lease_secs).await.unwrap().expect("the export's job is due");
    assert_eq!(job.kind, app::portfolio::export::EXPORT);
    sqlx::query("UPDATE portfolio_exports SET status = 'running', items_done = 2, items_total = 5 WHERE id = $1").bind(id).execute(&app.state.db.pool).await.unwrap();
    let mut half = app.state.files.produce().await.unwrap();
    half.push(b"PK\x03\x04 half a bundle").await.unwrap();
    std::mem::forget(half);
    sqlx::query("UPDATE jobs SET locked_until = 1 WHERE id = $1").bind(job.id).execute(&app.state.db.pool).await.unwrap();

    // Taken again, it finishes: one bundle, one mail; more runs change nothing.
    app::jobs::run_due(&app.state).await.unwrap();
    app::jobs::run_due(&app.state).await.unwrap();
    let e = export_page(&app, &w.tom, id).await.unwrap().export;
    assert_eq!((e.status.as_str(), e.items_done, e.items_total), ("done", 5, 5));
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM outbox WHERE dedupe_key = 'portfolio_export:{id}'")).await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM portfolio_exports").await, 1);
    let b = read_bundle(&app, &w.tom, id).await;
    assert_eq!(b["schema_errors"], serde_json::json!([]));
    assert_eq!(b["names"].as_array().unwrap().len(), 5);
});

async fn version(app: &TestApp, client: &Client, org: i64, number: i64) -> Result<app::portfolio::SnapshotView, AppError> {
    app.call(client, "portfolio/version", &[("organisation_id", &org.to_string()), ("number", &number.to_string())]).await
}

async fn shared(app: &TestApp, client: &Client, token: &str) -> Result<app::portfolio::SharedView, AppError> {
    app.call(client, "portfolio/shared", &[("token", token)]).await
}

on_both_databases_with_mail!(a_version_is_frozen_and_shared_by_a_link_that_expires_is_withdrawn_and_is_recorded, |app: TestApp| async move {
    let w = world(&app).await;
    let goal = goal_of(&app, w.a, w.tom_id).await;
    let (_, file) = accepted_with_photo(&app, &w).await;
    let fields = with(fields_as_shown(&portfolio(&app, &w.tom, w.a).await.unwrap()), &format!("statement-{goal}"), Some(STATEMENT));
    choose(&app, &w.tom, w.a, &fields).await.unwrap();

    // Submitted: version 1, frozen. Only the representative submits.
    let submit = |client: Client| {
        let org = w.a.to_string();
        let app = &app;
        async move { app.call::<String>(&client, "portfolio/submit", &[("organisation_id", &org)]).await }
    };
    assert_eq!(submit(w.sam.clone()).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(submit(w.cy.clone()).await.unwrap_err(), AppError::NotFound);
    assert_eq!(submit(w.tom.clone()).await.unwrap(), format!("/coops/{}/portfolio/versions/1?done=submitted", w.a));
    // Later choices change the portfolio, not the version.
    let fields = with(fields, &format!("statement-{goal}"), Some("Written after the version was frozen."));
    choose(&app, &w.tom, w.a, &fields).await.unwrap();
    let v1 = version(&app, &w.sam, w.a, 1).await.unwrap();
    assert_eq!(v1.document.goals[0].statement, STATEMENT, "what an assessor reads never changes under them");
    assert!(!v1.can_share, "a plain member of the co-op reads it but does not share it");
    assert_eq!(submit(w.tom.clone()).await.unwrap(), format!("/coops/{}/portfolio/versions/2?done=submitted", w.a));
    assert_eq!(version(&app, &w.tom, w.a, 2).await.unwrap().document.goals[0].statement, "Written after the version was frozen.");
    assert_eq!(version(&app, &w.cy, w.a, 1).await.unwrap_err(), AppError::NotFound);
    assert_eq!(version(&app, &w.tom, w.a, 3).await.unwrap_err(), AppError::NotFound);

    // Shared with a named assessor: the link is in the mail only, never stored.
    let share = |client: Client, reader: &'static str, email: &'static str, days: &'static str| {
        let org = w.a.to_string();
        let app = &app;
        async move {
            app.call::<String>(&client, "portfolio/share", &[("organisation_id", &org), ("number", "1"), ("reader", reader), ("email", email), ("days", days)]).await
        }
    };
    let before = rows_of(&app, &["portfolio_shares", "outbox", "jobs"]).await;
    let err = share(w.tom.clone(), "", "not-an-address", "91").await.unwrap_err();
    assert_eq!(err.for_field("reader"), Some(T::ErrReaderName));
    assert_eq!(err.for_field("reader_email"), Some(T::ErrEmailInvalid));
    assert_eq!(err.for_field("days"), Some(T::ErrShareDays));
    assert_eq!(share(w.sam.clone(), "Ash", "ash@assess.example", "30").await.unwrap_err(), AppError::Forbidden);
    assert_eq!(rows_of(&app, &["portfolio_shares", "outbox", "jobs"]).await, before, "refused shares changed nothing");
    share(w.tom.clone(), "Ash Assessor", "ash@assess.example", "").await.unwrap();
    app.deliver_mail().await;
    let token = app.token_in_mail("ash@assess.example", "/shared?token=").await;
    assert!(app.find_in_database(&token).await.is_empty(), "the token is in the mail only");

    // Opened without an account: the frozen version, with its photo; each opening recorded.
    let reader = common::browser();
    let s = shared(&app, &reader, &token).await.unwrap();
    assert_eq!((s.reader.as_str(), s.document.goals[0].statement.as_str()), ("Ash Assessor", STATEMENT));
    let photo = reader.get(app.url(&format!("/shared/evidence/{file}?token={token}"))).send().await.unwrap();
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers()["x-content-type-options"], "nosniff");
    assert_eq!(photo.bytes().await.unwrap().len(), 40_012);
    assert_eq!(reader.get(app.url(&format!("/shared/evidence/{}?token={token}", file + 1000))).send().await.unwrap().status(), 404);
    let page = reader.get(app.url(&format!("/shared?token={token}"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains(STATEMENT));
    let v1 = version(&app, &w.tom, w.a, 1).await.unwrap();
    assert_eq!((v1.shares.len(), v1.shares[0].opens, v1.shares[0].revoked), (1, 2, false), "two openings recorded");
    assert!(v1.shares[0].last_opened.is_some());
    // The default is 30 days.
    let (created, expires): (i64, i64) = sqlx::query_as("SELECT created_at, expires_at FROM portfolio_shares").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(expires - created, 30 * 86_400);

    // Anyone else's token, a made-up one: nothing.
    assert_eq!(shared(&app, &reader, &"0".repeat(64)).await.unwrap_err(), AppError::NotFound);
    assert_eq!(shared(&app, &reader, "short").await.unwrap_err(), AppError::NotFound);

    // Withdrawn: the link opens nothing, not even the photo; the withdrawal is kept.
    let revoke = |client: Client| {
        let id = v1.shares[0].id.to_string();
        let app = &app;
        async move { app.call::<String>(&client, "portfolio/revoke", &[("id", &id)]).await }
    };
    assert_eq!(revoke(w.sam.clone()).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(revoke(w.cy.clone()).await.unwrap_err(), AppError::NotFound);
    revoke(w.tom.clone()).await.unwrap();
    assert_eq!(shared(&app, &reader, &token).await.unwrap_err(), AppError::NotFound);
    assert_eq!(reader.get(app.url(&format!("/shared/evidence/{file}?token={token}"))).send().await.unwrap().status(), 404);
    let gone = reader.get(app.url(&format!("/shared?token={token}"))).send().await.unwrap();
    assert_eq!(gone.status(), 404);
    assert!(version(&app, &w.tom, w.a, 1).await.unwrap().shares[0].revoked);

    // Expired: a second link, its time run out, opens nothing either.
    share(w.tom.clone(), "Eve Examiner", "eve@assess.example", "1").await.unwrap();
    app.deliver_mail().await;
    let second = app.token_in_mail("eve@assess.example", "/shared?token=").await;
    assert!(shared(&app, &reader, &second).await.is_ok());
    sqlx::query("UPDATE portfolio_shares SET expires_at = 1 WHERE reader = 'Eve Examiner'").execute(&app.state.db.pool).await.unwrap();
    assert_eq!(shared(&app, &reader, &second).await.unwrap_err(), AppError::NotFound);
    assert!(version(&app, &w.tom, w.a, 1).await.unwrap().shares[0].expired);
});

async fn record(app: &TestApp, client: &Client) -> Result<app::portfolio::RecordView, AppError> {
    app.call(client, "record/get", &[]).await
}

async fn export_record(app: &TestApp, client: &Client) -> Result<i64, AppError> {
    let path: String = app.call(client, "record/export", &[]).await?;
    assert!(path.starts_with("/account/record/exports/"), "{path}");
    Ok(path.rsplit('/').next().unwrap().parse().unwrap())
}

on_both_databases!(a_person_exports_their_own_learning_record_naming_only_them, |app: TestApp| async move {
    let w = world(&app).await;
    goal_of(&app, w.a, w.tom_id).await;
    let (meeting, session) = closed_session(&app, &w).await;

    // Gathered for each person: their circles, and the sessions they attended naming only them.
    let tom = record(&app, &w.tom).await.unwrap().document;
    assert_eq!(tom.person.as_ref().unwrap().name, "Tom Price");
    assert_eq!(tom.organisation.as_ref().unwrap().id, format!("organisation:{}", w.a));
    assert!(tom.circles.iter().any(|c| c.id == format!("circle:{}", w.circle_x)), "{:?}", tom.circles);
    assert_eq!(tom.attendance.len(), 1);
    assert_eq!((tom.attendance[0].id.clone(), tom.attendance[0].present.clone(), tom.attendance[0].others_present), (format!("meeting:{meeting}"), vec!["Tom Price".to_string()], 1));
    assert_eq!(tom.sessions[0].id, format!("session:{session}"));
    assert_eq!(tom.sessions[0].actions.len(), 1, "only his co-op's action");
    assert!(tom.sessions[0].actions[0].contains("Write the welcome pack"));
    assert!(tom.goals.is_empty() && tom.reports.is_empty() && tom.evidence.is_empty(), "a person's record holds no co-op's work");
    let bea = record(&app, &w.bea).await.unwrap().document;
    assert_eq!(bea.attendance[0].present, vec!["Bea Lund".to_string()]);
    assert!(bea.sessions[0].actions[0].contains("Bake for the open day"));
    // Sam, of the same co-op, was not there: his record has the circle and no session.
    let sam = record(&app, &w.sam).await.unwrap().document;
    assert!(sam.attendance.is_empty() && sam.sessions.is_empty());
    assert!(!sam.circles.is_empty());
    assert_eq!(record(&app, &common::browser()).await.unwrap_err(), AppError::SignInRequired);

    // Exported the same way as a portfolio: one job, one mail with the record's page.
    let id = export_record(&app, &w.tom).await.unwrap();
    app::jobs::run_due(&app.state).await.unwrap();
    let page = export_page(&app, &w.tom, id).await.unwrap();
    assert_eq!((page.subject_name.as_str(), page.export.status.as_str(), page.export.organisation_id), ("Tom Price", "done", None));
    assert_eq!(page.export.page, format!("/account/record/exports/{id}"));
    assert_eq!(record(&app, &w.tom).await.unwrap().exports[0].id, id);
    assert!(record(&app, &w.sam).await.unwrap().exports.is_empty(), "each sees only their own exports");
    let (to, body): (String, String) = sqlx::query_as(&format!("SELECT to_addr, body FROM outbox WHERE dedupe_key = 'portfolio_export:{id}'")).fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(to, "tom@mill-lane.coop");
    assert!(body.contains(&format!("/account/record/exports/{id}")) && body.contains("Learning record of Tom Price"), "{body}");

    // Nobody else reads it: not his co-op's representative's colleague, not staff.
    for client in [&w.sam, &w.bea, &w.advisor, &w.admin] {
        assert_eq!(export_page(&app, client, id).await.unwrap_err(), AppError::NotFound);
        assert_eq!(client.get(app.url(&format!("/portfolio/exports/{id}/download"))).send().await.unwrap().status(), 404);
    }

    // Read by readers other than ours.
    let b = read_bundle_named(&app, &w.tom, id, "learning-record-tom-price-").await;
    assert_eq!(b["schema_errors"], serde_json::json!([]), "portfolio.json follows its schema");
    assert_eq!(b["qpdf_ok"], true, "{}", text(&b, "qpdf"));
    let json = &b["json"];
    assert_eq!(json["person"]["id"], format!("person:{}", w.tom_id));
    assert_eq!(json["goals"], serde_json::json!([]));
    let mut names: Vec<String> = b["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names, ["index.html", "portfolio.json", "portfolio.pdf", "portfolio.schema.json"]);
    let info = text(&b, "pdfinfo");
    assert!(info.lines().any(|l| l.starts_with("Title:") && l.contains("Learning record of Tom Price")), "{info}");
    let pdf = text(&b, "pdf_text");
    let mut from = 0;
    for needle in ["Learning record of Tom Price", "Learning circles", "Induction session", "Tom Price", "Write the welcome pack", "Keep the buddy scheme?"] {
        let found = pdf[from..].find(needle).unwrap_or_else(|| panic!("{needle:?} after byte {from} of the PDF's text:\n{pdf}"));
        from += found + needle.len();
    }
    assert!(!pdf.contains("Accepted reports") && !pdf.contains("Update our induction"), "no co-op's goals or reports in a person's record");
    let html = text(&b, "html");
    for place in [json.to_string(), html, pdf] {
        assert!(!place.contains("Bea Lund") && !place.contains("Bake for the open day"), "another person or co-op leaked");
    }
});

on_both_databases!(a_frozen_version_is_exported_as_it_was_frozen, |app: TestApp| async move {
    let w = world(&app).await;
    let goal = goal_of(&app, w.a, w.tom_id).await;
    let (_, file) = accepted_with_photo(&app, &w).await;
    let fields = with(fields_as_shown(&portfolio(&app, &w.tom, w.a).await.unwrap()), &format!("statement-{goal}"), Some(STATEMENT));
    choose(&app, &w.tom, w.a, &fields).await.unwrap();
    app.call::<String>(&w.tom, "portfolio/submit", &[("organisation_id", &w.a.to_string())]).await.unwrap();
    choose(&app, &w.tom, w.a, &with(fields, &format!("statement-{goal}"), Some("Changed after."))).await.unwrap();

    let export_version = |client: Client, number: i64| {
        let org = w.a.to_string();
        let app = &app;
        async move { app.call::<String>(&client, "portfolio/export_version", &[("organisation_id", &org), ("number", &number.to_string())]).await }
    };
    // As if frozen under schema version 1: its bundle still follows the schema it ships.
    sqlx::query("UPDATE portfolio_snapshots SET content = REPLACE(content, '\"schema_version\":2', '\"schema_version\":1')").execute(&app.state.db.pool).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM portfolio_snapshots WHERE content LIKE '%\"schema_version\":1,%'").await, 1);
    let before = rows_of(&app, TABLES).await;
    assert_eq!(export_version(w.sam.clone(), 1).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(export_version(w.cy.clone(), 1).await.unwrap_err(), AppError::NotFound);
    assert_eq!(export_version(w.tom.clone(), 2).await.unwrap_err(), AppError::NotFound, "no version 2");
    assert_eq!(rows_of(&app, TABLES).await, before, "refused calls changed nothing");
    let path = export_version(w.tom.clone(), 1).await.unwrap();
    let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(path, format!("/coops/{}/portfolio/exports/{id}", w.a));
    app::jobs::run_due(&app.state).await.unwrap();
    let e = export_page(&app, &w.sam, id).await.unwrap().export;
    assert_eq!((e.status.as_str(), e.version), ("done", Some(1)));
    assert_eq!(portfolio(&app, &w.tom, w.a).await.unwrap().exports[0].version, Some(1));

    let b = read_bundle_named(&app, &w.sam, id, "portfolio-mill-lane-version-1-").await;
    assert_eq!(b["schema_errors"], serde_json::json!([]));
    assert_eq!(b["sha_mismatch"], serde_json::json!([]), "the photo is the one the version froze");
    assert_eq!(b["json"]["goals"][0]["statement"], STATEMENT, "the version as it was frozen, not as it stands");
    assert_eq!(b["json"]["schema_version"], 2);
    assert_eq!(b["names"].as_array().unwrap().len(), 5);

    // The photo is kept while the version that froze it is, even once no report names it (a
    // sent report's files cannot be taken off; the row deleted here stands for a report gone).
    let (photo,): (String,) = sqlx::query_as("SELECT sha256 FROM evidence_files WHERE id = $1").bind(file).fetch_one(&app.state.db.pool).await.unwrap();
    sqlx::query("DELETE FROM evidence_files WHERE id = $1").bind(file).execute(&app.state.db.pool).await.unwrap();
    app::portfolio::export::collect_files(&app.state, app::time::now() + 2 * 86_400).await.unwrap();
    assert!(app.state.files.holds(&photo).await, "the version froze it");
});

on_both_databases!(a_bundle_is_removed_once_no_export_may_download_it, |app: TestApp| async move {
    let w = world(&app).await;
    goal_of(&app, w.a, w.tom_id).await;
    let (_, file) = accepted_with_photo(&app, &w).await;
    let (photo,): (String,) = sqlx::query_as("SELECT sha256 FROM evidence_files WHERE id = $1").bind(file).fetch_one(&app.state.db.pool).await.unwrap();
    let first = export(&app, &w.tom, w.a).await.unwrap();
    app::jobs::run_due(&app.state).await.unwrap();
    let second = export(&app, &w.tom, w.a).await.unwrap();
    app::jobs::run_due(&app.state).await.unwrap();
    let sha = |id: i64| {
        let pool = app.state.db.pool.clone();
        async move { sqlx::query_as::<_, (String,)>("SELECT bundle_sha256 FROM portfolio_exports WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap().0 }
    };
    let bundle = sha(first).await;
    assert_eq!(sha(second).await, bundle, "the second export reused the first's bundle");
    let expire = |id: i64, ago: i64| {
        let pool = app.state.db.pool.clone();
        async move { sqlx::query("UPDATE portfolio_exports SET expires_at = $1 WHERE id = $2").bind(app::time::now() - ago).bind(id).execute(&pool).await.unwrap() }
    };
    let collect = || app::portfolio::export::collect_bundles(&app.state, app::time::now());

    // One export expired two days ago, the other still downloadable: kept.
    expire(first, 2 * 86_400).await;
    assert_eq!(collect().await.unwrap(), 0);
    assert!(app.state.files.holds(&bundle).await);
    // Both expired, one only an hour ago: kept a day more, in case a job is reusing it.
    expire(second, 3600).await;
    assert_eq!(collect().await.unwrap(), 0);
    assert!(app.state.files.holds(&bundle).await);
    // Both expired more than a day ago: the bytes go, the exports no longer name them, and the
    // evidence photo inside the bundle is still kept.
    expire(second, 2 * 86_400).await;
    assert_eq!(collect().await.unwrap(), 1);
    assert!(!app.state.files.holds(&bundle).await, "the bundle's bytes are gone");
    assert_eq!((sha(first).await, sha(second).await), (String::new(), String::new()));
    assert!(app.state.files.holds(&photo).await, "an evidence file is not a bundle");
    assert_eq!(collect().await.unwrap(), 0, "nothing more to collect");

    // Exported again: a bundle made anew, downloadable.
    let third = export(&app, &w.tom, w.a).await.unwrap();
    app::jobs::run_due(&app.state).await.unwrap();
    assert_eq!(sha(third).await, bundle, "the same content makes the same bytes");
    assert!(app.state.files.holds(&bundle).await);
    let b = read_bundle(&app, &w.tom, third).await;
    assert_eq!(b["schema_errors"], serde_json::json!([]));
});
