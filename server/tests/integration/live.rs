//! Live sessions through the real server: sockets that drop and resume, facilitator commands
//! refused to others, a restart mid-session, and (on PostgreSQL) two server instances serving
//! one session. Then what a live session must keep to itself: anonymous votes that name nobody
//! (on the socket, in the snapshot, in the summary, in the stored log), acts that change nothing
//! refused, a rate limit per person, and sockets that stop when their viewer's access ends.

use crate::common;

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

/// A date next year (`MM-DD`): never one that has passed.
fn next_year(month_day: &str) -> String {
    use chrono::Datelike;
    format!("{}-{month_day}", chrono::Utc::now().year() + 1)
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
            ("id", "0"), ("circle_id", &circle.to_string()), ("title", "Session 1"), ("date", &next_year("07-01")), ("time", "18:30"),
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
        act(&restarted, &facilitator, s.session, "capture_action", &[("a", "Rewrite the induction pack"), ("b", &org), ("c", "Ada"), ("d", &next_year("08-01"))]).await.unwrap();
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
    act(&one, &s.facilitator, s.session, "start_item", &[("a", "0")]).await.unwrap();
    act(&two, &bea_on_two, s.session, "lower_hand", &[]).await.unwrap();
    assert_eq!(seqs(&read_until(&mut ada_ws, 7).await), vec![4, 5, 6, 7]);
    assert_eq!(seqs(&read_until(&mut bea_ws, 7).await), vec![4, 5, 6, 7]);
    let _ = s.bea;

    // Bea signs out everywhere; the instance that learns it tells the other: her socket there
    // closes as access ended.
    let bea = user_id(&one, "bea@two.coop").await;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(bea).execute(&one.state.db.pool).await.unwrap();
    one.state.live.recheck_user(&one.state.db, bea).await;
    let (got, code) = read_until_closed(&mut bea_ws, std::time::Duration::from_secs(10)).await;
    assert!(got.is_empty() && code == Some(4403), "{got:?} {code:?}");
}


async fn user_id(app: &TestApp, email: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.state.db.pool).await.unwrap();
    id
}

/// What a socket delivers until it closes or `wait` passes: the events, and the close code.
async fn read_until_closed(ws: &mut Socket, wait: std::time::Duration) -> (Vec<Envelope>, Option<u16>) {
    let mut got = Vec::new();
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => return (got, None),
            Ok(None) | Ok(Some(Err(_))) => return (got, Some(0)),
            Ok(Some(Ok(tungstenite::Message::Close(frame)))) => return (got, Some(frame.map(|f| u16::from(f.code)).unwrap_or(0))),
            Ok(Some(Ok(tungstenite::Message::Text(text)))) => {
                let batch: serde_json::Value = serde_json::from_str(&text).unwrap();
                got.extend(serde_json::from_value::<Vec<Envelope>>(batch["events"].clone()).unwrap());
            }
            Ok(Some(Ok(_))) => {}
        }
    }
}

async fn view(app: &TestApp, client: &Client, session: i64) -> LiveSnapshot {
    app.call(client, "live/view", &[("session_id", &session.to_string())]).await.unwrap()
}

async fn stored(app: &TestApp, session: i64) -> Vec<Envelope> {
    app::live::store::events_after(&app.state.db, session, 0).await.unwrap()
}

/// A vote as `viewer` may see it: whole if theirs, else only "a ballot" — for anonymous polls
/// also to facilitators, with the envelope naming nobody.
fn vote_as_seen(env: &Envelope, own: Option<i64>) -> Envelope {
    let app::live::Event::Voted { poll, ballot, choices, .. } = &env.event else { panic!("not a vote: {env:?}") };
    let (person, choices) = match own {
        Some(id) => (id, choices.clone()),
        None => (0, vec![]),
    };
    Envelope { seq: env.seq, at: env.at, actor: 0, event: app::live::Event::Voted { poll: *poll, ballot: *ballot, person, key: String::new(), choices } }
}

on_both_databases!(
    anonymous_votes_name_nobody_to_anyone_anywhere,
    |app: TestApp| async move {
        // RFC 4231, test case 2: the ballot key is a standard HMAC-SHA-256.
        let mut block = [0u8; 64];
        block[..4].copy_from_slice(b"Jefe");
        assert_eq!(hex(&app::live::store::hmac_sha256(&block, b"what do ya want for nothing?")), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

        let s = setup(&app).await;
        let (priya, ada, bea) = (user_id(&app, "priya@facilitate.coop").await, user_id(&app, "ada@one.coop").await, user_id(&app, "bea@two.coop").await);
        act(&app, &s.ada, s.session, "check_in", &[]).await.unwrap();
        act(&app, &s.bea, s.session, "check_in", &[]).await.unwrap();
        act(&app, &s.facilitator, s.session, "check_in", &[]).await.unwrap();
        let mut sockets = Vec::new();
        for (email, id) in [("priya@facilitate.coop", priya), ("ada@one.coop", ada), ("bea@two.coop", bea)] {
            let mut ws = connect(&app, &cookie(&app, email).await, s.session, 0, None).await.unwrap();
            read_until(&mut ws, 4).await;
            sockets.push((id, ws));
        }

        // An anonymous poll: Ada votes, Bea votes, Ada changes her mind.
        act(&app, &s.facilitator, s.session, "open_poll", &[("a", "Ready?"), ("b", "thumbs"), ("flag", "on")]).await.unwrap();
        act(&app, &s.ada, s.session, "vote", &[("a", "0"), ("b", "0")]).await.unwrap();
        act(&app, &s.bea, s.session, "vote", &[("a", "0"), ("b", "2")]).await.unwrap();
        act(&app, &s.ada, s.session, "vote", &[("a", "0"), ("b", "1")]).await.unwrap();
        let (ada_votes, bea_votes) = ([6i64, 8], [7i64]);

        // The stored log names nobody: actor 0, person 0, a key that is no plain hash of an id.
        let log = stored(&app, s.session).await;
        let rows: Vec<(i64, i64, String)> = sqlx::query_as("SELECT seq, actor, payload FROM live_events WHERE session_id = $1 AND seq IN (6, 7, 8) ORDER BY seq")
            .bind(s.session).fetch_all(&app.state.db.pool).await.unwrap();
        assert_eq!(rows.len(), 3);
        let mut keys = Vec::new();
        for (seq, actor, payload) in &rows {
            assert_eq!(*actor, 0, "seq {seq}: the stored actor");
            let json: serde_json::Value = serde_json::from_str(payload).unwrap();
            assert_eq!(json["type"], "voted");
            assert_eq!(json["person"], 0, "seq {seq}: {payload}");
            let key = json["key"].as_str().unwrap().to_string();
            assert_eq!(key.len(), 64);
            for id in [ada, bea] {
                assert_ne!(key, sha256_hex(&id.to_string()), "not an unkeyed hash of the id");
                assert!(!payload.contains(&format!(":{id},")) && !payload.contains(&format!(":{id}}}")), "seq {seq}: {payload}");
            }
            keys.push(key);
        }
        assert_eq!(keys[0], keys[2], "Ada's two votes share her key");
        assert_ne!(keys[0], keys[1]);
        let server = app.state.live.session(&app.state.db, s.session).await.unwrap().state.lock().await.clone();
        assert_eq!(server.polls[0].ballots.len(), 2, "one ballot per person");
        assert!(server.polls[0].ballots.values().all(|b| b.person == 0));
        // The secret is kept apart, for this poll only.
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM live_poll_secrets WHERE session_id = {}", s.session)).await, 1);

        // Every role receives whole envelopes that name nobody but, to a voter, themselves.
        for (id, ws) in sockets.iter_mut() {
            let got = read_until(ws, 8).await;
            assert_eq!(seqs(&got), vec![5, 6, 7, 8]);
            for env in &got[1..] {
                let stored = log.iter().find(|e| e.seq == env.seq).unwrap();
                let own = if (*id == ada && ada_votes.contains(&env.seq)) || (*id == bea && bea_votes.contains(&env.seq)) { Some(*id) } else { None };
                assert_eq!(env, &vote_as_seen(stored, own), "viewer {id}, seq {}", env.seq);
            }
        }
        // So does each one's snapshot of the page.
        for (id, client) in [(priya, &s.facilitator), (ada, &s.ada), (bea, &s.bea)] {
            let snap = view(&app, client, s.session).await;
            for seq in [6i64, 7, 8] {
                let stored = log.iter().find(|e| e.seq == seq).unwrap();
                let own = if (id == ada && ada_votes.contains(&seq)) || (id == bea && bea_votes.contains(&seq)) { Some(id) } else { None };
                assert_eq!(snap.events[(seq - 1) as usize], vote_as_seen(stored, own), "snapshot of {id}, seq {seq}");
            }
            let folded = app::live::SessionState::replay(&snap.events).unwrap();
            assert_eq!(folded.polls[0].ballots.len(), 2, "everyone knows how many voted");
            let mine: Vec<_> = folded.polls[0].ballots.values().filter(|b| b.person != 0).collect();
            match id {
                x if x == ada => assert_eq!(mine.iter().map(|b| (b.person, b.choices.clone())).collect::<Vec<_>>(), vec![(ada, vec![1])]),
                x if x == bea => assert_eq!(mine.iter().map(|b| (b.person, b.choices.clone())).collect::<Vec<_>>(), vec![(bea, vec![2])]),
                _ => assert!(mine.is_empty() && folded.polls[0].ballots.values().all(|b| b.choices.is_empty()), "the facilitator sees no one's vote"),
            }
        }

        // A second anonymous poll has its own secret: Ada's key differs there.
        act(&app, &s.facilitator, s.session, "open_poll", &[("a", "Again?"), ("b", "thumbs"), ("flag", "on")]).await.unwrap();
        act(&app, &s.ada, s.session, "vote", &[("a", "1"), ("b", "0")]).await.unwrap();
        let log = stored(&app, s.session).await;
        let app::live::Event::Voted { key, person: 0, .. } = &log[9].event else { panic!("{:?}", log[9]) };
        assert_ne!(key, &keys[0], "keys are per poll");

        // The reveal carries the tally only, and the poll's secret is gone.
        act(&app, &s.facilitator, s.session, "reveal_poll", &[("a", "0")]).await.unwrap();
        let log = stored(&app, s.session).await;
        assert_eq!(log.last().unwrap().event, app::live::Event::PollRevealed { poll: 0, tally: vec![0, 1, 1], named: vec![] });
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM live_poll_secrets WHERE session_id = {} AND poll = 0", s.session)).await, 0);

        // A named poll: the facilitator sees who voted how as it happens; Bea, only that someone did.
        act(&app, &s.facilitator, s.session, "open_poll", &[("a", "Which day?"), ("b", "single"), ("c", "Monday\nTuesday")]).await.unwrap();
        act(&app, &s.ada, s.session, "vote", &[("a", "2"), ("b", "1")]).await.unwrap();
        let named_vote = stored(&app, s.session).await.last().unwrap().clone();
        assert_eq!((named_vote.actor, &named_vote.event), (ada, &app::live::Event::Voted { poll: 2, ballot: 0, person: ada, key: String::new(), choices: vec![1] }));
        let last = named_vote.seq;
        for (id, ws) in sockets.iter_mut() {
            let got = read_until(ws, last).await;
            let seen = got.last().unwrap();
            if *id == bea {
                assert_eq!(seen, &Envelope { actor: 0, event: app::live::Event::Voted { poll: 2, ballot: 0, person: 0, key: String::new(), choices: vec![] }, ..named_vote.clone() });
            } else {
                assert_eq!(seen, &named_vote, "viewer {id}");
            }
            // The other anonymous poll's vote, on the way, named nobody either.
            let vote = got.iter().find(|e| e.seq == 10).unwrap();
            assert_eq!(vote.actor, 0);
            assert!(matches!(&vote.event, app::live::Event::Voted { person, key, .. } if key.is_empty() && (*person == 0 || (*id == ada && *person == ada))), "{vote:?}");
        }
        act(&app, &s.facilitator, s.session, "reveal_poll", &[("a", "2")]).await.unwrap();
        let snap = view(&app, &s.bea, s.session).await;
        let state = app::live::SessionState::replay(&snap.events).unwrap();
        assert_eq!(state.polls[2].named, vec![("Test Person".to_string(), vec![1])], "named polls show names with the results");

        // The page draws result bars without inline styles (the CSP forbids them).
        let (status, _, html) = app.get(&s.bea, &format!("/live/{}", s.session)).await;
        assert_eq!(status, 200);
        assert!(html.contains("live__bar-chart--5") && html.contains("live__bar-chart--10"), "bars by tenths");
        assert!(!html.contains(" style="), "no inline style on the live page");

        // Closing keeps counts, not voters, and forgets every secret.
        act(&app, &s.facilitator, s.session, "close", &[]).await.unwrap();
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM live_poll_secrets WHERE session_id = {}", s.session)).await, 0);
        let (summary,): (String,) = sqlx::query_as("SELECT summary FROM live_sessions WHERE id = $1").bind(s.session).fetch_one(&app.state.db.pool).await.unwrap();
        assert!(!summary.contains(&keys[0]) && !summary.contains("\"key\""), "{summary}");
        let summary: app::live::summary::Summary = serde_json::from_str(&summary).unwrap();
        assert_eq!(summary.polls[0].tally, vec![0, 1, 1]);
        // Nothing in the whole log names a voter of an anonymous poll.
        for env in stored(&app, s.session).await {
            if let app::live::Event::Voted { poll, person, .. } = &env.event
                && *poll < 2
            {
                assert_eq!((env.actor, *person), (0, 0), "{env:?}");
            }
        }
    }
);

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(text: &str) -> String {
    app::accounts::session::hash_token(text)
}

on_both_databases!(
    acts_that_change_nothing_are_refused_and_not_logged,
    |app: TestApp| async move {
        let s = setup(&app).await;
        act(&app, &s.ada, s.session, "check_in", &[]).await.unwrap();
        act(&app, &s.facilitator, s.session, "start_item", &[("a", "0")]).await.unwrap();
        act(&app, &s.facilitator, s.session, "open_poll", &[("a", "Ready?"), ("b", "thumbs"), ("flag", "on")]).await.unwrap();
        act(&app, &s.ada, s.session, "vote", &[("a", "0"), ("b", "0")]).await.unwrap();
        let before = app.count("SELECT COUNT(*) FROM live_events").await;
        for (client, kind, fields) in [
            (&s.ada, "lower_hand", vec![]),
            (&s.ada, "check_in", vec![]),
            (&s.ada, "vote", vec![("a", "0"), ("b", "0")]),
            (&s.facilitator, "start_item", vec![("a", "0")]),
            (&s.facilitator, "fair_order", vec![]),
            (&s.facilitator, "set_note_taker", vec![]),
        ] {
            let err = act(&app, client, s.session, kind, &fields).await.unwrap_err();
            assert_eq!(err.for_field("live"), Some(T::ErrLiveUnchanged), "{kind}");
        }
        act(&app, &s.facilitator, s.session, "pause_timer", &[]).await.unwrap();
        let err = act(&app, &s.facilitator, s.session, "pause_timer", &[]).await.unwrap_err();
        assert_eq!(err.for_field("live"), Some(T::ErrLiveUnchanged), "paused twice");
        act(&app, &s.ada, s.session, "raise_hand", &[]).await.unwrap();
        let err = act(&app, &s.ada, s.session, "raise_hand", &[]).await.unwrap_err();
        assert_eq!(err.for_field("live"), Some(T::ErrLiveUnchanged), "a hand raised twice");
        assert_eq!(app.count("SELECT COUNT(*) FROM live_events").await, before + 2, "only the two real changes were logged");
    }
);

on_both_databases!(
    a_participant_cannot_flood_the_log,
    |app: TestApp| async move {
        let s = setup(&app).await;
        let bea = user_id(&app, "bea@two.coop").await;
        act(&app, &s.bea, s.session, "check_in", &[]).await.unwrap();
        act(&app, &s.ada, s.session, "check_in", &[]).await.unwrap();
        act(&app, &s.facilitator, s.session, "set_note_taker", &[("a", &bea.to_string())]).await.unwrap();
        // Bea fires 200 notes (each a change) as fast as four connections allow.
        let started = std::time::Instant::now();
        let lanes = (0..4).map(|lane| {
            let (app, client, session) = (&app, &s.bea, s.session);
            async move {
                let mut limited = 0;
                for i in 0..50 {
                    let text = format!("note {lane}.{i}");
                    match act(app, client, session, "write_note", &[("a", "0"), ("b", &text)]).await {
                        Ok(()) => {}
                        Err(AppError::RateLimited { .. }) => limited += 1,
                        Err(e) => panic!("{e:?}"),
                    }
                }
                limited
            }
        });
        let limited: i32 = futures_util::future::join_all(lanes).await.into_iter().sum();
        let elapsed = started.elapsed().as_secs_f64();
        let hers = app.count(&format!("SELECT COUNT(*) FROM live_events WHERE session_id = {} AND actor = {bea}", s.session)).await;
        let allowed = 20.0 + 10.0 * elapsed;
        assert!((hers - 1) as f64 <= allowed + 1.0, "{hers} events in {elapsed:.2}s (allowance {allowed:.0})");
        assert!(limited > 0);
        assert_eq!(200 - limited as i64, hers - 1, "every act not refused was logged once");
        // The limit is Bea's alone.
        assert!(matches!(act(&app, &s.bea, s.session, "write_note", &[("a", "0"), ("b", "one more")]).await, Err(AppError::RateLimited { .. })));
        act(&app, &s.ada, s.session, "raise_hand", &[]).await.unwrap();
        // And it refills.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        act(&app, &s.bea, s.session, "write_note", &[("a", "0"), ("b", "after a pause")]).await.unwrap();
    }
);

on_both_databases!(
    a_socket_stops_when_its_viewer_loses_access,
    |app: TestApp| async move {
        let s = setup(&app).await;
        let ada = user_id(&app, "ada@one.coop").await;
        act(&app, &s.ada, s.session, "check_in", &[]).await.unwrap();
        act(&app, &s.bea, s.session, "check_in", &[]).await.unwrap();
        let (ada_cookie, bea_cookie, priya_cookie) = (cookie(&app, "ada@one.coop").await, cookie(&app, "bea@two.coop").await, cookie(&app, "priya@facilitate.coop").await);
        let mut ada_ws = connect(&app, &ada_cookie, s.session, 0, None).await.unwrap();
        let mut bea_ws = connect(&app, &bea_cookie, s.session, 0, None).await.unwrap();
        let mut priya_ws = connect(&app, &priya_cookie, s.session, 0, None).await.unwrap();
        for ws in [&mut ada_ws, &mut bea_ws, &mut priya_ws] {
            read_until(ws, 3).await;
        }

        // Bea's co-op leaves the circle. Within seconds her socket closes, with nothing more.
        sqlx::query("DELETE FROM circle_organisations WHERE organisation_id = (SELECT organisation_id FROM organisation_people op JOIN users u ON u.id = op.user_id WHERE u.email = 'bea@two.coop')")
            .execute(&app.state.db.pool).await.unwrap();
        let removed = std::time::Instant::now();
        let (got, code) = read_until_closed(&mut bea_ws, std::time::Duration::from_secs(10)).await;
        assert_eq!(code, Some(4403), "closed as access ended");
        assert!(removed.elapsed() < std::time::Duration::from_secs(8), "closed after {:?}", removed.elapsed());
        assert!(got.is_empty(), "{got:?}");
        act(&app, &s.facilitator, s.session, "start_item", &[("a", "0")]).await.unwrap();
        let (got, _) = read_until_closed(&mut bea_ws, std::time::Duration::from_secs(1)).await;
        assert!(got.is_empty(), "an event after removal did not reach her: {got:?}");
        assert!(connect(&app, &bea_cookie, s.session, 4, None).await.is_err(), "nor can she reconnect");

        // Ada's sign-in session ends (as signing out or a password change does) and the hub is
        // told: her socket closes at once, before the very next event.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(ada).execute(&app.state.db.pool).await.unwrap();
        app.state.live.recheck_user(&app.state.db, ada).await;
        act(&app, &s.facilitator, s.session, "start_item", &[("a", "1")]).await.unwrap();
        let (got, code) = read_until_closed(&mut ada_ws, std::time::Duration::from_secs(10)).await;
        assert_eq!(seqs(&got), vec![4], "the event before, not the one after");
        assert_eq!(code, Some(4403));

        // The facilitator's socket carries on.
        assert_eq!(seqs(&read_until(&mut priya_ws, 5).await), vec![4, 5]);
    }
);
