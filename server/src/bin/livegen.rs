//! The live sessions' load generator (`.ci/bench-live.sh`).
//!
//!   livegen --url http://127.0.0.1:3400 --database-url URL
//!           [--participants 1000] [--sessions 50] [--seconds 20] [--act-every-ms 5000]
//!
//! Seeds the server's database directly (people, a co-op and circle per session, a meeting and
//! its started live session, signed-in sessions), then connects every participant's socket on
//! loopback and has them check in, raise and lower hands and vote through the server's
//! functions, while each session's facilitator opens a poll and writes notes. At the end it
//! compares what each socket received with the log in the database and prints fan-out latency
//! (event decided on the server → received by a participant), events per second, and lost and
//! duplicated events.

use app::db::Db;
use app::live::Envelope;
use futures_util::StreamExt;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

struct Person {
    cookie: String,
    session: i64,
    facilitator: bool,
}

async fn seed(db: &Db, participants: usize, sessions: usize) -> anyhow::Result<Vec<Person>> {
    let t = app::time::now();
    let mut people = Vec::new();
    let mut tx = db.pool.begin().await?;
    let per_session = participants.div_ceil(sessions);
    let tag = t.to_string();
    for s in 0..sessions {
        let (circle,): (i64,) = sqlx::query_as(
            "INSERT INTO circles (name, theme, purpose, sector, region, delivery_mode, status, capacity, created_at) VALUES ($1, 'people', '', '', '', 'online', 'open', 50, $2) RETURNING id",
        )
        .bind(format!("Load circle {s} {tag}"))
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        let (org,): (i64,) = sqlx::query_as(
            "INSERT INTO organisations (name, legal_form, sector, nation, region, created_at) VALUES ($1, 'worker', 'food', 'england', 'London', $2) RETURNING id",
        )
        .bind(format!("Load co-op {s} {tag}"))
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO circle_organisations (circle_id, organisation_id, joined_at) VALUES ($1, $2, $3)")
            .bind(circle).bind(org).bind(t).execute(&mut *tx).await?;
        let (meeting,): (i64,) = sqlx::query_as(
            "INSERT INTO meetings (circle_id, uid, title, starts_at, duration_minutes, time_zone, delivery_mode, location, status, sequence, created_at, updated_at) \
             VALUES ($1, $2, 'Load', $3, 60, 'Europe/London', 'online', 'https://x', 'scheduled', 0, $3, $3) RETURNING id",
        )
        .bind(circle)
        .bind(format!("load-{s}-{tag}"))
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        let (session,): (i64,) = sqlx::query_as(
            "INSERT INTO live_sessions (meeting_id, code, status, started_at) VALUES ($1, $2, 'open', $3) RETURNING id",
        )
        .bind(meeting)
        .bind(format!("L{s}{}", &tag[tag.len() - 4..]))
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        let started = app::live::Event::Started {
            title: format!("Load session {s}"),
            agenda: vec![app::live::Item { title: "Round".into(), minutes: 30 }],
        };
        sqlx::query("INSERT INTO live_events (session_id, seq, at, actor, payload) VALUES ($1, 1, $2, 0, $3)")
            .bind(session)
            .bind(now_ms())
            .bind(serde_json::to_string(&started)?)
            .execute(&mut *tx)
            .await?;
        for p in 0..=per_session {
            let facilitator = p == per_session;
            if !facilitator && people.len() >= participants + s {
                continue;
            }
            let email = format!("load-{tag}-{s}-{p}@load.example");
            let (uid,): (i64,) = sqlx::query_as(
                "INSERT INTO users (email, name, password_hash, created_at, password_changed_at) VALUES ($1, $2, 'not-a-hash', $3, $3) RETURNING id",
            )
            .bind(&email)
            .bind(format!("Person {s}.{p}"))
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            if facilitator {
                sqlx::query("INSERT INTO circle_facilitators (circle_id, user_id) VALUES ($1, $2)")
                    .bind(circle).bind(uid).execute(&mut *tx).await?;
            } else {
                sqlx::query("INSERT INTO organisation_people (organisation_id, user_id, is_representative) VALUES ($1, $2, 0)")
                    .bind(org).bind(uid).execute(&mut *tx).await?;
            }
            let (token, hash) = app::accounts::session::new_token();
            sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
                .bind(hash).bind(uid).bind(t).execute(&mut *tx).await?;
            people.push(Person { cookie: format!("cc_session={token}"), session, facilitator });
        }
    }
    tx.commit().await?;
    Ok(people)
}

#[derive(Default)]
struct Outcome {
    latencies: Vec<i64>,
    seqs: Vec<i64>,
    acts_ok: u64,
    acts_failed: u64,
}

async fn act(client: &Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>, base: &str, cookie: &str, form: &[(&str, String)]) -> bool {
    let body = serde_urlencoded::to_string(form).unwrap_or_default();
    let request = hyper::Request::post(format!("{base}/api/live/act"))
        .header("cookie", cookie)
        .header("origin", base)
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(body)))
        .expect("request");
    match client.request(request).await {
        Ok(response) => {
            let ok = response.status().is_success();
            let _ = response.into_body().collect().await;
            ok
        }
        Err(_) => false,
    }
}

async fn participant(base: Arc<String>, person: Person, until: Instant, every: Duration, index: usize) -> Outcome {
    let mut outcome = Outcome::default();
    let ws_url = format!("{}/live/{}/socket?after=0", base.replace("http://", "ws://"), person.session);
    let mut request = ws_url.into_client_request().expect("ws url");
    request.headers_mut().insert("cookie", person.cookie.parse().expect("cookie"));
    let Ok((ws, _)) = tokio_tungstenite::connect_async(request).await else {
        outcome.acts_failed += 1;
        return outcome;
    };
    let (_sink, mut stream) = ws.split();
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let session = person.session.to_string();
    let base_act = base.clone();
    let cookie = person.cookie.clone();
    let facilitator = person.facilitator;
    // Acting: spread over the interval so sessions do not act in lockstep.
    let actor = tokio::spawn(async move {
        let mut ok = 0;
        let mut failed = 0;
        let mut tick = tokio::time::interval_at(
            tokio::time::Instant::now() + Duration::from_millis((index as u64 * 37) % every.as_millis().max(1) as u64),
            every,
        );
        let mut round = 0u32;
        loop {
            tick.tick().await;
            if Instant::now() >= until {
                break;
            }
            let form: Vec<(&str, String)> = if facilitator {
                match round {
                    0 => vec![("kind", "start_item".into()), ("a", "0".into())],
                    1 => vec![("kind", "open_poll".into()), ("a", "Ready?".into()), ("b", "thumbs".into()), ("flag", "on".into())],
                    _ => vec![("kind", "write_note".into()), ("a", "0".into()), ("b", format!("Note {round}"))],
                }
            } else {
                match round {
                    0 => vec![("kind", "check_in".into())],
                    r if r % 3 == 1 => vec![("kind", "raise_hand".into())],
                    r if r % 3 == 2 => vec![("kind", "lower_hand".into())],
                    r => vec![("kind", "vote".into()), ("a", "0".into()), ("b", ((r / 3) % 3).to_string())],
                }
            };
            let mut form = form;
            form.push(("session_id", session.clone()));
            if act(&client, &base_act, &cookie, &form).await { ok += 1 } else { failed += 1 }
            round += 1;
        }
        (ok, failed)
    });
    // Receiving until a little after the acting stops, so the last events arrive.
    let stop = until + Duration::from_secs(3);
    loop {
        let left = stop.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match tokio::time::timeout(left, stream.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => {
                let received = now_ms();
                if let Ok(batch) = serde_json::from_str::<serde_json::Value>(&text) {
                    if let Ok(events) = serde_json::from_value::<Vec<Envelope>>(batch["events"].clone()) {
                        for e in events {
                            if e.seq > 1 {
                                outcome.latencies.push(received - e.at);
                            }
                            outcome.seqs.push(e.seq);
                        }
                    }
                }
            }
            Ok(Some(Ok(_))) => {}
            _ => break,
        }
    }
    if let Ok((ok, failed)) = actor.await {
        outcome.acts_ok = ok;
        outcome.acts_failed = failed;
    }
    outcome
}

fn percentile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let base = flag(&args, "--url").unwrap_or_else(|| "http://127.0.0.1:3400".into());
    if !base.starts_with("http://127.0.0.1") && !base.starts_with("http://localhost") {
        anyhow::bail!("livegen only targets loopback addresses");
    }
    let database_url = flag(&args, "--database-url").ok_or_else(|| anyhow::anyhow!("--database-url is required"))?;
    let participants: usize = flag(&args, "--participants").and_then(|v| v.parse().ok()).unwrap_or(1000);
    let sessions: usize = flag(&args, "--sessions").and_then(|v| v.parse().ok()).unwrap_or(50);
    let seconds: u64 = flag(&args, "--seconds").and_then(|v| v.parse().ok()).unwrap_or(20);
    let every = Duration::from_millis(flag(&args, "--act-every-ms").and_then(|v| v.parse().ok()).unwrap_or(5000));

    let db = Db::connect(&database_url).await?;
    let people = seed(&db, participants, sessions).await?;
    let session_ids: Vec<i64> = {
        let mut ids: Vec<i64> = people.iter().map(|p| p.session).collect();
        ids.dedup();
        ids
    };
    println!(
        "livegen: {} participants + {} facilitators in {} sessions, acting every {:?} for {seconds}s",
        people.iter().filter(|p| !p.facilitator).count(),
        people.iter().filter(|p| p.facilitator).count(),
        session_ids.len(),
        every
    );
    let base = Arc::new(base);
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    let mut sessions_of = Vec::new();
    for (i, person) in people.into_iter().enumerate() {
        sessions_of.push(person.session);
        tasks.push(tokio::spawn(participant(base.clone(), person, until, every, i)));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await?);
    }
    let elapsed = started.elapsed().as_secs_f64().min(seconds as f64);

    let mut finals = BTreeMap::new();
    for id in &session_ids {
        let (max,): (Option<i64>,) = sqlx::query_as("SELECT MAX(seq) FROM live_events WHERE session_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
        finals.insert(*id, max.unwrap_or(0));
    }
    let mut lost = 0usize;
    let mut duplicated = 0usize;
    let mut delivered = 0usize;
    let mut latencies = Vec::new();
    let (mut acts_ok, mut acts_failed) = (0, 0);
    for (outcome, session) in outcomes.iter_mut().zip(&sessions_of) {
        delivered += outcome.seqs.len();
        let mut seen = outcome.seqs.clone();
        seen.sort_unstable();
        let before = seen.len();
        seen.dedup();
        duplicated += before - seen.len();
        lost += (finals[session] as usize).saturating_sub(seen.len());
        latencies.append(&mut outcome.latencies);
        acts_ok += outcome.acts_ok;
        acts_failed += outcome.acts_failed;
    }
    latencies.sort_unstable();
    let appended: i64 = finals.values().map(|m| m - 1).sum();
    println!("events appended:   {appended} ({:.0}/s)", appended as f64 / elapsed);
    println!("acts:              {acts_ok} accepted, {acts_failed} refused or failed");
    println!("events delivered:  {delivered} ({:.0}/s to sockets)", delivered as f64 / elapsed);
    println!(
        "fan-out latency:   p50 {} ms, p99 {} ms, max {} ms",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(0)
    );
    println!("lost events:       {lost}");
    println!("duplicated events: {duplicated}");
    Ok(())
}
