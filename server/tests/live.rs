//! Live sessions through the real server: sockets that drop and resume, facilitator commands
//! refused to others, a restart mid-session, and (on PostgreSQL) two server instances serving
//! one session.

mod common;

use app::accounts::Role;
use app::error::AppError;
use app::i18n::T;
use app::live::Envelope;
use app::live::api::LiveSnapshot;
use common::{PASSWORD, TestApp, browser};
use futures_util::StreamExt;
use reqwest::Client;
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The session cookie of a fresh sign-in (for the socket, which a reqwest client cannot open).
async fn cookie(app: &TestApp, email: &str) -> String {
    let client = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = app
        .call_raw(&client, "accounts/sign_in", &[("email", email), ("password", PASSWORD), ("next", "/")])
        .await;
    let set = response.headers().get_all("set-cookie").iter().find_map(|v| {
        let v = v.to_str().ok()?;
        v.contains("cc_session=").then(|| v.split(';').next().unwrap().to_string())
    });
    set.expect("a session cookie")
}

async fn connect(app: &TestApp, cookie: &str, session: i64, after: i64, origin: Option<&str>) -> Result<Socket, tungstenite::Error> {
    let url = format!("{}/live/{session}/socket?after={after}", app.base.replace("http://", "ws://"));
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert("cookie", cookie.parse().unwrap());
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request).await.map(|(ws, _)| ws)
}

/// Read batches until the socket has delivered `until` (or time runs out); return the events.
async fn read_until(ws: &mut Socket, until: i64) -> Vec<Envelope> {
    let mut got: Vec<Envelope> = Vec::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while got.last().map(|e| e.seq).unwrap_or(0) < until {
        let message = tokio::time::timeout_at(deadline, ws.next()).await.expect("events in time").unwrap().unwrap();
        if let tungstenite::Message::Text(text) = message {
            let batch: serde_json::Value = serde_json::from_str(&text).unwrap();
            let events: Vec<Envelope> = serde_json::from_value(batch["events"].clone()).unwrap();
            got.extend(events);
        }
    }
    got
}

fn seqs(events: &[Envelope]) -> Vec<i64> {
    events.iter().map(|e| e.seq).collect()
}

struct Setup {
    session: i64,
    facilitator: Client,
    ada: Client,
    bea: Client,
    org: i64,
}

/// A circle with two co-ops' people, a meeting, and its live session started.
async fn setup(app: &TestApp) -> Setup {
    let facilitator = app.person("priya@facilitate.coop", &[Role::Facilitator]).await;
    let path: String = app
        .call(&facilitator, "circles/save", &[("id", "0"), ("name", "Induction"), ("theme", "people"), ("delivery", "online"), ("status", "open"), ("capacity", "8")])
        .await
        .unwrap();
    let circle: i64 = path.trim_start_matches("/circles/").trim_end_matches("?done=saved").parse().unwrap();
    let ada = app.person("ada@one.coop", &[Role::Member]).await;
    let bea = app.person("bea@two.coop", &[Role::Member]).await;
    let mut org = 0;
    for (name, email) in [("One Co-op", "ada@one.coop"), ("Two Co-op", "bea@two.coop")] {
        let (id,): (i64,) = sqlx::query_as("INSERT INTO organisations (name, legal_form, sector, nation, region, created_at) VALUES ($1, 'worker', 'food', 'england', 'London', 0) RETURNING id")
            .bind(name).fetch_one(&app.state.db.pool).await.unwrap();
        sqlx::query("INSERT INTO organisation_people (organisation_id, user_id, is_representative) SELECT $1, id, 1 FROM users WHERE email = $2")
            .bind(id).bind(email).execute(&app.state.db.pool).await.unwrap();
        sqlx::query("INSERT INTO circle_organisations (circle_id, organisation_id, joined_at) VALUES ($1, $2, 0)")
            .bind(circle).bind(id).execute(&app.state.db.pool).await.unwrap();
        org = if org == 0 { id } else { org };
    }
    let path: String = app
        .call(&facilitator, "meetings/save", &[
            ("id", "0"), ("circle_id", &circle.to_string()), ("title", "Session 1"), ("date", "2030-07-01"), ("time", "18:30"),
            ("duration", "90"), ("delivery", "online"), ("location", "https://meet.example/x"), ("agenda", "Check-in | 10\nInduction | 40"),
        ])
        .await
        .unwrap();
    let meeting = path.trim_start_matches("/meetings/").trim_end_matches("?done=saved").to_string();
    let path: String = app.call(&facilitator, "live/start", &[("meeting_id", &meeting)]).await.unwrap();
    let session: i64 = path.trim_start_matches("/live/").parse().unwrap();
    Setup { session, facilitator, ada, bea, org }
}

async fn act(app: &TestApp, client: &Client, session: i64, kind: &str, fields: &[(&str, &str)]) -> Result<(), AppError> {
    let s = session.to_string();
    let mut form = vec![("session_id", s.as_str()), ("kind", kind)];
    form.extend_from_slice(fields);
    app.call(client, "live/act", &form).await
}

on_both_databases!(
    a_dropped_phone_resumes_with_nothing_lost_or_doubled,
    |app: TestApp| async move {
        let s = setup(&app).await;
        act(&app, &s.ada, s.session, "check_in", &[]).await.unwrap();
        act(&app, &s.bea, s.session, "check_in", &[]).await.unwrap();
        let ada_cookie = cookie(&app, "ada@one.coop").await;
        let bea_cookie = cookie(&app, "bea@two.coop").await;
        let mut ada_ws = connect(&app, &ada_cookie, s.session, 0, None).await.unwrap();
        let mut bea_ws = connect(&app, &bea_cookie, s.session, 0, None).await.unwrap();
        let first = read_until(&mut ada_ws, 3).await;
        assert_eq!(seqs(&first), vec![1, 2, 3], "a late joiner gets everything so far");
        let bea_before = read_until(&mut bea_ws, 3).await;

        // Bea's phone drops; the session goes on.
        drop(bea_ws);
        act(&app, &s.facilitator, s.session, "start_item", &[("a", "0")]).await.unwrap();
        act(&app, &s.ada, s.session, "raise_hand", &[]).await.unwrap();
        act(&app, &s.facilitator, s.session, "open_poll", &[("a", "Ready to move on?"), ("b", "thumbs"), ("flag", "on")]).await.unwrap();
        act(&app, &s.ada, s.session, "vote", &[("a", "0"), ("b", "0")]).await.unwrap();
        act(&app, &s.facilitator, s.session, "reveal_poll", &[("a", "0")]).await.unwrap();
        let ada_live = read_until(&mut ada_ws, 8).await;
        assert_eq!(seqs(&ada_live), vec![4, 5, 6, 7, 8], "live, in order, once each");

        // Back online: she resumes from the last event she saw.
        let mut bea_ws = connect(&app, &bea_cookie, s.session, 3, None).await.unwrap();
        let bea_after = read_until(&mut bea_ws, 8).await;
        assert_eq!(seqs(&bea_after), vec![4, 5, 6, 7, 8]);
        // Her fold matches the server's: same current item, queue and revealed tally.
        let mut all = bea_before.clone();
        all.extend(bea_after);
        let hers = app::live::SessionState::replay(&all).unwrap();
        let server = app.state.live.session(&app.state.db, s.session).await.unwrap().state.lock().await.clone();
        assert_eq!((hers.current, hers.queue.clone(), hers.polls[0].tally.clone()), (server.current, server.queue.clone(), server.polls[0].tally.clone()));
        assert_eq!(hers.polls[0].tally, vec![1, 0, 0]);
        // Ada's choice reached Bea only as "someone voted".
        let vote = all.iter().find(|e| e.seq == 7).unwrap();
        assert!(matches!(&vote.event, app::live::Event::Voted { person: 0, choices, .. } if choices.is_empty()), "{vote:?}");
    }
);

on_both_databases!(
    only_facilitators_run_the_session_and_only_its_people_see_it,
    |app: TestApp| async move {
        let s = setup(&app).await;
        act(&app, &s.ada, s.session, "check_in", &[]).await.unwrap();
        let before = app.count("SELECT COUNT(*) FROM live_events").await;
        for (kind, fields) in [("start_item", vec![("a", "0")]), ("reveal_poll", vec![("a", "0")]), ("close", vec![]), ("call_speaker", vec![("a", "1")])] {
            let err = act(&app, &s.ada, s.session, kind, &fields).await.unwrap_err();
            assert_eq!(err.for_field("live"), Some(T::ErrLiveFacilitatorOnly), "{kind}");
        }
        assert_eq!(act(&app, &s.ada, s.session, "launch_rockets", &[]).await.unwrap_err(), AppError::BadRequest);
        assert_eq!(app.count("SELECT COUNT(*) FROM live_events").await, before, "nothing stored");

        let outsider = app.person("eve@elsewhere.coop", &[Role::Member]).await;
        assert_eq!(app.call::<LiveSnapshot>(&outsider, "live/view", &[("session_id", &s.session.to_string())]).await.unwrap_err(), AppError::NotFound);
        assert_eq!(act(&app, &outsider, s.session, "check_in", &[]).await.unwrap_err(), AppError::NotFound);
        let eve = cookie(&app, "eve@elsewhere.coop").await;
        assert!(connect(&app, &eve, s.session, 0, None).await.is_err(), "outsider's socket refused");
        let ada = cookie(&app, "ada@one.coop").await;
        assert!(connect(&app, &ada, s.session, 0, Some("http://evil.example")).await.is_err(), "another site's socket refused");
        assert!(connect(&app, "cc_session=nothing", s.session, 0, None).await.is_err(), "signed out");
        assert_eq!(app.call::<LiveSnapshot>(&browser(), "live/view", &[("session_id", &s.session.to_string())]).await.unwrap_err(), AppError::SignInRequired);

        // Joining by the code shown to the room.
        let snapshot: LiveSnapshot = app.call(&s.bea, "live/view", &[("session_id", &s.session.to_string())]).await.unwrap();
        assert!(!snapshot.facilitator);
        let path: String = app.call(&s.bea, "live/join", &[("code", &snapshot.code.to_lowercase())]).await.unwrap();
        assert_eq!(path, format!("/live/{}", s.session));
        let err = app.call::<String>(&s.bea, "live/join", &[("code", "ZZZZZZ")]).await.unwrap_err();
        assert_eq!(err.for_field("code"), Some(T::ErrLiveCodeUnknown));
    }
);

on_both_databases!(
    a_restart_mid_session_loses_nothing_and_closing_keeps_the_record,
    |app: TestApp| async move {
        let s = setup(&app).await;
        act(&app, &s.ada, s.session, "check_in", &[]).await.unwrap();
        act(&app, &s.facilitator, s.session, "check_in_person", &[("a", "Jan by phone"), ("b", "phone")]).await.unwrap();
        act(&app, &s.facilitator, s.session, "start_item", &[("a", "1")]).await.unwrap();
        let before = app.state.live.session(&app.state.db, s.session).await.unwrap().state.lock().await.clone();

        // A new server process on the same database: nothing in memory.
        let restarted = app.another_instance().await;
        let facilitator = browser();
        restarted.sign_in(&facilitator, "priya@facilitate.coop", PASSWORD).await.unwrap();
        let snapshot: LiveSnapshot = restarted.call(&facilitator, "live/view", &[("session_id", &s.session.to_string())]).await.unwrap();
        assert_eq!(app::live::SessionState::replay(&snapshot.events).unwrap(), before);
        let org = s.org.to_string();
        act(&restarted, &facilitator, s.session, "capture_action", &[("a", "Rewrite the induction pack"), ("b", &org), ("c", "Ada"), ("d", "2030-08-01")]).await.unwrap();
        act(&restarted, &facilitator, s.session, "write_note", &[("a", "1"), ("b", "Two co-ops shared their packs.")]).await.unwrap();
        act(&restarted, &facilitator, s.session, "close", &[]).await.unwrap();
        let err = act(&restarted, &facilitator, s.session, "start_item", &[("a", "0")]).await.unwrap_err();
        assert_eq!(err.for_field("live"), Some(T::ErrLiveInvalid), "closed");
        assert_eq!(app.count("SELECT MAX(seq) FROM live_events").await, 7, "numbers carried on from 4");

        // The action is the co-op's; the summary is on the session.
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM organisation_actions WHERE organisation_id = {org} AND what = 'Rewrite the induction pack'")).await, 1);
        let (status, summary): (String, String) = sqlx::query_as("SELECT status, summary FROM live_sessions").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(status, "closed");
        let summary: app::live::summary::Summary = serde_json::from_str(&summary).unwrap();
        assert_eq!(summary.attendance.len(), 2);
        assert_eq!(summary.notes, vec![("Induction".to_string(), "Two co-ops shared their packs.".to_string())]);
        assert_eq!(summary.actions[0].organisation, "One Co-op");
    }
);

/// Two server instances on one PostgreSQL database, a participant on each: every event, from
/// either instance, reaches both (LISTEN/NOTIFY).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_postgres_serve_one_session() {
    let one = common::spawn(common::Backend::Postgres).await;
    let s = setup(&one).await;
    let two = one.another_instance().await;
    act(&one, &s.ada, s.session, "check_in", &[]).await.unwrap();
    let bea_on_two = browser();
    two.sign_in(&bea_on_two, "bea@two.coop", PASSWORD).await.unwrap();
    act(&two, &bea_on_two, s.session, "check_in", &[]).await.unwrap();

    let mut ada_ws = connect(&one, &cookie(&one, "ada@one.coop").await, s.session, 0, None).await.unwrap();
    let mut bea_ws = connect(&two, &cookie(&two, "bea@two.coop").await, s.session, 0, None).await.unwrap();
    read_until(&mut ada_ws, 3).await;
    read_until(&mut bea_ws, 3).await;
    // Acts alternate between the instances.
    act(&two, &bea_on_two, s.session, "raise_hand", &[]).await.unwrap();
    act(&one, &s.ada, s.session, "raise_hand", &[]).await.unwrap();
    act(&one, &s.facilitator, s.session, "fair_order", &[]).await.unwrap();
    act(&two, &bea_on_two, s.session, "lower_hand", &[]).await.unwrap();
    assert_eq!(seqs(&read_until(&mut ada_ws, 7).await), vec![4, 5, 6, 7]);
    assert_eq!(seqs(&read_until(&mut bea_ws, 7).await), vec![4, 5, 6, 7]);
    let _ = s.bea;
}
