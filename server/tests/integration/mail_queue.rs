//! Mail off the request path, through the durable job queue, on both databases:
//!
//! - a password-reset request does the same work whether or not the address has an account
//!   (one job), and answers at once even when the mail server cannot be reached; the message
//!   is tried again 1, 2, 4, 8 and 16 minutes later, then marked failed, and the admin's
//!   outbox shows it (a count at the top, the reason by the message) in English and French;
//! - nothing is sent twice: a message left `sending` by a worker that stopped, or whose SMTP
//!   connection closed after the message, is marked `unknown`, not sent again; several
//!   instances share the queue and deliver each message once;
//! - a worker whose SMTP conversation outlasts the job's lease keeps the job (its heartbeat
//!   renews the lease): nobody else takes it and marks the message `unknown`; a worker whose
//!   job was taken from it (its lease ran out) neither renews nor records anything;
//! - the worker wakes as soon as a job is queued;
//! - old messages and finished jobs are pruned.
//!
//! Time passing is faked by moving a job's `run_at`, a crash by leaving a job `running` with a
//! lease that has run out (as the reminder test does).

use crate::common;

use app::accounts::Role;
use app::i18n::{Locale, T};
use app::mail::{DeliveryStatus, OutboxList};
use common::{TestApp, browser};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Rows per table, leaving out what any request may touch (sessions, throttles, flashes).
async fn row_counts(app: &TestApp) -> BTreeMap<String, i64> {
    let tables: Vec<(String,)> = if app.database_url.starts_with("postgres") {
        sqlx::query_as("SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public'")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap()
    } else {
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap()
    };
    let mut counts = BTreeMap::new();
    for (table,) in tables {
        let volatile = ["sessions", "form_flashes", "_sqlx_migrations"].contains(&table.as_str())
            || table.contains("attempt")
            || table.contains("throttle")
            || table.contains("limit");
        if !volatile {
            counts.insert(table.clone(), app.count(&format!("SELECT COUNT(*) FROM \"{table}\"")).await);
        }
    }
    counts
}

/// What changed between two counts: table → rows added.
fn added(before: &BTreeMap<String, i64>, after: &BTreeMap<String, i64>) -> BTreeMap<String, i64> {
    after
        .iter()
        .filter_map(|(t, n)| {
            let d = n - before.get(t).copied().unwrap_or(0);
            (d != 0).then(|| (t.clone(), d))
        })
        .collect()
}

async fn mail_job(app: &TestApp) -> (String, i64, i64) {
    sqlx::query_as("SELECT status, attempts, run_at FROM jobs WHERE kind = 'mail'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn message(app: &TestApp) -> (String, String) {
    sqlx::query_as("SELECT status, detail FROM outbox")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn reset_hashes(app: &TestApp) -> Vec<String> {
    sqlx::query_as::<_, (String,)>("SELECT token_hash FROM password_resets")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(h,)| h)
        .collect()
}

on_both_databases!(
    a_reset_request_answers_at_once_without_a_mail_server_and_its_mail_is_tried_again_then_failed,
    |app: TestApp| async move {
        // This server's mail server cannot be reached.
        let app = app.with_mailer(common::unreachable_smtp()).await;
        app.person("ada@example.coop", &[]).await;
        let admin = app.person("aisha@admin.coop", &[Role::Admin]).await;

        // The request answers at once and does the same work whether or not the address has
        // an account: one job holding the address, nothing else.
        let before = row_counts(&app).await;
        app.call::<()>(&browser(), "accounts/request_password_reset", &[("email", "ada@example.coop")]).await.unwrap();
        let known = row_counts(&app).await;
        app.call::<()>(&browser(), "accounts/request_password_reset", &[("email", "nobody@example.coop")]).await.unwrap();
        let unknown = row_counts(&app).await;
        let one_job = BTreeMap::from([("jobs".to_string(), 1)]);
        assert_eq!(added(&before, &known), one_job);
        assert_eq!(added(&known, &unknown), one_job);
        let jobs: Vec<(String, String, String)> = sqlx::query_as("SELECT kind, status, payload FROM jobs ORDER BY id")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(
            jobs,
            [("password_reset", "pending", "ada@example.coop"), ("password_reset", "pending", "nobody@example.coop")]
                .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        );

        // The worker looks the addresses up: one message, for Ada; its first try is refused.
        assert_eq!(app.deliver_mail().await, 3, "two requests, one message");
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ada@example.coop'").await, 1);
        let (status, detail) = message(&app).await;
        assert_eq!(status, "queued", "waiting for its next try");
        assert!(detail.starts_with("smtp: Connection error"), "{detail}");
        let (status, attempts, run_at) = mail_job(&app).await;
        let t = app::time::now();
        assert_eq!((status.as_str(), attempts), ("pending", 1));
        assert!((t + 50..=t + 60).contains(&run_at), "a minute later: {}", run_at - t);
        // A link was made for that try; it was never delivered.
        let mut hashes = reset_hashes(&app).await;
        assert_eq!(hashes.len(), 1);

        // Each later try waits twice as long, and makes the link again in place of the last.
        for (attempt, wait) in [(2, 120), (3, 240), (4, 480), (5, 960)] {
            sqlx::query("UPDATE jobs SET run_at = 0 WHERE kind = 'mail'").execute(&app.state.db.pool).await.unwrap();
            assert_eq!(app.deliver_mail().await, 1);
            let (status, attempts, run_at) = mail_job(&app).await;
            let t = app::time::now();
            assert_eq!((status.as_str(), attempts), ("pending", attempt));
            assert!((t + wait - 10..=t + wait).contains(&run_at), "try {attempt}: {}", run_at - t);
            let now = reset_hashes(&app).await;
            assert_eq!(now.len(), 1);
            assert_ne!(now, hashes, "a new link for each try");
            hashes = now;
            assert_eq!(message(&app).await.0, "queued");
        }
        // The sixth try is the last: the message is marked failed, with the reason.
        sqlx::query("UPDATE jobs SET run_at = 0 WHERE kind = 'mail'").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(app.deliver_mail().await, 1);
        let (status, detail) = message(&app).await;
        assert_eq!(status, "failed");
        assert!(detail.starts_with("smtp: Connection error") && detail.ends_with("(tried 6 times)"), "{detail}");
        assert_eq!(mail_job(&app).await.0, "failed");
        sqlx::query("UPDATE jobs SET run_at = 0").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(app.deliver_mail().await, 0, "never tried again");

        // The admin sees it: a count at the top, the reason by the message.
        let outbox: OutboxList = app.call(&admin, "admin/outbox", &[]).await.unwrap();
        assert_eq!(outbox.failed, 1);
        assert_eq!(outbox.messages[0].status, DeliveryStatus::Failed);
        assert_eq!(outbox.messages[0].detail, detail);
        let (status, _, html) = app.get(&admin, "/admin/outbox").await;
        assert_eq!(status, 200);
        assert!(html.contains("Messages not delivered: 1."), "{html}");
        assert!(html.contains("outbox__item--failed") && html.contains("Sending failed"), "{html}");
        assert!(html.contains(&format!("Reason: {detail}")), "{html}");
        // In French too.
        sqlx::query("UPDATE users SET locale = 'fr' WHERE email = 'aisha@admin.coop'").execute(&app.state.db.pool).await.unwrap();
        // Written behind the server's back, as another process would: its cache of callers
        // is told, as it would be after its time to live (see app::accounts::caller_cache).
        app.state.db.callers.forget_all();
        let (_, _, html) = app.get(&admin, "/admin/outbox").await;
        assert!(html.contains("Messages non distribués : 1."), "{html}");
        assert!(html.contains("Échec de l&#x27;envoi") || html.contains("Échec de l'envoi"), "{html}");
        assert!(html.contains(&format!("Motif : {detail}")), "{html}");
    }
);

/// Queue one ordinary message (no link that gives access) to `to`.
async fn queue_one(app: &TestApp, to: &str) {
    app::mail::notify_address(
        &app.state,
        to,
        None,
        Locale::En,
        T::MailSpecialistSubject,
        T::MailSpecialistBody,
        &[("circle", "Induction"), ("name", "Priya"), ("purpose", "Starting well")],
        "/circles/1",
    )
    .await
    .unwrap();
}

on_both_databases_with_mail!(
    a_message_left_sending_by_a_worker_that_stopped_is_not_sent_again_and_the_admin_sees_it,
    |app: TestApp| async move {
        let admin = app.person("aisha@admin.coop", &[Role::Admin]).await;
        queue_one(&app, "sam@example.coop").await;
        assert_eq!(message(&app).await.0, "queued", "on the request: queued, not sent");
        // A worker takes the job and marks the message `sending`, as it does before the SMTP
        // conversation — then the server stops.
        let job = app::jobs::take(&app.state.db, app.state.settings.job_lease_secs).await.unwrap().expect("a due job");
        sqlx::query("UPDATE outbox SET status = 'sending' WHERE id = $1")
            .bind(job.outbox_id.unwrap())
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(app.deliver_mail().await, 0, "nobody else takes it while the lease holds");
        // The lease runs out; another worker takes the job: it does not send blindly again.
        sqlx::query("UPDATE jobs SET locked_until = 1").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(app.deliver_mail().await, 1);
        assert!(app.delivered_so_far().is_empty(), "not sent again");
        let (status, detail) = message(&app).await;
        assert_eq!(status, "unknown");
        assert!(detail.contains("interrupted while sending"), "{detail}");
        assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE status = 'failed'").await, 1);
        // Even if its job ran once more, nothing is sent.
        sqlx::query("UPDATE jobs SET status = 'running', locked_until = 1").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(app.deliver_mail().await, 1);
        assert!(app.delivered_so_far().is_empty());
        assert_eq!(message(&app).await, (status, detail.clone()));

        let outbox: OutboxList = app.call(&admin, "admin/outbox", &[]).await.unwrap();
        assert_eq!((outbox.failed, outbox.messages[0].status), (1, DeliveryStatus::Unknown));
        let (_, _, html) = app.get(&admin, "/admin/outbox").await;
        assert!(html.contains("Messages not delivered: 1.") && html.contains("Interrupted while sending"), "{html}");

        // A message queued after that goes out as usual, once.
        queue_one(&app, "kim@example.coop").await;
        assert_eq!(app.mails_to("kim@example.coop").len(), 1);
        assert_eq!(app.mails_to("kim@example.coop").len(), 1, "delivered once");
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await, 1);
    }
);

/// What the fake mail server does once it has a whole message.
#[derive(Clone, Copy)]
enum AfterMessage {
    /// 451: certainly not taken.
    RefusesForNow,
    /// Hangs up without a word: the sender cannot know whether it took it.
    HangsUp,
    /// Takes it, after a while (a slow server, a slow network).
    AcceptsAfter(std::time::Duration),
}

/// A mail server on loopback that answers every command, and after the end of the message
/// does what `after` says. Returns its port and how many messages it was handed.
async fn mail_server_that(after: AfterMessage) -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handed = Arc::new(AtomicUsize::new(0));
    let count = handed.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let count = count.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 flaky.localhost ESMTP\r\n").await;
                let mut in_message = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_message {
                        if line == "." {
                            count.fetch_add(1, Ordering::SeqCst);
                            in_message = false;
                            let reply: &[u8] = match after {
                                AfterMessage::HangsUp => return,
                                AfterMessage::RefusesForNow => b"451 4.3.0 try again later\r\n",
                                AfterMessage::AcceptsAfter(wait) => {
                                    tokio::time::sleep(wait).await;
                                    b"250 2.0.0 queued\r\n"
                                }
                            };
                            let _ = write.write_all(reply).await;
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 flaky.localhost\r\n",
                        "DATA" => {
                            in_message = true;
                            b"354 go on\r\n"
                        }
                        "QUIT" => b"221 bye\r\n",
                        _ => b"250 ok\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (port, handed)
}

on_both_databases!(
    a_refusal_is_tried_again_but_a_connection_that_closes_after_the_message_is_not,
    |app: TestApp| async move {
        // Refused for now (451): certainly not delivered, so tried again later.
        let (port, handed) = mail_server_that(AfterMessage::RefusesForNow).await;
        let refusing = app.with_mailer(common::smtp_to(port)).await;
        queue_one(&refusing, "sam@example.coop").await;
        assert_eq!(refusing.deliver_mail().await, 1);
        assert_eq!(handed.load(Ordering::SeqCst), 1);
        let (status, detail) = message(&refusing).await;
        assert_eq!(status, "queued");
        assert!(detail.contains("451") && detail.contains("try again later"), "{detail}");
        assert_eq!(mail_job(&refusing).await.0, "pending");

        // The connection closes after the message, before the server's answer: it may have
        // been taken, so it is marked unknown and not handed over again.
        let (port, handed) = mail_server_that(AfterMessage::HangsUp).await;
        let flaky = app.with_mailer(common::smtp_to(port)).await;
        sqlx::query("UPDATE jobs SET run_at = 0").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(flaky.deliver_mail().await, 1);
        assert_eq!(handed.load(Ordering::SeqCst), 1);
        let (status, detail) = message(&flaky).await;
        assert_eq!(status, "unknown");
        assert!(detail.starts_with("smtp:"), "{detail}");
        assert_eq!(mail_job(&flaky).await.0, "failed");
        sqlx::query("UPDATE jobs SET run_at = 0, status = 'pending'").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(flaky.deliver_mail().await, 1);
        assert_eq!(handed.load(Ordering::SeqCst), 1, "never handed over twice");
        assert_eq!(message(&flaky).await.0, "unknown");
    }
);

/// A worker on `app`'s database with leases of `lease` seconds, sending to the mail server on
/// `port`.
fn worker_state(app: &TestApp, lease: i64, port: u16) -> app::state::AppState {
    let mut state = app.state.clone();
    state.mailer = common::smtp_to(port);
    state.settings = Arc::new(app::state::Settings { job_lease_secs: lease, ..(*app.state.settings).clone() });
    state
}

async fn locked_until(app: &TestApp) -> Option<i64> {
    let (until,): (Option<i64>,) = sqlx::query_as("SELECT locked_until FROM jobs WHERE kind = 'mail'").fetch_one(&app.state.db.pool).await.unwrap();
    until
}

on_both_databases!(
    a_job_that_outlasts_its_lease_stays_with_its_live_worker,
    |app: TestApp| async move {
        // A mail server that answers a message after 4 s; leases of 2 s.
        let (port, handed) = mail_server_that(AfterMessage::AcceptsAfter(std::time::Duration::from_secs(4))).await;
        let state = worker_state(&app, 2, port);
        queue_one(&app, "sam@example.coop").await;
        let worker = tokio::spawn({
            let state = state.clone();
            async move { app::jobs::run_due(&state).await.unwrap() }
        });
        // Past the lease (timestamps are whole seconds: a lease of 2 s taken at 10.9 runs out
        // at 13.0), while the worker waits for the answer: its heartbeat kept the job.
        tokio::time::sleep(std::time::Duration::from_millis(3300)).await;
        assert_eq!(message(&app).await.0, "sending");
        assert!(locked_until(&app).await.unwrap() >= app::time::now(), "renewed");
        assert_eq!(app::jobs::run_due(&state).await.unwrap(), 0, "another worker finds nothing due");
        // The message goes, once; the job is done, its lease let go.
        assert_eq!(worker.await.unwrap(), 1);
        assert_eq!(handed.load(Ordering::SeqCst), 1);
        assert_eq!(message(&app).await.0, "sent");
        assert_eq!(mail_job(&app).await.0, "done");
        assert_eq!(locked_until(&app).await, None);
        assert_eq!(app::jobs::run_due(&state).await.unwrap(), 0);
    }
);

on_both_databases!(
    a_worker_whose_job_was_taken_from_it_records_nothing,
    |app: TestApp| async move {
        let (port, handed) = mail_server_that(AfterMessage::AcceptsAfter(std::time::Duration::from_secs(3))).await;
        let state = worker_state(&app, 2, port);
        queue_one(&app, "sam@example.coop").await;
        let worker = tokio::spawn({
            let state = state.clone();
            async move { app::jobs::run_due(&state).await.unwrap() }
        });
        for _ in 0..100 {
            if message(&app).await.0 == "sending" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(message(&app).await.0, "sending");
        // While it waits for the answer, its lease runs out (the database was out of its reach
        // for longer, say) and another worker takes the job, as `take` does.
        let theirs = app::time::now() + 60;
        sqlx::query("UPDATE jobs SET attempts = attempts + 1, locked_until = $1").bind(theirs).execute(&app.state.db.pool).await.unwrap();
        // The first worker's heartbeat leaves the other's lease alone, and its outcome is not
        // recorded: the job stays the other's.
        assert_eq!(worker.await.unwrap(), 1);
        assert_eq!(handed.load(Ordering::SeqCst), 1);
        assert_eq!(message(&app).await.0, "sent");
        let (status, attempts, _) = mail_job(&app).await;
        assert_eq!((status.as_str(), attempts), ("running", 2));
        assert_eq!(locked_until(&app).await, Some(theirs), "not renewed by a worker whose job it no longer is");
        // The other dies too: taken again once its lease runs out, the job finds the message
        // sent, and is done without sending it again.
        sqlx::query("UPDATE jobs SET locked_until = 1").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(app::jobs::run_due(&state).await.unwrap(), 1);
        assert_eq!(mail_job(&app).await.0, "done");
        assert_eq!(handed.load(Ordering::SeqCst), 1, "sent once");
    }
);

on_both_databases_with_mail!(
    several_instances_share_the_queue_and_deliver_each_message_once,
    |app: TestApp| async move {
        let addresses: Vec<String> = (0..16).map(|n| format!("person{n}@example.coop")).collect();
        for to in &addresses {
            queue_one(&app, to).await;
        }
        // Two instances on the same database work the queue at the same time (on PostgreSQL
        // each skips the rows the other is taking).
        let other = app.another_instance().await;
        let (a, b) = tokio::join!(app.deliver_mail(), other.deliver_mail());
        assert_eq!(a + b, addresses.len());
        let delivered = app.delivered_so_far();
        assert_eq!(delivered.len(), addresses.len());
        for to in &addresses {
            assert_eq!(delivered.iter().filter(|m| m.to == [to.clone()]).count(), 1, "{to}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await, 16);
        assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE status = 'done'").await, 16);
        assert_eq!(app.deliver_mail().await + other.deliver_mail().await, 0);
    }
);

on_both_databases_with_mail!(
    the_worker_delivers_as_soon_as_mail_is_queued,
    |app: TestApp| async move {
        app.person("ada@example.coop", &[]).await;
        // The server's worker, looking for due jobs only once an hour: what it delivers within
        // seconds, it was woken for.
        app::jobs::spawn_worker(app.state.clone(), std::time::Duration::from_secs(3600));
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        app.call::<()>(&browser(), "accounts/request_password_reset", &[("email", "ada@example.coop")]).await.unwrap();
        let mut delivered = Vec::new();
        for _ in 0..100 {
            delivered = app.delivered_so_far();
            if !delivered.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(delivered.len(), 1, "delivered within seconds");
        assert!(delivered[0].body.contains("/reset?token="));
    }
);

on_both_databases!(
    old_messages_and_finished_jobs_are_pruned,
    |app: TestApp| async move {
        let app = app; // the whole server, its folder included, for the whole test
        let t = app::time::now();
        let day = 86_400;
        for (to, age) in [("old@example.coop", 91 * day), ("new@example.coop", 89 * day)] {
            sqlx::query("INSERT INTO outbox (to_addr, subject, body, created_at, status) VALUES ($1, 'Hello', 'Hello', $2, 'sent')")
                .bind(to)
                .bind(t - age)
                .execute(&app.state.db.pool)
                .await
                .unwrap();
        }
        for (payload, status, age) in [
            ("done long ago", "done", 8 * day),
            ("failed long ago", "failed", 8 * day),
            ("cancelled long ago", "cancelled", 8 * day),
            ("done lately", "done", 6 * day),
            ("still waiting", "pending", 30 * day),
        ] {
            let done_at = (status != "pending").then_some(t - age);
            sqlx::query("INSERT INTO jobs (kind, payload, run_at, status, created_at, done_at) VALUES ('reminder', $1, $2, $3, $2, $4)")
                .bind(payload)
                .bind(t - age)
                .bind(status)
                .bind(done_at)
                .execute(&app.state.db.pool)
                .await
                .unwrap();
        }
        assert_eq!(app::jobs::prune(&app.state.db, t).await.unwrap(), (3, 1));
        let (to,): (String,) = sqlx::query_as("SELECT to_addr FROM outbox").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(to, "new@example.coop");
        let left: Vec<(String,)> = sqlx::query_as("SELECT payload FROM jobs ORDER BY id").fetch_all(&app.state.db.pool).await.unwrap();
        assert_eq!(left, [("done lately".to_string(),), ("still waiting".to_string(),)]);
    }
);
