//! The operator's side: demo data, the first admin, session timeouts — on both databases.

use crate::common;

use app::accounts::Role;
use common::{PASSWORD, TestApp, browser};

on_both_databases!(
    demo_data_makes_a_lived_in_portal_once,
    |app: TestApp| async move {
        assert!(server::demo::seed(&app.state.db).await.unwrap());
        // Twelve member co-ops, and one more from the approved demo application.
        assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 13);
        assert!(
            app.count("SELECT COUNT(DISTINCT nation) FROM organisations")
                .await
                >= 4,
            "all four UK nations"
        );
        assert!(
            app.count("SELECT COUNT(DISTINCT sector) FROM organisations")
                .await
                >= 8
        );
        assert_eq!(
            app.count("SELECT COUNT(DISTINCT theme) FROM circles").await,
            7,
            "circles on all seven themes"
        );
        // Applications in every status, so the advisor's queue is lived in.
        for status in app::onboarding::application::Status::ALL {
            let n = app
                .count(&format!(
                    "SELECT COUNT(*) FROM applications WHERE status = '{}'",
                    status.as_str()
                ))
                .await;
            assert!(n >= 1, "an application is {status:?}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM circles WHERE issues = ''").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM circle_specialists").await, 2);
        // Four to come, each with its reminder, and one held two weeks ago.
        assert_eq!(app.count("SELECT COUNT(*) FROM meetings").await, 5);
        assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND status = 'pending'").await, 4);
        assert_eq!(app.count("SELECT COUNT(*) FROM live_sessions WHERE status = 'closed' AND summary <> ''").await, 1);
        for role in Role::ALL {
            let n = app
                .count(&format!(
                    "SELECT COUNT(*) FROM user_roles WHERE role = '{}'",
                    role.as_str()
                ))
                .await;
            assert!(n >= 1, "someone holds {role:?}");
        }
        // Loading again changes nothing.
        let users = app.count("SELECT COUNT(*) FROM users").await;
        assert!(!server::demo::seed(&app.state.db).await.unwrap());
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, users);
        // The printed sign-ins work.
        let client = browser();
        app.sign_in(&client, "admin@demo.coop", server::demo::DEMO_PASSWORD)
            .await
            .unwrap();
        assert_eq!(app.who(&client).await.unwrap().roles, vec![Role::Admin]);

        // The session held: Tom finds it under his circle's past meetings, with what it left.
        let tom = browser();
        app.sign_in(&tom, "member@demo.coop", server::demo::DEMO_PASSWORD).await.unwrap();
        let (meeting, circle): (i64, i64) = sqlx::query_as("SELECT m.id, m.circle_id FROM meetings m JOIN live_sessions s ON s.meeting_id = m.id")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        let (status, _, html) = app.get(&tom, &format!("/circles/{circle}")).await;
        assert_eq!(status, 200);
        let past = html.find("Past meetings").expect("the circle page lists past meetings");
        assert!(html[past..].contains(&format!("href=\"/meetings/{meeting}\"")), "the held meeting is among them");
        assert!(!html[..past].contains(&format!("href=\"/meetings/{meeting}\"")), "and not among those to come");
        let (status, _, html) = app.get(&tom, &format!("/meetings/{meeting}")).await;
        assert_eq!(status, 200);
        for shown in ["Ruth Campbell", "How ready is Mill Lane to pilot buddies?", "three of them only in Sam", "Write down the three induction steps only Sam knows"] {
            assert!(html.contains(shown), "the session's summary shows {shown:?}");
        }
        // Its action waits on Mill Lane's programme as a proposal.
        assert_eq!(app.count("SELECT COUNT(*) FROM organisation_actions WHERE what = 'Write down the three induction steps only Sam knows' AND status = 'open'").await, 1);
    }
);

on_both_databases!(
    create_admin_bootstraps_the_first_admin,
    |app: TestApp| async move {
        let refused = server::create_admin(&app.state, "boss@example.coop", "Boss", "short").await;
        assert!(refused.is_err());
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
        server::create_admin(&app.state, "Boss@Example.coop", "Boss", PASSWORD)
            .await
            .unwrap();
        let client = browser();
        app.sign_in(&client, "boss@example.coop", PASSWORD)
            .await
            .unwrap();
        assert_eq!(app.who(&client).await.unwrap().roles, vec![Role::Admin]);
        // An existing account keeps its password and gains the role.
        app.sign_up(&browser(), "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        server::create_admin(&app.state, "ada@example.coop", "ignored", "")
            .await
            .unwrap();
        assert_eq!(
            app.count("SELECT COUNT(*) FROM user_roles WHERE role = 'admin'")
                .await,
            2
        );
    }
);

on_both_databases!(an_idle_session_times_out, |app: TestApp| async move {
    let client = browser();
    app.sign_up(&client, "Ada", "ada@example.coop", PASSWORD)
        .await
        .unwrap();
    let idle = app.state.settings.session_idle_secs + 60;
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1")
        .bind(idle)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(app.who(&client).await, None);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        0,
        "the timed-out session is deleted"
    );
});

on_both_databases!(
    a_session_ends_at_its_absolute_limit_however_busy,
    |app: TestApp| async move {
        let client = browser();
        app.sign_up(&client, "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let old = app.state.settings.session_absolute_secs + 60;
        sqlx::query("UPDATE sessions SET created_at = created_at - $1")
            .bind(old)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(app.who(&client).await, None);
    }
);

on_both_databases!(
    static_files_are_served_precompressed_and_cached_for_good,
    |app: TestApp| async move {
        let pkg = app.site_root().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        let script = "console.log('co-op circles');\n".repeat(200);
        std::fs::write(pkg.join("coop-circles.abc123.js"), &script).unwrap();
        assert_eq!(
            server::static_files::precompress(&pkg).unwrap(),
            2,
            "a .br and a .gz copy"
        );
        assert_eq!(
            server::static_files::precompress(&pkg).unwrap(),
            0,
            "fresh copies are not redone"
        );

        let response = browser()
            .get(app.url("/pkg/coop-circles.abc123.js"))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], "br");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let body = response.bytes().await.unwrap();
        assert_eq!(
            body.as_ref(),
            std::fs::read(pkg.join("coop-circles.abc123.js.br"))
                .unwrap()
                .as_slice()
        );
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut std::io::Cursor::new(body), &mut plain).unwrap();
        assert_eq!(plain, script.as_bytes());

        let missing = browser()
            .get(app.url("/pkg/nothing-here.js"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
        assert!(
            missing.headers().get("cache-control").is_none(),
            "a miss is not cached for a year"
        );
    }
);

// Many servers in one process (these tests; several instances behind one balancer do not
// share a process, but nothing here may depend on that): a router built while another server
// renders pages must not hold any of them up. Working out the routes once per process
// (`server::router`) is what keeps a page's data from being held back for ever (leptos #4773).
on_both_databases!(pages_answer_while_another_router_is_built, |app: TestApp| async move {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    // Set when the test ends, failed or not, so the builder's thread does not outlive it.
    struct Stop(Arc<AtomicBool>);
    impl Drop for Stop {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let _stop_on_exit = Stop(stop.clone());
    let builder = {
        let (state, stop) = (app.state.clone(), stop.clone());
        tokio::task::spawn_blocking(move || {
            let options = leptos::config::LeptosOptions::builder()
                .output_name("coop-circles")
                .site_root("target/site")
                .build();
            let mut built = 0;
            while !stop.load(Ordering::Relaxed) {
                drop(server::router(state.clone(), options.clone()));
                built += 1;
            }
            built
        })
    };
    // Pages whose data comes from a resource, signed out and signed in.
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    app.sign_up(&client, "Rowan Hale", "rowan@example.coop", PASSWORD).await.unwrap();
    for round in 0..40 {
        for path in ["/signin", "/circles", "/account"] {
            let response = client.get(app.url(path)).header("accept", "text/html").send().await;
            let status = response.map(|r| r.status().as_u16()).map_err(|e| e.is_timeout());
            assert_eq!(status, Ok(200), "{path} in round {round}");
        }
    }
    stop.store(true, Ordering::Relaxed);
    assert!(builder.await.unwrap() > 0, "routers were built meanwhile");
});

on_both_databases!(
    pages_carry_no_data_for_the_browser_but_islands_their_props,
    |app: TestApp| async move {
        assert!(server::demo::seed(&app.state.db).await.unwrap());
        let member = browser();
        app.sign_in(&member, "member@demo.coop", server::demo::DEMO_PASSWORD).await.unwrap();
        // Nothing outside an island hydrates: the data a page was rendered from is not written
        // into it again as JSON (every resource was, half of a co-op page's bytes).
        for path in ["/coops/1", "/circles/1", "/account", "/coops/1/programme"] {
            let (status, _, html) = app.get(&member, path).await;
            assert_eq!(status, 200, "{path}");
            assert!(html.contains("Mill Lane Bakery") || path == "/account", "{path} shows its page");
            assert!(!html.contains("__RESOLVED_RESOURCES["), "{path} carries no resource data");
            assert!(!html.contains("member@demo.coop") || path == "/account", "{path} does not carry the caller's address");
        }
        // An island still gets what it needs, as its props: a report draft's autosave.
        let draft = app.count("SELECT MIN(id) FROM reports WHERE status = 'draft' AND organisation_id = 1").await;
        let (status, _, html) = app.get(&member, &format!("/reports/{draft}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("<leptos-island") && html.contains(&format!("cc-report-{draft}")), "the autosave and its props");
    }
);

/// PostgreSQL closes every connection when it restarts (an operator's restart, a failover).
/// The pool tests a PostgreSQL connection before handing it out (`app::db`), so the pages
/// asked for right after still answer instead of failing on a closed connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_after_postgresql_closed_the_pools_connections_still_answer() {
    let app = common::spawn(common::Backend::Postgres).await;
    let client = app.person("pool@example.coop", &[]).await;
    // Several connections opened and left idle in the pool.
    let pages: Vec<_> = (0..6).map(|_| app.get(&client, "/account")).collect();
    for (status, _, _) in futures_util::future::join_all(pages).await {
        assert_eq!(status, 200);
    }
    let database = app.database_url.rsplit('/').next().unwrap().to_string();
    let admin = app::db::Db::connect(&std::env::var("TEST_POSTGRES_URL").unwrap()).await.unwrap();
    let closed: Vec<(bool,)> = sqlx::query_as(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    )
    .bind(database)
    .fetch_all(&admin.pool)
    .await
    .unwrap();
    admin.pool.close().await;
    assert!(closed.len() >= 2, "the pool's connections were closed ({})", closed.len());
    // Every page asked for now answers, on connections the pool opens again.
    let pages: Vec<_> = (0..6).map(|_| app.get(&client, "/account")).collect();
    for (status, _, body) in futures_util::future::join_all(pages).await {
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("pool@example.coop"), "the account page, with its owner's address");
    }
}
