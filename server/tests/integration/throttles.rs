//! Throttles that hold under concurrency and behind a proxy, through the real HTTP server on
//! SQLite and on PostgreSQL: sign-in guesses counted atomically, the client's address taken
//! from a trusted proxy only, the general limit on `/api/*`, sign-ups per address and the cap
//! on concurrent password hashing.

use crate::common;

use app::error::AppError;
use app::state::Settings;
use common::{PASSWORD, TestApp, browser};
use futures_util::future::join_all;
use reqwest::Client;
use reqwest::header::{ACCEPT, CONTENT_TYPE, ORIGIN};

/// A server function called as the hydrated page does, coming through a proxy that says the
/// client is `client` (or straight, without the header).
async fn call_from(
    app: &TestApp,
    client: &Client,
    forwarded_for: Option<&str>,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (u16, Result<serde_json::Value, AppError>) {
    let mut request = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header(ORIGIN, &app.base)
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(form).unwrap());
    if let Some(ip) = forwarded_for {
        request = request.header("x-forwarded-for", ip);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    if (200..300).contains(&status) {
        (status, Ok(serde_json::from_str(&body).unwrap_or_default()))
    } else {
        let error = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{endpoint}: {status}: not an AppError ({e}): {body}"));
        (status, Err(error))
    }
}

async fn sign_in_from(
    app: &TestApp,
    client: &Client,
    forwarded_for: Option<&str>,
    email: &str,
    password: &str,
) -> Result<serde_json::Value, AppError> {
    call_from(
        app,
        client,
        forwarded_for,
        "accounts/sign_in",
        &[("email", email), ("password", password), ("next", "/")],
    )
    .await
    .1
}

async fn sign_up_from(
    app: &TestApp,
    client: &Client,
    forwarded_for: Option<&str>,
    email: &str,
) -> (u16, Result<serde_json::Value, AppError>) {
    call_from(
        app,
        client,
        forwarded_for,
        "accounts/sign_up",
        &[
            ("name", "Test Person"),
            ("email", email),
            ("password", PASSWORD),
            ("confirm", PASSWORD),
            ("next", "/"),
        ],
    )
    .await
}

/// This server again, behind a proxy on 127.0.0.1 that the configuration trusts.
async fn behind_proxy(app: &TestApp, tune: impl FnOnce(&mut Settings)) -> TestApp {
    app.tuned(|s| {
        s.trusted_proxies.ranges =
            app::accounts::session::TrustedProxies::parse_list("127.0.0.1").unwrap();
        tune(s);
    })
    .await
}

fn is_rate_limited(result: &Result<serde_json::Value, AppError>) -> bool {
    matches!(result, Err(AppError::RateLimited { .. }))
}

on_both_databases!(
    twenty_concurrent_wrong_guesses_let_at_most_the_limit_through,
    |app: TestApp| async move {
        app.sign_up(&browser(), "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let guesses = (0..20).map(|i| {
            let app = &app;
            async move {
                sign_in_from(
                    app,
                    &browser(),
                    None,
                    "ada@example.coop",
                    &format!("guess {i:02}"),
                )
                .await
            }
        });
        let results = join_all(guesses).await;
        let tried = results
            .iter()
            .filter(|r| **r == Err(AppError::BadCredentials))
            .count();
        let held_back = results.iter().filter(|r| is_rate_limited(r)).count();
        assert_eq!(
            tried, 5,
            "five guesses from one address, then a wait: {results:?}"
        );
        assert_eq!(held_back, 15, "{results:?}");
        for result in &results {
            if let Err(AppError::RateLimited {
                retry_after_minutes,
            }) = result
            {
                assert_eq!(*retry_after_minutes, 1, "the first wait is a minute");
            }
        }
        // The right password waits too: nothing tells a guesser it was right.
        assert!(is_rate_limited(
            &sign_in_from(&app, &browser(), None, "ada@example.coop", PASSWORD).await
        ));
        // The next wait doubles: as if the minute had passed, one more wrong guess…
        sqlx::query("UPDATE auth_attempts SET blocked_until = 0")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(
            sign_in_from(&app, &browser(), None, "ada@example.coop", "guess again").await,
            Err(AppError::BadCredentials)
        );
        assert_eq!(
            sign_in_from(&app, &browser(), None, "ada@example.coop", PASSWORD).await,
            Err(AppError::RateLimited {
                retry_after_minutes: 2
            })
        );
        // …and once it has passed, the right password signs in and the slate is clean.
        sqlx::query("UPDATE auth_attempts SET blocked_until = 0")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert!(
            sign_in_from(&app, &browser(), None, "ada@example.coop", PASSWORD)
                .await
                .is_ok()
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM auth_attempts WHERE scope = 'sign-in:account+address'")
                .await,
            0
        );
    }
);

on_both_databases!(
    guesses_from_many_addresses_at_once_are_capped_per_account,
    |app: TestApp| async move {
        app.sign_up(&browser(), "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let proxied = behind_proxy(&app, |_| {}).await;
        let guesses = (0..20).map(|i| {
            let app = &proxied;
            async move {
                let from = format!("198.51.100.{}", i + 1);
                sign_in_from(
                    app,
                    &browser(),
                    Some(&from),
                    "ada@example.coop",
                    "a wrong guess",
                )
                .await
            }
        });
        let results = join_all(guesses).await;
        let tried = results
            .iter()
            .filter(|r| **r == Err(AppError::BadCredentials))
            .count();
        assert_eq!(
            tried, 10,
            "ten guesses at one account from anywhere: {results:?}"
        );
        assert_eq!(results.iter().filter(|r| is_rate_limited(r)).count(), 10);
    }
);

on_both_databases!(
    behind_a_proxy_one_persons_failures_do_not_lock_out_another,
    |app: TestApp| async move {
        for (name, email) in [("Ada", "ada@example.coop"), ("Bea", "bea@example.coop")] {
            app.sign_up(&browser(), name, email, PASSWORD)
                .await
                .unwrap();
        }
        let app = behind_proxy(&app, |_| {}).await;
        let (mallory, ada, bea) = ("203.0.113.66", "198.51.100.7", "198.51.100.8");
        // Someone at one address guesses at Ada's account until held back…
        for _ in 0..5 {
            assert_eq!(
                sign_in_from(&app, &browser(), Some(mallory), "ada@example.coop", "guess").await,
                Err(AppError::BadCredentials)
            );
        }
        assert!(is_rate_limited(
            &sign_in_from(
                &app,
                &browser(),
                Some(mallory),
                "ada@example.coop",
                PASSWORD
            )
            .await
        ));
        // …and Ada, through the same proxy from her own address, is not.
        assert!(
            sign_in_from(&app, &browser(), Some(ada), "ada@example.coop", PASSWORD)
                .await
                .is_ok()
        );
        // The same address trying many accounts is held back after 30 wrong guesses…
        let many = (0..30).map(|i| {
            let app = &app;
            async move {
                sign_in_from(
                    app,
                    &browser(),
                    Some(mallory),
                    &format!("nobody{i}@example.coop"),
                    "guess",
                )
                .await
            }
        });
        let results = join_all(many).await;
        // (Ada's five wrong guesses from there counted too.)
        let tried = results
            .iter()
            .filter(|r| **r == Err(AppError::BadCredentials))
            .count();
        assert_eq!(tried, 25, "{results:?}");
        assert!(is_rate_limited(
            &sign_in_from(
                &app,
                &browser(),
                Some(mallory),
                "bea@example.coop",
                PASSWORD
            )
            .await
        ));
        // …while everyone else behind the same proxy signs in as usual.
        let client = browser();
        assert!(
            sign_in_from(&app, &client, Some(bea), "bea@example.coop", PASSWORD)
                .await
                .is_ok()
        );
        // The session records the client's address, not the proxy's.
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM sessions WHERE client_addr = '{bea}'"
            ))
            .await,
            1
        );
        // A client that writes its own X-Forwarded-For gets only the hop the proxy added.
        assert!(
            sign_in_from(
                &app,
                &browser(),
                Some(&format!("{ada}, 198.51.100.99")),
                "bea@example.coop",
                PASSWORD
            )
            .await
            .is_ok()
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM sessions WHERE client_addr = '198.51.100.99'")
                .await,
            1
        );
    }
);

on_both_databases!(
    a_forwarding_header_from_an_untrusted_peer_is_ignored,
    |app: TestApp| async move {
        app.sign_up(&browser(), "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        // No trusted proxies (the default): the header is the client's own say-so.
        for i in 0..5 {
            let from = format!("198.51.100.{}", i + 1);
            assert_eq!(
                sign_in_from(&app, &browser(), Some(&from), "ada@example.coop", "guess").await,
                Err(AppError::BadCredentials)
            );
        }
        assert!(is_rate_limited(
            &sign_in_from(
                &app,
                &browser(),
                Some("198.51.100.200"),
                "ada@example.coop",
                PASSWORD
            )
            .await
        ));
        // Nor when the proxies trusted are others than the peer.
        let elsewhere = app
            .tuned(|s| {
                s.trusted_proxies.ranges =
                    app::accounts::session::TrustedProxies::parse_list("10.0.0.0/8").unwrap();
            })
            .await;
        assert!(is_rate_limited(
            &sign_in_from(
                &elsewhere,
                &browser(),
                Some("198.51.100.201"),
                "ada@example.coop",
                PASSWORD
            )
            .await
        ));
        let (subject,): (String,) =
            sqlx::query_as("SELECT subject FROM auth_attempts WHERE scope = 'sign-in:address'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        assert_eq!(subject, "127.0.0.1");
    }
);

on_both_databases!(
    api_calls_beyond_the_per_address_limit_answer_429,
    |app: TestApp| async move {
        let defaults = Settings::default();
        let app = behind_proxy(&app, |s| {
            s.api_per_second = defaults.api_per_second;
            s.api_burst = defaults.api_burst;
        })
        .await;
        let client = browser();
        // What a busy page sends is well within the limit.
        for _ in 0..20 {
            let (status, _) = call_from(
                &app,
                &client,
                Some("198.51.100.1"),
                "accounts/who_am_i",
                &[],
            )
            .await;
            assert_eq!(status, 200);
        }
        // A flood is not: beyond the burst left, only about 20 a second get through.
        let started = std::time::Instant::now();
        let flood = (0..300).map(|_| {
            let (app, client) = (&app, &client);
            async move {
                client
                    .post(app.url("/api/accounts/who_am_i"))
                    .header(ORIGIN, &app.base)
                    .header(ACCEPT, "application/json")
                    .header("x-forwarded-for", "198.51.100.1")
                    .send()
                    .await
                    .unwrap()
            }
        });
        let responses = join_all(flood).await;
        let elapsed = started.elapsed().as_secs_f64();
        let refused: Vec<_> = responses.iter().filter(|r| r.status() == 429).collect();
        let passed = responses.iter().filter(|r| r.status() == 200).count();
        assert_eq!(refused.len() + passed, 300);
        let allowed = 40 + (elapsed * 20.0).ceil() as usize + 2;
        assert!(
            passed <= allowed && !refused.is_empty(),
            "{passed} passed in {elapsed:.2}s"
        );
        let retry_after: u64 = refused[0].headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&retry_after));
        let last = responses
            .into_iter()
            .rev()
            .find(|r| r.status() == 429)
            .unwrap();
        let error: AppError = last.json().await.unwrap();
        assert!(matches!(error, AppError::RateLimited { .. }), "{error:?}");
        // Another address behind the same proxy is not held back, nor are pages.
        let (status, _) = call_from(
            &app,
            &client,
            Some("198.51.100.2"),
            "accounts/who_am_i",
            &[],
        )
        .await;
        assert_eq!(status, 200);
        let page = client
            .get(app.url("/healthz"))
            .header("x-forwarded-for", "198.51.100.1")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        // And the flooding address gets going again once it slows down.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let (status, _) = call_from(
            &app,
            &client,
            Some("198.51.100.1"),
            "accounts/who_am_i",
            &[],
        )
        .await;
        assert_eq!(status, 200);
    }
);

on_both_databases!(
    sign_ups_are_limited_per_address,
    |app: TestApp| async move {
        let per_hour = Settings::default().sign_ups_per_address_per_hour;
        let app = behind_proxy(&app, |s| s.sign_ups_per_address_per_hour = per_hour).await;
        let (crowd, elsewhere) = ("203.0.113.5", "198.51.100.5");
        for i in 0..per_hour {
            let (status, result) =
                sign_up_from(&app, &browser(), Some(crowd), &format!("p{i}@example.coop")).await;
            assert_eq!(status, 200, "{result:?}");
        }
        let (status, result) =
            sign_up_from(&app, &browser(), Some(crowd), "one.more@example.coop").await;
        assert_eq!(status, 429);
        assert!(
            matches!(
                result,
                Err(AppError::RateLimited {
                    retry_after_minutes: 58..=60
                })
            ),
            "{result:?}"
        );
        let (status, _) =
            sign_up_from(&app, &browser(), Some(elsewhere), "one.more@example.coop").await;
        assert_eq!(status, 200);
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, per_hour + 1);
    }
);

on_both_databases!(
    concurrent_sign_ups_hash_no_more_passwords_at_once_than_there_are_cores,
    |app: TestApp| async move {
        let app = behind_proxy(&app, |_| {}).await;
        let capacity = app::accounts::password::hashing_capacity();
        let sign_ups = (0..4 * capacity + 4).map(|i| {
            let app = &app;
            async move {
                let from = format!("198.51.100.{}", i + 1);
                sign_up_from(app, &browser(), Some(&from), &format!("p{i}@example.coop")).await
            }
        });
        for (status, result) in join_all(sign_ups).await {
            assert_eq!(status, 200, "{result:?}");
        }
        let peak = app::accounts::password::peak_concurrent_hashes();
        assert!(
            (1..=capacity).contains(&peak),
            "{peak} hashes ran at once on {capacity} cores"
        );
    }
);
