//! Issue 8, "trust before members arrive": hostile input cannot become markup, a failed
//! no-JavaScript post keeps what was typed out of the URL, every refusal has its own status,
//! and the two databases' migrations stay in step.

use crate::common;

use app::error::AppError;
use app::i18n::T;
use common::{TestApp, browser, server_command};
use reqwest::Client;
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, ORIGIN, REFERER, SET_COOKIE};

const BREAK_OUT: &str = "</textarea><h1 id=\"pwned\">Injected</h1><script>alert(1)</script>";

/// Demo data (co-ops, circles, meetings, people in every role) and a signed-in client.
async fn demo(app: &TestApp, email: &str) -> Client {
    server::demo::seed(&app.state.db).await.expect("demo data");
    let client = browser();
    app.call::<String>(
        &client,
        "accounts/sign_in",
        &[("email", email), ("password", server::demo::DEMO_PASSWORD), ("next", "/")],
    )
    .await
    .expect("demo sign-in");
    client
}

async fn id_of(app: &TestApp, sql: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    id
}

/// The co-op whose representative is member@demo.coop.
async fn member_coop(app: &TestApp) -> i64 {
    id_of(
        app,
        "SELECT p.organisation_id FROM organisation_people p JOIN users u ON u.id = p.user_id \
         WHERE u.email = 'member@demo.coop' ORDER BY p.organisation_id LIMIT 1",
    )
    .await
}

/// Post a form the way a browser without JavaScript does.
async fn plain_post(app: &TestApp, client: &Client, endpoint: &str, from: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/{endpoint}")))
        .header(ORIGIN, &app.base)
        .header(ACCEPT, "text/html")
        .header(REFERER, app.url(from))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(form).unwrap())
        .send()
        .await
        .unwrap()
}

fn assert_escaped(html: &str) {
    assert!(!html.contains("<h1 id=\"pwned\">"), "a textarea was broken out of:\n{html}");
    assert!(!html.contains("<script>alert(1)"), "a script was injected");
    assert!(html.contains("&lt;/textarea&gt;&lt;h1"), "the words are shown as typed, escaped");
}

on_both_databases!(
    a_stored_textarea_value_cannot_break_out_of_its_box,
    |app: TestApp| async move {
        let member = demo(&app, "member@demo.coop").await;
        let coop = member_coop(&app).await;
        app.call::<()>(
            &member,
            "orgs/update_profile",
            &[("id", &coop.to_string()), ("about", BREAK_OUT), ("services", BREAK_OUT), ("delivery", "online")],
        )
        .await
        .unwrap();
        let (status, _, html) = app.get(&member, &format!("/coops/{coop}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("<textarea"), "the representative's edit form is on the page");
        assert_escaped(&html);

        // A circle's purpose, edited by its facilitator.
        let facilitator = browser();
        app.sign_in(&facilitator, "facilitator@demo.coop", server::demo::DEMO_PASSWORD).await.unwrap();
        let circle = id_of(
            &app,
            "SELECT f.circle_id FROM circle_facilitators f JOIN users u ON u.id = f.user_id \
             WHERE u.email = 'facilitator@demo.coop' ORDER BY f.circle_id LIMIT 1",
        )
        .await;
        sqlx::query("UPDATE circles SET purpose = $1 WHERE id = $2")
            .bind(BREAK_OUT)
            .bind(circle)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let (status, _, html) = app.get(&facilitator, &format!("/circles/{circle}/edit")).await;
        assert_eq!(status, 200);
        assert_escaped(&html);

        // A meeting's place and agenda, on its edit form.
        let meeting = id_of(
            &app,
            &format!("SELECT id FROM meetings WHERE circle_id = {circle} ORDER BY id LIMIT 1"),
        )
        .await;
        sqlx::query("UPDATE meetings SET location = $1 WHERE id = $2")
            .bind(BREAK_OUT)
            .bind(meeting)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let (status, _, html) = app.get(&facilitator, &format!("/meetings/{meeting}/edit")).await;
        assert_eq!(status, 200);
        assert_escaped(&html);
    }
);

on_both_databases!(
    a_failed_plain_post_keeps_what_was_typed_out_of_the_url,
    |app: TestApp| async move {
        let member = demo(&app, "member@demo.coop").await;
        let coop = member_coop(&app).await;
        let page = format!("/coops/{coop}");
        // No delivery chosen: refused, and the words come back in the box, escaped.
        let response = plain_post(
            &app,
            &member,
            "orgs/update_profile",
            &format!("{page}?tab=profile"),
            &[("id", &coop.to_string()), ("about", BREAK_OUT), ("services", "Bread"), ("delivery", "")],
        )
        .await;
        assert!(response.status().is_redirection(), "{}", response.status());
        let back = response.headers()[LOCATION].to_str().unwrap().to_string();
        assert_eq!(back, format!("{page}?tab=profile"), "nothing typed, and no error, in the address");
        let cookie = response.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
        assert!(cookie.iter().any(|c| c.starts_with("cc_flash=") && c.contains("HttpOnly")), "{cookie:?}");
        let stored = app.count("SELECT COUNT(*) FROM form_flashes").await;
        assert_eq!(stored, 1);
        // Nothing was saved to the profile.
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM organisations WHERE id = {coop} AND about LIKE '%pwned%'")).await, 0);

        let (status, _, html) = app.get(&member, &back).await;
        assert_eq!(status, 200);
        assert_escaped(&html);
        assert!(html.contains(T::ErrChooseOne.en()), "the error is by the field");
        // Taken once: a reload shows the stored profile, and the flash is gone from the table.
        assert_eq!(app.count("SELECT COUNT(*) FROM form_flashes").await, 0);
        let (_, _, again) = app.get(&member, &back).await;
        assert!(!again.contains("Injected"));
        assert!(!again.contains(T::ErrChooseOne.en()));

        // A crafted link cannot pre-fill a form or show an error.
        let crafted = format!(
            "{page}?kept.about=Crafted+words&error={}",
            urlencode(&serde_json::to_string(&AppError::invalid("about", T::ErrWordsTooLong)).unwrap())
        );
        let (_, _, html) = app.get(&member, &crafted).await;
        assert!(!html.contains("Crafted words"));
        assert!(!html.contains(T::ErrWordsTooLong.en()));

        // Another browser's flash (someone else's cookie value) is not shown: the table is
        // keyed by the token's hash, and the token only ever travels in its own cookie.
        let response = plain_post(&app, &member, "orgs/update_profile", &page, &[("id", &coop.to_string()), ("about", "Mine"), ("delivery", "")]).await;
        assert!(response.status().is_redirection());
        let stranger = browser();
        let (_, _, html) = app.get(&stranger, &page).await;
        assert!(!html.contains("Mine"));
    }
);

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("v", s)]).unwrap().trim_start_matches("v=").to_string()
}

on_both_databases!(
    every_refusal_answers_with_its_own_status,
    |app: TestApp| async move {
        let member = demo(&app, "member@demo.coop").await;
        let stranger = browser();
        let status = |r: reqwest::Response| r.status().as_u16();
        // Not signed in.
        assert_eq!(status(app.call_raw(&stranger, "orgs/mine", &[]).await), 401);
        assert_eq!(status(app.call_raw(&stranger, "circles/get", &[("id", "1")]).await), 401);
        // Signed in, not allowed.
        assert_eq!(status(app.call_raw(&member, "admin/people", &[("search", "")]).await), 403);
        assert_eq!(status(app.call_raw(&member, "admin/outbox", &[]).await), 403);
        // Not found (a read-only function too).
        assert_eq!(status(app.call_raw(&member, "orgs/profile", &[("id", "987654")]).await), 404);
        assert_eq!(status(app.call_raw(&member, "circles/get", &[("id", "987654")]).await), 404);
        // Missing, malformed and wrong-typed arguments.
        assert_eq!(status(app.call_raw(&member, "orgs/profile", &[]).await), 400);
        assert_eq!(status(app.call_raw(&member, "orgs/profile", &[("id", "one")]).await), 400);
        // A form with mistakes.
        assert_eq!(
            status(app.call_raw(&stranger, "accounts/sign_up", &[("name", ""), ("email", "x"), ("password", "a"), ("confirm", "b"), ("next", "/")]).await),
            422
        );
        // A spent or unknown link.
        let unknown = "0".repeat(64);
        assert_eq!(
            status(app.call_raw(&stranger, "accounts/reset_password", &[("token", &unknown), ("password", "a long new password"), ("confirm", "a long new password")]).await),
            410
        );
        // The body still says what happened, in the error the page understands.
        let body = app.call_raw(&member, "admin/people", &[("search", "")]).await.text().await.unwrap();
        assert_eq!(serde_json::from_str::<AppError>(&body).unwrap(), AppError::Forbidden);
        // A page for a record that is not there is a 404 page.
        let (page_status, _, html) = app.get(&member, "/coops/987654").await;
        assert_eq!(page_status, 404);
        assert!(html.contains(T::NotFoundTitle.en()));
    }
);

on_both_databases!(a_chunked_oversized_body_answers_413, |app: TestApp| async move {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // Chunked, no Content-Length: the limit is found while reading, and the answer is still 413.
    let host = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /api/accounts/sign_in HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
        app.base
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = "x".repeat(64 * 1024);
    let mut answer = Vec::new();
    // Send up to 2 MiB in 64 KiB chunks, stopping as soon as the server answers.
    for _ in 0..32 {
        if stream.write_all(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut buf = vec![0u8; 1024];
    if let Ok(Ok(n)) = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf)).await {
        answer.extend_from_slice(&buf[..n]);
    }
    let answer = String::from_utf8_lossy(&answer).to_string();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(app.count("SELECT COUNT(*) FROM auth_attempts").await, 0);
});

/// The SQLite and PostgreSQL migrations are the same steps: file for file, line for line,
/// except where the two dialects must differ (listed here, and nowhere else).
#[test]
fn the_two_databases_migrations_are_kept_in_step() {
    const DIALECT: &[(&str, &str)] = &[
        ("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
        // Where a substring starts.
        ("instr(", "strpos("),
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let names = |dir: &str| {
        let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    };
    let sqlite = names("sqlite");
    assert_eq!(sqlite, names("postgres"), "each step exists for both databases");
    assert!(sqlite.len() >= 6);
    for name in &sqlite {
        let read = |dir: &str| std::fs::read_to_string(root.join(dir).join(name)).unwrap();
        let mut translated = read("sqlite");
        for (lite, pg) in DIALECT {
            translated = translated.replace(lite, pg);
        }
        let pg = read("postgres");
        let code = |s: &str| -> Vec<String> {
            s.lines()
                .map(|l| l.split("--").next().unwrap().trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        };
        assert_eq!(code(&translated), code(&pg), "{name}: the two dialects differ beyond the known pairs");
    }
}

#[test]
fn secrets_stay_out_of_help_and_the_start_up_log() {
    let dir = common::tempdir::Dir::new();
    let url = "postgres://circles:s3cret-in-url@127.0.0.1:1/circles?password=s3cret-in-query";
    let help = server_command(dir.path()).env("DATABASE_URL", url).arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("--database-url"), "{text}");
    assert!(!text.contains("s3cret"), "--help printed a password:\n{text}");
    assert_eq!(
        server::config::redact_url(url),
        "postgres://circles:****@127.0.0.1:1/circles?password=****"
    );
    assert_eq!(server::config::redact_url("postgres://u@h/db?password=x&sslmode=require"), "postgres://u@h/db?password=****&sslmode=require");
    // The start-up log (which fails here: nothing listens on port 1) shows the URL redacted.
    let run = server_command(dir.path()).env("DATABASE_URL", url).arg("migrate").output().unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(!run.status.success());
    assert!(log.contains("****"), "{log}");
    assert!(!log.contains("s3cret"), "a password reached the log:\n{log}");
}

#[test]
fn the_demo_is_refused_on_a_public_https_site_before_anything_is_made() {
    let dir = common::tempdir::Dir::new();
    let run = server_command(dir.path())
        .args(["--public-url", "https://circles.example.coop", "--data-dir", "data", "serve", "--demo"])
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("refused when the public URL is https"));
    assert!(!dir.path().join("data").exists(), "no database was made");
}

#[test]
fn a_calendar_feeds_token_never_reaches_the_log() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = common::tempdir::Dir::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = server_command(dir.path())
        .env("RUST_LOG", "info,tower_http=debug")
        .args(["--addr", &format!("127.0.0.1:{port}"), "--data-dir", "data", "serve"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut log = String::new();
    let started = std::time::Instant::now();
    while !log.contains("listening on") {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the server did not start:\n{log}");
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        log.push_str(&line);
    }
    let token = "7f3a".repeat(16);
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET /calendar/{token}.ics?password=hunter2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    // Give the log a moment, then stop the server and read everything it wrote.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = child.kill();
    let _ = out.read_to_string(&mut log);
    let _ = child.wait();
    assert!(log.contains("/calendar/[redacted]"), "the request is logged, redacted:\n{log}");
    assert!(!log.contains(&token), "a feed token reached the log:\n{log}");
    assert!(!log.contains("hunter2"), "a query string reached the log:\n{log}");
}

/// A user id and a signed-in client for a person found by `sql` (which returns an email).
async fn demo_person(app: &TestApp, sql: &str) -> Client {
    let (email,): (String,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    let client = browser();
    app.sign_in(&client, &email, server::demo::DEMO_PASSWORD).await.unwrap();
    client
}

on_both_databases!(
    who_is_in_a_circle_is_for_its_people_its_facilitators_and_staff,
    |app: TestApp| async move {
        use app::circles::{Circle, CirclePage};
        let admin = demo(&app, "admin@demo.coop").await;
        // A circle with at least two member co-ops, A and B.
        let circle = id_of(&app, "SELECT circle_id FROM circle_organisations GROUP BY circle_id HAVING COUNT(*) >= 2 ORDER BY circle_id LIMIT 1").await;
        let a = id_of(&app, &format!("SELECT MIN(organisation_id) FROM circle_organisations WHERE circle_id = {circle}")).await;
        let b = id_of(&app, &format!("SELECT MAX(organisation_id) FROM circle_organisations WHERE circle_id = {circle}")).await;
        // A chose not to be listed to other members.
        sqlx::query("UPDATE organisations SET visible_to_members = 0 WHERE id = $1").bind(a).execute(&app.state.db.pool).await.unwrap();
        let person_of = |org: i64| format!("SELECT u.email FROM users u JOIN organisation_people p ON p.user_id = u.id WHERE p.organisation_id = {org} ORDER BY u.id LIMIT 1");
        let in_a = demo_person(&app, &person_of(a)).await;
        let in_b = demo_person(&app, &person_of(b)).await;
        let facilitator = demo_person(&app, &format!("SELECT u.email FROM users u JOIN circle_facilitators f ON f.user_id = u.id WHERE f.circle_id = {circle} LIMIT 1")).await;
        // A member of a co-op that is not in the circle.
        let outsider = demo_person(&app, &format!(
            "SELECT u.email FROM users u JOIN organisation_people p ON p.user_id = u.id WHERE p.organisation_id NOT IN \
             (SELECT organisation_id FROM circle_organisations WHERE circle_id = {circle}) \
             AND u.id NOT IN (SELECT user_id FROM circle_facilitators) AND u.id NOT IN (SELECT user_id FROM user_roles WHERE role <> 'member') ORDER BY u.id LIMIT 1"
        )).await;
        let fresh = app.person("fresh@example.coop", &[]).await;

        let page = |client: Client| {
            let app = &app;
            async move { app.call::<CirclePage>(&client, "circles/get", &[("id", &circle.to_string())]).await.unwrap().circle }
        };
        let names = |c: &Circle| c.organisations.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        // Staff and the facilitator see everyone, the unlisted co-op included.
        for who in [admin.clone(), facilitator.clone()] {
            let c = page(who).await;
            assert!(c.people_shown && names(&c).contains(&a) && names(&c).contains(&b) && !c.facilitators.is_empty());
        }
        // B's people see the circle's people, but not the co-op that chose not to be listed.
        let c = page(in_b.clone()).await;
        assert!(c.people_shown && names(&c).contains(&b) && !names(&c).contains(&a), "{:?}", c.organisations);
        assert_eq!(c.member_count as usize, c.organisations.len() + 1, "the count still counts it");
        // A's own people see their co-op.
        assert!(names(&page(in_a.clone()).await).contains(&a));
        // Outsiders and a fresh account see what the circle is, and how many are in it, not who.
        for who in [outsider.clone(), fresh.clone()] {
            let c = page(who).await;
            assert!(!c.people_shown && c.organisations.is_empty() && c.facilitators.is_empty() && c.specialists.is_empty());
            assert!(c.member_count >= 2);
        }
        // The catalogue says the same.
        let list: Vec<Circle> = app.call(&fresh, "circles/list", &[]).await.unwrap();
        assert!(!list.is_empty() && list.iter().all(|c| c.organisations.is_empty() && c.facilitators.is_empty() && !c.people_shown));
        let list: Vec<Circle> = app.call(&in_b, "circles/list", &[]).await.unwrap();
        let seen = list.iter().find(|c| c.id == circle).unwrap();
        assert!(seen.people_shown && !names(seen).contains(&a));
        assert!(list.iter().filter(|c| c.id != circle && c.people_shown).all(|c| !c.organisations.is_empty() || c.member_count == 0));
        // The unlisted co-op's id appears nowhere in what a member of B receives.
        let raw = app.call_raw(&in_b, "circles/list", &[]).await.text().await.unwrap();
        assert!(!raw.contains("unlisted"), "the list of unlisted co-ops never leaves the server");
        // The circle's meetings, and a co-op's meetings, are theirs too.
        let status = |r: reqwest::Response| r.status().as_u16();
        assert_eq!(status(app.call_raw(&outsider, "meetings/of_circle", &[("circle_id", &circle.to_string())]).await), 404);
        assert_eq!(status(app.call_raw(&fresh, "meetings/of_circle", &[("circle_id", &circle.to_string())]).await), 404);
        assert_eq!(status(app.call_raw(&in_b, "meetings/of_circle", &[("circle_id", &circle.to_string())]).await), 200);
        assert_eq!(status(app.call_raw(&outsider, "meetings/of_coop", &[("organisation_id", &b.to_string())]).await), 404);
        assert_eq!(status(app.call_raw(&in_b, "meetings/of_coop", &[("organisation_id", &b.to_string())]).await), 200);
        // And the page tells an outsider why they see no names.
        let (_, _, html) = app.get(&outsider, &format!("/circles/{circle}")).await;
        assert!(html.contains("data-members-hidden"), "{html}");
    }
);

on_both_databases!(
    one_account_cannot_make_the_portal_send_mail_without_end,
    |app: TestApp| async move {
        let member = demo(&app, "member@demo.coop").await;
        let coop = member_coop(&app).await.to_string();
        let outbox = "SELECT COUNT(*) FROM outbox WHERE to_addr LIKE 'invitee%@example.coop'";
        for i in 0..20 {
            let email = format!("invitee{i}@example.coop");
            app.call::<()>(&member, "orgs/invite", &[("id", &coop), ("email", &email)]).await.unwrap();
        }
        assert_eq!(app.count(outbox).await, 20);
        let refused = app.call_raw(&member, "orgs/invite", &[("id", &coop), ("email", "invitee20@example.coop")]).await;
        assert_eq!(refused.status().as_u16(), 429);
        assert!(matches!(serde_json::from_str::<AppError>(&refused.text().await.unwrap()).unwrap(), AppError::RateLimited { .. }));
        assert_eq!(app.count(outbox).await, 20, "the refused invitation sent nothing");
        assert_eq!(app.count("SELECT COUNT(*) FROM organisation_invites WHERE email = 'invitee20@example.coop'").await, 0);
        // Someone else's allowance is their own.
        let facilitator = browser();
        app.sign_in(&facilitator, "facilitator@demo.coop", server::demo::DEMO_PASSWORD).await.unwrap();
        let meeting = id_of(&app, "SELECT m.id FROM meetings m JOIN circle_facilitators f ON f.circle_id = m.circle_id JOIN users u ON u.id = f.user_id WHERE u.email = 'facilitator@demo.coop' ORDER BY m.id LIMIT 1").await;
        app.call::<()>(&facilitator, "meetings/remind", &[("meeting_id", &meeting.to_string()), ("message", "See you there")]).await.unwrap();
    }
);
