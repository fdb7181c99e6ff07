//! The access policy as a table: every server function (collected from the registry, so a new
//! one without a row fails this test) and the plain routes, called as every kind of caller —
//! visitor, a fresh account, a member of the co-op, a member of another co-op, a facilitator of
//! this circle and of another, an advisor, an assessor, an admin. Each call is allowed or
//! refused as the row says; a refused call answers 401/403/404 and changes nothing stored.
//! Then every server function receives malformed, oversized, wrong-typed, missing and hostile
//! values: never a 500, and nothing stored.

use crate::common;

use common::{TestApp, browser};
use reqwest::Client;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, ORIGIN};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Visitor,
    Fresh,
    Member,
    OtherMember,
    Facilitator,
    OtherFacilitator,
    Advisor,
    Assessor,
    Admin,
}
use Who::*;

const EVERYONE: &[Who] = &[Visitor, Fresh, Member, OtherMember, Facilitator, OtherFacilitator, Advisor, Assessor, Admin];
const SIGNED_IN: &[Who] = &[Fresh, Member, OtherMember, Facilitator, OtherFacilitator, Advisor, Assessor, Admin];
const NOBODY: &[Who] = &[];
const ADMIN: &[Who] = &[Admin];
const STAFF: &[Who] = &[Advisor, Admin];
/// Those who see inside circle X: its people, its facilitator, staff and assessors.
const INSIDE_X: &[Who] = &[Member, Facilitator, Advisor, Assessor, Admin];
const RUNS_X: &[Who] = &[Facilitator, Admin];
const DECIDES_X: &[Who] = &[Facilitator, Advisor, Admin];
/// Those who see co-op A's own file: its people, staff, the facilitators of its circles.
const FILE_OF_A: &[Who] = &[Member, Facilitator, Advisor, Admin];
const REPRESENTS_A: &[Who] = &[Member, Admin];
/// The Member's own (their learning record).
const THEIRS_ONLY: &[Who] = &[Member];
/// Those who change co-op A's activity programme: its representative, the facilitators of its
/// circles, admins.
const EDITS_A: &[Who] = &[Member, Facilitator, Admin];

/// The token of the fixture's share link (as its mail would carry it).
const SHARE_TOKEN: &str = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";

/// The records the rows point at (all from the demo data, plus a few made here).
struct Fixture {
    users: BTreeMap<Who, i64>,
    /// Co-op A, whose representative is the member.
    coop_a: i64,
    /// Circle X: co-op A is in it, the facilitator runs it.
    circle_x: i64,
    /// An open circle A is not in.
    circle_y: i64,
    meeting: i64,
    live_session: i64,
    live_code: String,
    /// The fresh account's own draft application.
    draft: i64,
    /// An application waiting for an advisor.
    submitted: i64,
    /// Someone else's session (nobody may end it).
    others_session: i64,
    /// A person with no role, for the admin's role rows.
    bystander: i64,
    /// A goal of co-op A's programme.
    goal_a: i64,
    /// A report of co-op A: a draft with nothing answered (so it cannot be sent).
    report_a: i64,
    /// An export of A's portfolio, asked for by its representative.
    export_a: i64,
    /// An export of the learning record of A's representative (the Member), asked for by them.
    record_a: i64,
    /// Version 1 of A's portfolio, shared with an assessor by a link whose token is SHARE_TOKEN.
    share_a: i64,
    /// A report of co-op A waiting for an advisor.
    report_a_sent: i64,
}

type Form = Vec<(String, String)>;

fn form(pairs: &[(&str, String)]) -> Form {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

/// A row: the server function, its arguments, and who may call it. `{new}` in an argument is
/// replaced before each call by a record made afresh (see [`fresh`]), for calls that use up
/// what they act on (removing, deciding, cancelling).
struct Row {
    path: &'static str,
    args: fn(&Fixture) -> Form,
    allowed: &'static [Who],
    fresh: Option<Fresh>,
}

#[derive(Clone, Copy)]
enum Fresh {
    Specialist,
    JoinRequest,
    Meeting,
    PersonOfA,
    RoleOfBystander,
    /// An action captured for co-op A in the fixture's meeting, waiting for a decision.
    Proposal,
}

fn rows() -> Vec<Row> {
    let r = |path, args, allowed| Row { path, args, allowed, fresh: None };
    let rf = |path, args, allowed, fresh| Row { path, args, allowed, fresh: Some(fresh) };
    vec![
        // ----- Accounts -----
        r("accounts/who_am_i", |_| vec![], EVERYONE),
        r("accounts/sign_up", |_| form(&[("name", "".into()), ("email", "x".into()), ("password", "a".into()), ("confirm", "b".into()), ("next", "/".into())]), EVERYONE),
        r("accounts/sign_in", |_| form(&[("email", "nobody@example.coop".into()), ("password", "".into()), ("next", "/".into())]), EVERYONE),
        r("accounts/sign_out", |_| vec![], EVERYONE),
        r("accounts/change_password", |_| form(&[("current", "wrong".into()), ("password", "a".into()), ("confirm", "b".into())]), SIGNED_IN),
        r("accounts/my_sessions", |_| vec![], SIGNED_IN),
        // Nobody may end another person's session, an admin included.
        r("accounts/revoke_session", |f| form(&[("id", f.others_session.to_string())]), NOBODY),
        r("accounts/request_password_reset", |_| form(&[("email", "not-an-address".into())]), EVERYONE),
        r("accounts/check_reset_token", |_| form(&[("token", "0".repeat(64))]), EVERYONE),
        r("accounts/reset_password", |_| form(&[("token", "0".repeat(64)), ("password", "a".into()), ("confirm", "b".into())]), EVERYONE),
        r("accounts/set_language", |_| form(&[("lang", "xx".into()), ("back", "/".into())]), EVERYONE),
        r("accounts/my_email", |_| vec![], SIGNED_IN),
        r("accounts/resend_confirmation", |_| form(&[("back", "/account".into())]), SIGNED_IN),
        // A confirmation link is opened signed in, so it binds to the account that asked.
        r("accounts/check_confirmation", |_| form(&[("token", "0".repeat(64))]), SIGNED_IN),
        r("accounts/confirm_email", |_| form(&[("token", "0".repeat(64))]), SIGNED_IN),
        // ----- Admin -----
        r("admin/people", |_| form(&[("search", "".into())]), ADMIN),
        r("admin/grant_role", |f| form(&[("user_id", f.users[&Fresh].to_string()), ("role", "no-such-role".into())]), ADMIN),
        rf("admin/remove_role", |_| form(&[("user_id", "{new}".into()), ("role", "assessor".into())]), ADMIN, Fresh::RoleOfBystander),
        r("admin/outbox", |_| vec![], ADMIN),
        r("admin/questionnaire", |_| vec![], ADMIN),
        r("admin/publish_questionnaire", |_| form(&[("themes[people]", "not | a | valid | line | at all".into())]), ADMIN),
        // ----- Circles -----
        r("circles/list", |_| vec![], SIGNED_IN),
        r("circles/get", |f| form(&[("id", f.circle_x.to_string())]), SIGNED_IN),
        r("circles/request_join", |f| form(&[("circle_id", f.circle_y.to_string()), ("organisation_id", f.coop_a.to_string()), ("message", "x".repeat(5000))]), &[Member]),
        rf("circles/decide_join", |_| form(&[("request_id", "{new}".into()), ("decision", "decline".into()), ("reply", "".into())]), DECIDES_X, Fresh::JoinRequest),
        r("circles/save", |f| form(&[("id", f.circle_x.to_string()), ("name", "".into()), ("theme", "people".into()), ("delivery", "online".into()), ("status", "open".into()), ("capacity", "x".into())]), RUNS_X),
        r("circles/set_facilitator", |f| form(&[("circle_id", f.circle_x.to_string()), ("user_id", f.users[&OtherFacilitator].to_string()), ("assign", "false".into())]), ADMIN),
        r("circles/add_specialist", |f| form(&[("circle_id", f.circle_x.to_string()), ("name", "".into()), ("email", "x".into()), ("kind", "wizard".into())]), DECIDES_X),
        rf("circles/remove_specialist", |_| form(&[("id", "{new}".into())]), DECIDES_X, Fresh::Specialist),
        // ----- Meetings -----
        r("meetings/of_circle", |f| form(&[("circle_id", f.circle_x.to_string())]), INSIDE_X),
        r("meetings/of_coop", |f| form(&[("organisation_id", f.coop_a.to_string())]), FILE_OF_A),
        r("meetings/get", |f| form(&[("id", f.meeting.to_string())]), INSIDE_X),
        r("meetings/save", |f| form(&[("id", "0".into()), ("circle_id", f.circle_x.to_string()), ("title", "".into()), ("date", "soon".into()), ("time", "".into()), ("duration", "0".into()), ("delivery", "online".into())]), RUNS_X),
        rf("meetings/cancel", |_| form(&[("id", "{new}".into())]), RUNS_X, Fresh::Meeting),
        r("meetings/rsvp", |f| form(&[("meeting_id", f.meeting.to_string()), ("answer", "yes".into())]), &[Member, Facilitator]),
        r("meetings/remind", |f| form(&[("meeting_id", f.meeting.to_string()), ("message", "".into())]), RUNS_X),
        r("meetings/feed", |_| vec![], SIGNED_IN),
        r("meetings/new_feed", |_| vec![], SIGNED_IN),
        r("meetings/revoke_feed", |_| vec![], SIGNED_IN),
        r("meetings/my_messages", |_| vec![], SIGNED_IN),
        r("meetings/new_feed_address", |_| vec![], SIGNED_IN),
        // ----- Live sessions -----
        rf("live/start", |_| form(&[("meeting_id", "{new}".into())]), RUNS_X, Fresh::Meeting),
        r("live/of_meeting", |f| form(&[("meeting_id", f.meeting.to_string())]), INSIDE_X),
        // The room itself: those who take part and those who run it (not every onlooker).
        r("live/view", |f| form(&[("session_id", f.live_session.to_string())]), &[Member, Facilitator, Admin]),
        // Someone who may not enter is told the code is unknown, by the field (422), exactly as
        // for a mistyped code: a code cannot be probed.
        r("live/join", |f| form(&[("code", f.live_code.clone())]), &[Member, Facilitator, Admin]),
        r("live/act", |f| form(&[("session_id", f.live_session.to_string()), ("kind", "lower_hand".into())]), &[Member, Facilitator, Admin]),
        // ----- Onboarding -----
        r("onboarding/questionnaire", |_| vec![], SIGNED_IN),
        r("onboarding/start", |_| vec![], SIGNED_IN),
        r("onboarding/mine", |_| vec![], SIGNED_IN),
        r("onboarding/get", |f| form(&[("id", f.draft.to_string())]), &[Fresh, Advisor, Admin]),
        r("onboarding/save", |f| form(&[("id", f.draft.to_string()), ("version", "1".into()), ("intent", "save".into()), ("fields[org_name]", "Typed".into())]), &[Fresh]),
        r("onboarding/submit", |f| form(&[("id", f.draft.to_string())]), &[Fresh]),
        r("onboarding/queue", |_| vec![], STAFF),
        r("onboarding/review", |f| form(&[("id", f.submitted.to_string())]), STAFF),
        r("onboarding/claim", |f| form(&[("id", f.submitted.to_string())]), STAFF),
        r("onboarding/add_contact", |f| form(&[("id", f.submitted.to_string()), ("channel", "carrier-pigeon".into()), ("date", "".into()), ("summary", "".into())]), STAFF),
        r("onboarding/save_summary", |f| form(&[("id", f.submitted.to_string()), ("summary", "x".repeat(20_000))]), STAFF),
        r("onboarding/decide", |f| form(&[("id", f.submitted.to_string()), ("decision", "maybe".into()), ("message", "".into())]), STAFF),
        r("onboarding/propose_circle", |f| form(&[("id", f.submitted.to_string()), ("name", "".into()), ("purpose", "".into())]), STAFF),
        r("onboarding/start_on_behalf", |_| form(&[("org_name", "".into()), ("contact_name", "".into()), ("contact_email", "x".into()), ("channel", "phone".into())]), STAFF),
        r("onboarding/on_behalf", |_| vec![], STAFF),
        r("onboarding/check_claim", |_| form(&[("token", "0".repeat(64))]), SIGNED_IN),
        r("onboarding/claim_link", |_| form(&[("token", "0".repeat(64))]), SIGNED_IN),
        // ----- Co-ops -----
        r("orgs/mine", |_| vec![], SIGNED_IN),
        // A is visible to members (the default): other members and facilitators see its profile.
        r("orgs/profile", |f| form(&[("id", f.coop_a.to_string())]), &[Member, OtherMember, Facilitator, OtherFacilitator, Advisor, Assessor, Admin]),
        r("orgs/update_profile", |f| form(&[("id", f.coop_a.to_string()), ("about", "".into()), ("services", "".into()), ("delivery", "by-owl".into())]), REPRESENTS_A),
        rf("orgs/remove_person", |f| form(&[("id", f.coop_a.to_string()), ("user_id", "{new}".into())]), REPRESENTS_A, Fresh::PersonOfA),
        r("orgs/invite", |f| form(&[("id", f.coop_a.to_string()), ("email", "not-an-address".into())]), REPRESENTS_A),
        r("orgs/check_invite", |_| form(&[("token", "0".repeat(64))]), SIGNED_IN),
        r("orgs/accept_invite", |_| form(&[("token", "0".repeat(64))]), SIGNED_IN),
        // ----- Programmes -----
        r("programmes/get", |f| form(&[("organisation_id", f.coop_a.to_string())]), FILE_OF_A),
        // Advisors read and comment but do not change it; assessors do not see it.
        r("programmes/save_goal", |f| form(&[("organisation_id", f.coop_a.to_string()), ("id", "0".into()), ("title", "".into()), ("issues[no_such_issue]", "on".into()), ("outcome", "".into()), ("circle", "nope".into())]), EDITS_A),
        r("programmes/save_activity", |f| form(&[("organisation_id", f.coop_a.to_string()), ("id", "0".into()), ("goal", "".into()), ("what", "".into()), ("owner", "nobody".into()), ("starts_on", "31/01/2027".into()), ("due_on", "soon".into()), ("status", "finished".into())]), EDITS_A),
        rf("programmes/accept_proposal", |f| form(&[("id", "{new}".into()), ("goal", f.goal_a.to_string()), ("what", "Matrix activity".into()), ("owner", "circle".into())]), EDITS_A, Fresh::Proposal),
        rf("programmes/drop_proposal", |_| form(&[("id", "{new}".into()), ("reason", "Not for us".into())]), EDITS_A, Fresh::Proposal),
        r("programmes/comment", |f| form(&[("organisation_id", f.coop_a.to_string()), ("goal", "nope".into()), ("text", "".into())]), STAFF),
        r("programmes/reminders", |_| form(&[("mode", "sometimes".into())]), SIGNED_IN),
        r("programmes/my_reminders", |_| vec![], SIGNED_IN),
        // ----- Reports -----
        // Read by those who read A's programme, written by those who change it, reviewed by staff.
        r("reports/of_coop", |f| form(&[("organisation_id", f.coop_a.to_string())]), FILE_OF_A),
        r("reports/get", |f| form(&[("id", f.report_a.to_string())]), FILE_OF_A),
        r("reports/start", |f| form(&[("organisation_id", f.coop_a.to_string()), ("template", "weekly".into()), ("goal", "".into())]), EDITS_A),
        // A page for another template version, with an answer too long: saves nothing.
        r("reports/save", |f| form(&[("id", f.report_a.to_string()), ("version", "0".into()), ("fields[learned]", "x".repeat(5001)), ("intent", "save".into()), ("revision", "0".into()), ("writer", "matrix".into())]), EDITS_A),
        // Nothing answered: the checks refuse it.
        r("reports/submit", |f| form(&[("id", f.report_a.to_string())]), EDITS_A),
        r("reports/queue", |_| vec![], STAFF),
        // A section the template does not have (400, past the access check) and no words: no
        // value the hostile test puts in either one alone makes a comment that is stored.
        r("reports/comment", |f| form(&[("id", f.report_a_sent.to_string()), ("section", "no_such_section".into()), ("text", "".into())]), STAFF),
        // Those who see inside the meeting's circle learn which co-ops they may report for.
        r("reports/session_starts", |f| form(&[("meeting_id", f.meeting.to_string())]), INSIDE_X),
        // The fixture's session is still open: allowed callers are told there is nothing to
        // report on yet (422), nothing stored.
        r("reports/start_from_session", |f| form(&[("meeting_id", f.meeting.to_string()), ("organisation_id", f.coop_a.to_string())]), EDITS_A),
        r("reports/templates", |_| vec![], ADMIN),
        r("reports/publish_template", |_| form(&[("key", "progress".into()), ("content", "{ not json".into())]), ADMIN),
        // ----- Portfolios -----
        // Read by those who read A's programme; curated and exported by A's representative.
        r("portfolio/get", |f| form(&[("organisation_id", f.coop_a.to_string())]), FILE_OF_A),
        r("portfolio/save", |f| form(&[("organisation_id", f.coop_a.to_string()), ("fields[statement-9999999]", "x".into())]), REPRESENTS_A),
        r("portfolio/export", |f| form(&[("organisation_id", f.coop_a.to_string())]), REPRESENTS_A),
        r("portfolio/get_export", |f| form(&[("id", f.export_a.to_string())]), FILE_OF_A),
        r("portfolio/submit", |f| form(&[("organisation_id", f.coop_a.to_string())]), REPRESENTS_A),
        r("portfolio/version", |f| form(&[("organisation_id", f.coop_a.to_string()), ("number", "1".into())]), FILE_OF_A),
        r("portfolio/share", |f| form(&[("organisation_id", f.coop_a.to_string()), ("number", "1".into()), ("reader", "".into()), ("email", "nope".into()), ("days", "365".into())]), REPRESENTS_A),
        // A share link opens its version for whoever holds it, signed in or not.
        r("portfolio/shared", |_| form(&[("token", SHARE_TOKEN.into())]), EVERYONE),
        // Withdrawn last: after this the link opens nothing.
        r("portfolio/export_version", |f| form(&[("organisation_id", f.coop_a.to_string()), ("number", "1".into())]), REPRESENTS_A),
        r("portfolio/get_export", |f| form(&[("id", f.record_a.to_string())]), THEIRS_ONLY),
        r("record/get", |_| form(&[]), SIGNED_IN),
        r("record/export", |_| form(&[]), SIGNED_IN),
        r("portfolio/revoke", |f| form(&[("id", f.share_a.to_string())]), REPRESENTS_A),
        r("reports/decide", |f| form(&[("id", f.report_a_sent.to_string()), ("decision", "maybe".into()), ("reason", "".into()), ("follow_up_on", "".into())]), STAFF),
    ]
}

/// The database as text, table by table, leaving out what any request may touch: sessions
/// (each request notes when it was last seen), sign-in attempts and throttles, form flashes.
async fn fingerprint(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    let pool = &app.state.db.pool;
    let postgres = app.database_url.starts_with("postgres");
    let tables: Vec<(String,)> = if postgres {
        sqlx::query_as("SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
            .fetch_all(pool)
            .await
            .unwrap()
    } else {
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")
            .fetch_all(pool)
            .await
            .unwrap()
    };
    let kept: Vec<&str> = tables
        .iter()
        .map(|(t,)| t.as_str())
        .filter(|t| !(["sessions", "form_flashes", "_sqlx_migrations"].contains(t) || t.contains("attempt") || t.contains("throttle") || t.contains("limit")))
        .collect();
    common::world::rows_of(app, &kept).await
}

/// A new session for `who`, straight into the database (signing in 700 times would only test
/// argon2), and a client that carries it.
async fn client_for(app: &TestApp, fx: &Fixture, who: Who) -> Client {
    let Some(user) = fx.users.get(&who) else {
        return browser();
    };
    let (token, hash) = app::accounts::session::new_token();
    let t = app::time::now();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
        .bind(hash)
        .bind(user)
        .bind(t)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(COOKIE, format!("cc_session={token}").parse().unwrap());
    Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn post(app: &TestApp, client: &Client, path: &str, body: String) -> (u16, String) {
    let response = client
        .post(app.url(&format!("/api/{path}")))
        .header(ORIGIN, &app.base)
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

async fn id(app: &TestApp, sql: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(sql)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    id
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    id(app, &format!("SELECT id FROM users WHERE email = '{email}'")).await
}

async fn fixture(app: &TestApp) -> Fixture {
    server::demo::seed(&app.state.db).await.unwrap();
    app.person("fresh@example.coop", &[]).await;
    app.person("bystander@example.coop", &[]).await;
    let mut users = BTreeMap::new();
    users.insert(Fresh, user_id(app, "fresh@example.coop").await);
    users.insert(Member, user_id(app, "member@demo.coop").await);
    users.insert(Facilitator, user_id(app, "facilitator@demo.coop").await);
    users.insert(Advisor, user_id(app, "advisor@demo.coop").await);
    users.insert(Assessor, user_id(app, "assessor@demo.coop").await);
    users.insert(Admin, user_id(app, "admin@demo.coop").await);
    let coop_a = id(app, &format!("SELECT organisation_id FROM organisation_people WHERE user_id = {} AND is_representative = 1 ORDER BY 1 LIMIT 1", users[&Member])).await;
    let circle_x = id(app, &format!(
        "SELECT co.circle_id FROM circle_organisations co JOIN circle_facilitators f ON f.circle_id = co.circle_id \
         WHERE co.organisation_id = {coop_a} AND f.user_id = {} ORDER BY 1 LIMIT 1",
        users[&Facilitator]
    ))
    .await;
    // The other member's co-op is not in X.
    let other_member = id(app, &format!(
        "SELECT p.user_id FROM organisation_people p JOIN user_roles r ON r.user_id = p.user_id AND r.role = 'member' \
         WHERE p.organisation_id NOT IN (SELECT organisation_id FROM circle_organisations WHERE circle_id = {circle_x}) \
         AND p.user_id NOT IN (SELECT user_id FROM user_roles WHERE role <> 'member') ORDER BY 1 LIMIT 1"
    ))
    .await;
    users.insert(OtherMember, other_member);
    let circle_y = id(app, &format!(
        "SELECT c.id FROM circles c WHERE c.status IN ('open', 'forming') AND c.id NOT IN \
         (SELECT circle_id FROM circle_organisations WHERE organisation_id = {coop_a}) \
         AND c.capacity > (SELECT COUNT(*) FROM circle_organisations co WHERE co.circle_id = c.id) ORDER BY 1 LIMIT 1"
    ))
    .await;
    // A facilitator of another circle, one that co-op A is not in (so A's file is not theirs).
    app.person("facilitator3@example.coop", &[app::accounts::Role::Facilitator]).await;
    let other_facilitator = user_id(app, "facilitator3@example.coop").await;
    app::circles::store::add_facilitator(&app.state.db, circle_y, other_facilitator).await.unwrap();
    users.insert(OtherFacilitator, other_facilitator);
    let admin = client_for(app, &Fixture::empty(users.clone()), Admin).await;
    let meeting = new_meeting(app, &admin, circle_x).await;
    let (status, body) = post(app, &admin, "live/start", serde_urlencoded::to_string([("meeting_id", meeting.to_string())]).unwrap()).await;
    assert_eq!(status, 200, "{body}");
    let live_session = id(app, &format!("SELECT id FROM live_sessions WHERE meeting_id = {meeting}")).await;
    let (live_code,): (String,) = sqlx::query_as("SELECT code FROM live_sessions WHERE id = $1")
        .bind(live_session)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let fresh = client_for(app, &Fixture::empty(users.clone()), Fresh).await;
    let (status, body) = post(app, &fresh, "onboarding/start", String::new()).await;
    assert_eq!(status, 200, "{body}");
    let draft = id(app, &format!("SELECT id FROM applications WHERE applicant_id = {}", users[&Fresh])).await;
    let submitted = id(app, "SELECT id FROM applications WHERE status = 'submitted' ORDER BY id LIMIT 1").await;
    let bystander = user_id(app, "bystander@example.coop").await;
    // Someone else's session: the bystander's, who is none of the callers.
    let mut with_bystander = users.clone();
    with_bystander.insert(Visitor, bystander);
    client_for(app, &Fixture::empty(with_bystander), Visitor).await;
    let others_session = id(app, &format!("SELECT MAX(id) FROM sessions WHERE user_id = {bystander}")).await;
    let goal = app::programmes::check::GoalInput {
        title: "Matrix goal".into(),
        issues: Vec::new(),
        outcome: "Something better".into(),
        measure: String::new(),
        circle_id: None,
    };
    let goal_a = app::programmes::store::save_goal(&app.state.db, coop_a, 0, &goal, users[&Admin]).await.unwrap();
    let progress = app::reports::store::latest(&app.state.db, app::reports::template::PROGRESS).await.unwrap().unwrap();
    let report_a = app::reports::store::create(&app.state.db, coop_a, None, progress.id, "Matrix report", Some(users[&Member]), None).await.unwrap();
    let report_a_sent = app::reports::store::create(&app.state.db, coop_a, Some(goal_a), progress.id, "Matrix report, sent", Some(users[&Member]), None).await.unwrap();
    let answers: BTreeMap<String, String> = [("summary", "We met."), ("standing", "on_track")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    app::reports::store::save_answers(&app.state.db, report_a_sent, &answers, None, "").await.unwrap();
    let sent = app::reports::store::change_status(&app.state.db, report_a_sent, &[app::reports::DRAFT], app::reports::SUBMITTED, users[&Member], "", None).await.unwrap();
    assert!(sent);
    use app::portfolio::store::Subject;
    let export_a = app::portfolio::store::queue_export(&app.state.db, Subject::Coop(coop_a), users[&Member], "en", app::portfolio::export::EXPORT).await.unwrap();
    let record_a = app::portfolio::store::queue_export(&app.state.db, Subject::Person(users[&Member]), users[&Member], "en", app::portfolio::export::EXPORT).await.unwrap();
    let frozen = serde_json::to_string(&app::portfolio::document::Portfolio::default()).unwrap();
    assert_eq!(app::portfolio::store::submit_snapshot(&app.state.db, coop_a, &frozen, users[&Member]).await.unwrap(), 1);
    let (snapshot,): (i64,) = sqlx::query_as("SELECT id FROM portfolio_snapshots WHERE organisation_id = $1").bind(coop_a).fetch_one(&app.state.db.pool).await.unwrap();
    let share_a = app::portfolio::store::create_share(&app.state.db, snapshot, "Ash Assessor", "ash@assess.coop", users[&Member], i64::MAX / 2).await.unwrap();
    sqlx::query("UPDATE portfolio_shares SET token_hash = $1 WHERE id = $2")
        .bind(app::accounts::session::hash_token(SHARE_TOKEN))
        .bind(share_a)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    Fixture { users, coop_a, circle_x, circle_y, meeting, live_session, live_code, draft, submitted, others_session, bystander, goal_a, report_a, report_a_sent, export_a, record_a, share_a }
}

impl Fixture {
    fn empty(users: BTreeMap<Who, i64>) -> Fixture {
        Fixture { users, coop_a: 0, circle_x: 0, circle_y: 0, meeting: 0, live_session: 0, live_code: String::new(), draft: 0, submitted: 0, others_session: 0, bystander: 0, goal_a: 0, report_a: 0, report_a_sent: 0, export_a: 0, record_a: 0, share_a: 0 }
    }
}

async fn new_meeting(app: &TestApp, admin: &Client, circle: i64) -> i64 {
    use chrono::Datelike;
    let date = format!("{}-07-01", chrono::Utc::now().year() + 1);
    let body = serde_urlencoded::to_string([
        ("id", "0".to_string()),
        ("circle_id", circle.to_string()),
        ("title", "Matrix meeting".into()),
        ("date", date),
        ("time", "18:30".into()),
        ("duration", "60".into()),
        ("delivery", "online".into()),
        ("location", "https://meet.example.coop/x".into()),
        ("agenda", "Check-in | 10".into()),
    ])
    .unwrap();
    let (status, body) = post(app, admin, "meetings/save", body).await;
    assert_eq!(status, 200, "{body}");
    id(app, "SELECT MAX(id) FROM meetings").await
}

/// A record for a call that uses one up; its id replaces `{new}`.
async fn fresh(app: &TestApp, fx: &Fixture, kind: Fresh) -> i64 {
    let db = &app.state.db.pool;
    let t = app::time::now();
    match kind {
        Fresh::Specialist => {
            sqlx::query("INSERT INTO circle_specialists (circle_id, name, email, kind, created_at) VALUES ($1, 'Spec', 'spec@example.org', 'adviser', $2)")
                .bind(fx.circle_x).bind(t).execute(db).await.unwrap();
            id(app, "SELECT MAX(id) FROM circle_specialists").await
        }
        Fresh::JoinRequest => {
            // A co-op not yet in X asks to join it.
            let org = id(app, &format!("SELECT MIN(id) FROM organisations WHERE id NOT IN (SELECT organisation_id FROM circle_organisations WHERE circle_id = {})", fx.circle_x)).await;
            sqlx::query("DELETE FROM join_requests WHERE circle_id = $1 AND organisation_id = $2").bind(fx.circle_x).bind(org).execute(db).await.unwrap();
            app::circles::store::create_request(&app.state.db, fx.circle_x, org, fx.users[&Admin], "please").await.unwrap()
        }
        Fresh::Meeting => {
            let admin = client_for(app, fx, Admin).await;
            new_meeting(app, &admin, fx.circle_x).await
        }
        Fresh::PersonOfA => {
            let email = format!("person{}@example.coop", id(app, "SELECT COALESCE(MAX(id), 0) + 1 FROM users").await);
            app::accounts::store::create_user(&app.state.db, "Person", &email, "x", Default::default()).await.unwrap();
            let person = user_id(app, &email).await;
            app::organisations::store::join(&app.state.db, fx.coop_a, person, false).await.unwrap();
            person
        }
        Fresh::RoleOfBystander => {
            app::accounts::store::grant_role(&app.state.db, fx.bystander, app::accounts::Role::Assessor, None).await.unwrap();
            fx.bystander
        }
        Fresh::Proposal => {
            app::live::store::record_action(&app.state.db, fx.coop_a, fx.meeting, "Matrix proposal", "", "").await.unwrap();
            id(app, "SELECT MAX(id) FROM organisation_actions").await
        }
    }
}

fn body_of(args: &Form, new: Option<i64>) -> String {
    let args: Form = args
        .iter()
        .map(|(k, v)| (k.clone(), new.map(|n| v.replace("{new}", &n.to_string())).unwrap_or_else(|| v.clone())))
        .collect();
    serde_urlencoded::to_string(&args).unwrap()
}

on_both_databases!(every_server_function_as_every_caller, |app: TestApp| async move {
    let fx = fixture(&app).await;
    let rows = rows();
    // Every registered server function has a row, and every row a function.
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let tabled: BTreeSet<String> = rows.iter().map(|r| r.path.to_string()).collect();
    let missing: Vec<_> = registered.difference(&tabled).collect();
    assert!(missing.is_empty(), "server functions with no row in the access matrix: {missing:?}");
    let gone: Vec<_> = tabled.difference(&registered).collect();
    assert!(gone.is_empty(), "rows for server functions that no longer exist: {gone:?}");

    let mut wrong = Vec::new();
    let mut before = fingerprint(&app).await;
    for row in &rows {
        let args = (row.args)(&fx);
        for who in EVERYONE {
            let new = match row.fresh {
                Some(kind) => Some(fresh(&app, &fx, kind).await),
                None => None,
            };
            if new.is_some() {
                before = fingerprint(&app).await;
            }
            let client = client_for(&app, &fx, *who).await;
            let (status, body) = post(&app, &client, row.path, body_of(&args, new)).await;
            let allowed = row.allowed.contains(who);
            let refused = matches!(status, 401 | 403 | 404)
                || (row.path == "live/join" && status == 422 && body.contains("ErrLiveCodeUnknown"));
            // (A 400 is the function refusing the values, past the access check: arguments
            // that do not fit the function at all show up as 400s for refused callers too.)
            assert!(status < 500, "{} as {who:?}: {status} {body}", row.path);
            if allowed == refused {
                wrong.push(format!("{} as {who:?}: expected {}, got {status} {body}", row.path, if allowed { "allowed" } else { "refused" }));
            }
            if refused {
                // A visitor is asked to sign in; others are told no, or that it is not there.
                if *who == Visitor && !allowed && status != 422 {
                    assert_eq!(status, 401, "{} as a visitor", row.path);
                }
                let after = fingerprint(&app).await;
                if after != before {
                    let changed: Vec<_> = after.keys().filter(|t| after.get(*t) != before.get(*t)).collect();
                    wrong.push(format!("{} as {who:?} was refused ({status}) but changed {changed:?}", row.path));
                }
                before = after;
            } else {
                before = fingerprint(&app).await;
            }
        }
    }
    assert!(wrong.is_empty(), "the access matrix disagrees:\n{}", wrong.join("\n"));
});

on_both_databases!(plain_routes_as_every_caller, |app: TestApp| async move {
    let fx = fixture(&app).await;
    let routes: Vec<(String, &[Who])> = vec![
        (format!("/meetings/{}/calendar.ics", fx.meeting), &[Member, Facilitator, Advisor, Assessor, Admin]),
        // The QR code holds only the room's address, which itself asks who you are.
        (format!("/live/{}/qr.svg", fx.live_session), EVERYONE),
    ];
    // A report's evidence: attached by those who edit co-op A's programme (the upload answers
    // with a redirect to the report), read by those who see its file.
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    let (version,): (i64,) = sqlx::query_as("SELECT template_id FROM reports WHERE id = $1").bind(fx.report_a).fetch_one(&app.state.db.pool).await.unwrap();
    for who in EVERYONE {
        let client = client_for(&app, &fx, *who).await;
        let form = reqwest::multipart::Form::new()
            .text("id", fx.report_a.to_string())
            .text("version", version.to_string())
            .part("evidence[evidence]", reqwest::multipart::Part::bytes(pdf.clone()).file_name("matrix.pdf"));
        let status = client.post(app.url(&format!("/reports/{}/evidence", fx.report_a))).multipart(form).send().await.unwrap().status().as_u16();
        assert_eq!(status == 303, EDITS_A.contains(who), "upload as {who:?}: {status}");
        if status != 303 {
            assert!(matches!(status, 401 | 403 | 404), "upload as {who:?}: {status}");
        }
    }
    let (file,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM evidence_files WHERE report_id = $1").bind(fx.report_a).fetch_one(&app.state.db.pool).await.unwrap();
    // A's portfolio export, once the job has built it: downloaded by those who read A's file.
    app::jobs::run_due(&app.state).await.unwrap();
    let (status,): (String,) = sqlx::query_as("SELECT status FROM portfolio_exports WHERE id = $1").bind(fx.export_a).fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(status, "done");
    let routes = [routes, vec![(format!("/evidence/{file}"), FILE_OF_A), (format!("/portfolio/exports/{}/download", fx.export_a), FILE_OF_A),
        // A person's own record: theirs only, not even their co-op's staff or an admin.
        (format!("/portfolio/exports/{}/download", fx.record_a), THEIRS_ONLY),
        // The frozen version names no file with this id: nothing, for anyone.
        (format!("/shared/evidence/999999?token={SHARE_TOKEN}"), NOBODY)]].concat();
    for (path, allowed) in routes {
        for who in EVERYONE {
            let client = client_for(&app, &fx, *who).await;
            let status = client.get(app.url(&path)).send().await.unwrap().status().as_u16();
            let ok = (200..300).contains(&status);
            assert_eq!(ok, allowed.contains(who), "{path} as {who:?}: {status}");
            if !ok {
                assert!(matches!(status, 401 | 403 | 404), "{path} as {who:?}: {status}");
            }
        }
    }
});

/// Values no form would send, for every argument of every row.
fn hostile_values() -> Vec<String> {
    vec![
        String::new(),
        "-1".into(),
        "9223372036854775807".into(),
        "99999999999999999999999".into(),
        "1.5".into(),
        "true".into(),
        "<script>alert(1)</script>".into(),
        "</textarea><h1>x</h1>".into(),
        "'; DROP TABLE users; --".into(),
        "\u{202e}\u{0000}\u{200b}\u{feff}".into(),
        "%00%ff".into(),
        "x".repeat(200_000),
    ]
}

on_both_databases!(hostile_input_to_every_server_function_is_refused_and_stores_nothing, |app: TestApp| async move {
    let fx = fixture(&app).await;
    let admin = client_for(&app, &fx, Admin).await;
    let before = fingerprint(&app).await;
    let mut faults = Vec::new();
    let mut stored = Vec::new();
    for row in rows() {
        // Calls that succeed with good values may change things; here every call carries at
        // least one bad value, and the functions that take no arguments get junk bodies.
        let args = (row.args)(&fx);
        let mut bodies: Vec<String> = vec!["%%%".into(), "=&=&".into(), "a[=1".into(), "\u{0}".into()];
        for (i, _) in args.iter().enumerate() {
            for value in hostile_values() {
                let mut bad = args.clone();
                bad[i].1 = value;
                bodies.push(serde_urlencoded::to_string(&bad).unwrap());
            }
            // The argument left out altogether.
            let mut missing = args.clone();
            missing.remove(i);
            bodies.push(serde_urlencoded::to_string(&missing).unwrap());
        }
        for body in bodies {
            // As the admin, who passes most checks, so the values reach the code behind them.
            let (status, text) = post(&app, &admin, row.path, body.clone()).await;
            if status >= 500 {
                faults.push(format!("{}: {status} for {}: {}", row.path, body.chars().take(80).collect::<String>(), text.chars().take(200).collect::<String>()));
            }
        }
        let after = fingerprint(&app).await;
        let changed: Vec<String> = after
            .iter()
            .filter(|(t, rows)| before.get(*t) != Some(rows))
            .flat_map(|(t, rows)| {
                let old = before.get(t).cloned().unwrap_or_default();
                rows.iter()
                    .filter(move |r| !old.contains(r))
                    .filter(|r| r.contains("<script>") || r.contains("DROP TABLE") || r.contains("</textarea>") || r.contains("\u{202e}"))
                    .map(move |r| format!("{t}: {}", r.chars().take(120).collect::<String>()))
                    .collect::<Vec<_>>()
            })
            .collect();
        if !changed.is_empty() {
            stored.push(format!("{}: {changed:?}", row.path));
        }
    }
    assert!(faults.is_empty(), "hostile input caused faults:\n{}", faults.join("\n"));
    assert!(stored.is_empty(), "hostile values were stored:\n{}", stored.join("\n"));
});
