//! Accounts through the real HTTP server, on SQLite and on PostgreSQL.

use crate::common;

use app::accounts::Role;
use app::error::AppError;
use app::i18n::T;
use common::{PASSWORD, TestApp, browser};

on_both_databases!(
    sign_up_refuses_bad_input_and_stores_nothing,
    |app: TestApp| async move {
        let client = browser();
        let err = app
            .call::<String>(
                &client,
                "accounts/sign_up",
                &[
                    ("name", " "),
                    ("email", "not-an-email"),
                    ("password", "short"),
                    ("confirm", "short"),
                    ("next", "/"),
                ],
            )
            .await
            .unwrap_err();
        assert_eq!(err.for_field("name"), Some(T::ErrNameMissing));
        assert_eq!(err.for_field("email"), Some(T::ErrEmailInvalid));
        assert_eq!(err.for_field("password"), Some(T::ErrPasswordTooShort));
        let long_name = "x".repeat(101);
        let err = app
            .sign_up(&client, &long_name, "ada@example.coop", PASSWORD)
            .await
            .unwrap_err();
        assert_eq!(err.for_field("name"), Some(T::ErrNameTooLong));
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
        assert_eq!(
            app.who(&client).await,
            None,
            "a refused sign-up signs nobody in"
        );
    }
);

on_both_databases!(
    sign_up_signs_in_and_a_duplicate_email_is_refused,
    |app: TestApp| async move {
        let client = browser();
        assert_eq!(
            app.sign_up(&client, "Ada Lovelace", "Ada@Example.coop", PASSWORD)
                .await
                .unwrap(),
            "/"
        );
        let me = app.who(&client).await.expect("signed in after sign-up");
        assert_eq!(
            (me.name.as_str(), me.email.as_str()),
            ("Ada Lovelace", "ada@example.coop")
        );
        assert!(me.roles.is_empty());

        let other = browser();
        let err = app
            .sign_up(&other, "Someone Else", "  ADA@example.COOP ", PASSWORD)
            .await
            .unwrap_err();
        assert_eq!(err.for_field("email"), Some(T::ErrEmailTaken));
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
        // The stored password is an argon2id hash, never the password.
        let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$") && !hash.contains(PASSWORD));
    }
);

on_both_databases!(
    wrong_password_and_unknown_email_get_the_same_answer,
    |app: TestApp| async move {
        app.sign_up(&browser(), "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let client = browser();
        let wrong = app
            .sign_in(&client, "ada@example.coop", "not the password")
            .await
            .unwrap_err();
        let unknown = app
            .sign_in(&client, "nobody@example.coop", "not the password")
            .await
            .unwrap_err();
        assert_eq!(wrong, AppError::BadCredentials);
        assert_eq!(unknown, AppError::BadCredentials);
        assert_eq!(app.who(&client).await, None);
        assert_eq!(
            app.sign_in(&client, "ADA@example.coop", PASSWORD)
                .await
                .unwrap(),
            "/account"
        );
        assert_eq!(app.who(&client).await.unwrap().email, "ada@example.coop");
    }
);

on_both_databases!(
    errors_answer_with_their_own_status,
    |app: TestApp| async move {
        let client = browser();
        let invalid = app
            .call_raw(
                &client,
                "accounts/sign_up",
                &[
                    ("name", ""),
                    ("email", ""),
                    ("password", ""),
                    ("confirm", ""),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(invalid.status(), 422);
        let wrong = app
            .call_raw(
                &client,
                "accounts/sign_in",
                &[
                    ("email", "nobody@example.coop"),
                    ("password", "whatever it is"),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(wrong.status(), 401);
        let signed_out = app
            .call_raw(
                &client,
                "accounts/change_password",
                &[("current", "a"), ("password", "b"), ("confirm", "b")],
            )
            .await;
        assert_eq!(signed_out.status(), 401);
    }
);

on_both_databases!(
    sign_in_is_rate_limited_per_account,
    |app: TestApp| async move {
        app.sign_up(&browser(), "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let client = browser();
        for _ in 0..5 {
            assert_eq!(
                app.sign_in(&client, "ada@example.coop", "guess guess guess")
                    .await
                    .unwrap_err(),
                AppError::BadCredentials
            );
        }
        // Now even the right password is refused, with a time to wait.
        match app
            .sign_in(&client, "ada@example.coop", PASSWORD)
            .await
            .unwrap_err()
        {
            AppError::RateLimited {
                retry_after_minutes,
            } => assert!((1..=15).contains(&retry_after_minutes)),
            other => panic!("expected a rate limit, got {other:?}"),
        }
        assert_eq!(app.who(&client).await, None);
        // Another account from the same address is not locked out by Ada's failures.
        app.sign_up(&browser(), "Bea", "bea@example.coop", PASSWORD)
            .await
            .unwrap();
        assert!(
            app.sign_in(&browser(), "bea@example.coop", PASSWORD)
                .await
                .is_ok()
        );
    }
);

on_both_databases!(a_revoked_session_stops_working, |app: TestApp| async move {
    let phone = browser();
    app.sign_up(&phone, "Ada", "ada@example.coop", PASSWORD)
        .await
        .unwrap();
    let laptop = browser();
    app.sign_in(&laptop, "ada@example.coop", PASSWORD)
        .await
        .unwrap();

    let sessions: Vec<app::accounts::SessionInfo> =
        app.call(&phone, "accounts/my_sessions", &[]).await.unwrap();
    assert_eq!(sessions.len(), 2);
    // The laptop was just seen (so this instance remembers who it is): the revocation must
    // still take effect at once.
    assert!(app.who(&laptop).await.is_some());
    let laptop_session = sessions.iter().find(|s| !s.is_current).unwrap().id;
    app.call::<()>(
        &phone,
        "accounts/revoke_session",
        &[("id", &laptop_session.to_string())],
    )
    .await
    .unwrap();

    assert_eq!(app.who(&laptop).await, None);
    assert_eq!(
        app.call::<Vec<app::accounts::SessionInfo>>(&laptop, "accounts/my_sessions", &[])
            .await
            .unwrap_err(),
        AppError::SignInRequired
    );
    assert!(app.who(&phone).await.is_some(), "the phone stays signed in");

    // Someone else's session cannot be ended by guessing its id.
    let bea = app.person("bea@example.coop", &[]).await;
    let (ada_session,): (i64,) = sqlx::query_as("SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'ada@example.coop'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        app.call::<()>(
            &bea,
            "accounts/revoke_session",
            &[("id", &ada_session.to_string())]
        )
        .await
        .unwrap_err(),
        AppError::NotFound
    );
    assert!(app.who(&phone).await.is_some());
});

on_both_databases!(
    sign_out_ends_the_session_on_the_server,
    |app: TestApp| async move {
        let client = browser();
        app.sign_up(&client, "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
        // Seen just before (so remembered): signing out still ends it at once.
        assert!(app.who(&client).await.is_some());
        app.call::<String>(&client, "accounts/sign_out", &[])
            .await
            .unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
        assert_eq!(app.who(&client).await, None);
    }
);

on_both_databases!(
    changing_the_password_signs_out_other_sessions,
    |app: TestApp| async move {
        let phone = browser();
        app.sign_up(&phone, "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let laptop = browser();
        app.sign_in(&laptop, "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        // Seen just before (so remembered): the new password still signs it out at once.
        assert!(app.who(&laptop).await.is_some());

        let err = app
            .call::<()>(
                &phone,
                "accounts/change_password",
                &[
                    ("current", "wrong one"),
                    ("password", "a brand new passphrase"),
                    ("confirm", "a brand new passphrase"),
                ],
            )
            .await
            .unwrap_err();
        assert_eq!(err.for_field("current"), Some(T::ErrCurrentPasswordWrong));

        app.call::<()>(
            &phone,
            "accounts/change_password",
            &[
                ("current", PASSWORD),
                ("password", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await
        .unwrap();
        assert!(app.who(&phone).await.is_some());
        assert_eq!(app.who(&laptop).await, None);
        assert_eq!(
            app.sign_in(&browser(), "ada@example.coop", PASSWORD)
                .await
                .unwrap_err(),
            AppError::BadCredentials
        );
        assert!(
            app.sign_in(&browser(), "ada@example.coop", "a brand new passphrase")
                .await
                .is_ok()
        );
    }
);

on_both_databases_with_mail!(
    a_forgotten_password_is_reset_by_the_emailed_link,
    |app: TestApp| async move {
        let old = browser();
        app.sign_up(&old, "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let client = browser();
        app.call::<()>(
            &client,
            "accounts/request_password_reset",
            &[("email", "ada@example.coop")],
        )
        .await
        .unwrap();
        // Unknown addresses get the same answer and no mail.
        app.call::<()>(
            &client,
            "accounts/request_password_reset",
            &[("email", "nobody@example.coop")],
        )
        .await
        .unwrap();
        // The link is read from the mail as delivered (by SMTP); the outbox has the message
        // with a placeholder where the link was.
        let token = app.token_in_mail("ada@example.coop", "/reset?token=").await;
        assert!(app.mail_to("nobody@example.coop").is_empty());
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox WHERE to_addr <> 'ada@example.coop'").await,
            0
        );
        let (body,): (String,) =
            sqlx::query_as("SELECT body FROM outbox WHERE subject LIKE 'Reset%'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        assert!(body.contains("[link sent by e-mail]") && !body.contains(&token), "{body}");

        assert!(
            app.call::<bool>(&client, "accounts/check_reset_token", &[("token", &token)])
                .await
                .unwrap()
        );
        let next: String = app
            .call(
                &client,
                "accounts/reset_password",
                &[
                    ("token", &token),
                    ("password", "my new passphrase"),
                    ("confirm", "my new passphrase"),
                ],
            )
            .await
            .unwrap();
        assert_eq!(next, "/signin?reset=1");
        assert_eq!(
            app.who(&old).await,
            None,
            "sessions with the old password end"
        );
        assert!(
            app.sign_in(&browser(), "ada@example.coop", "my new passphrase")
                .await
                .is_ok()
        );
        // A link works once.
        let again = app
            .call::<String>(
                &client,
                "accounts/reset_password",
                &[
                    ("token", &token),
                    ("password", "another passphrase"),
                    ("confirm", "another passphrase"),
                ],
            )
            .await
            .unwrap_err();
        assert_eq!(again, AppError::LinkExpired);
        // The token is nowhere at rest: not in any column of any table.
        assert_eq!(app.find_in_database(&token).await, Vec::<String>::new());
        let confirm = app.token_in_mail("ada@example.coop", "/confirm?token=").await;
        assert_eq!(app.find_in_database(&confirm).await, Vec::<String>::new());
    }
);

/// Every reset token in the mail delivered to `email`, oldest first.
fn reset_tokens(app: &TestApp, email: &str) -> Vec<String> {
    app.mail_to(email)
        .iter()
        .filter_map(|body| body.split("/reset?token=").nth(1))
        .map(|rest| rest[..64].to_string())
        .collect()
}

on_both_databases_with_mail!(
    a_new_password_ends_every_other_session_and_every_reset_link,
    |app: TestApp| async move {
        let ada = app.person("ada@example.coop", &[]).await;
        let elsewhere = browser();
        app.sign_in(&elsewhere, "ada@example.coop", PASSWORD).await.unwrap();
        let ask = || async {
            app.call::<()>(&browser(), "accounts/request_password_reset", &[("email", "ada@example.coop")])
                .await
                .unwrap()
        };
        let usable = |token: String| {
            let app = &app;
            async move {
                app.call::<bool>(&browser(), "accounts/check_reset_token", &[("token", &token)])
                    .await
                    .unwrap()
            }
        };

        // Two links asked for; the first one resets the password: the second stops working.
        ask().await;
        ask().await;
        let tokens = reset_tokens(&app, "ada@example.coop");
        assert_eq!(tokens.len(), 2);
        assert!(usable(tokens[1].clone()).await);
        app.call::<String>(
            &browser(),
            "accounts/reset_password",
            &[("token", &tokens[0]), ("password", "a new passphrase"), ("confirm", "a new passphrase")],
        )
        .await
        .unwrap();
        assert!(!usable(tokens[1].clone()).await, "the other link ended with the reset");
        let err = app
            .call::<String>(
                &browser(),
                "accounts/reset_password",
                &[("token", &tokens[1]), ("password", "a thief's passphrase"), ("confirm", "a thief's passphrase")],
            )
            .await
            .unwrap_err();
        assert_eq!(err, AppError::LinkExpired);
        assert_eq!(app.who(&ada).await, None, "every session ended");
        assert_eq!(app.who(&elsewhere).await, None);

        // A link asked for, then the password changed while signed in: this session stays,
        // the others end, and the link stops working.
        let ada = browser();
        app.sign_in(&ada, "ada@example.coop", "a new passphrase").await.unwrap();
        let other = browser();
        app.sign_in(&other, "ada@example.coop", "a new passphrase").await.unwrap();
        ask().await;
        let pending = reset_tokens(&app, "ada@example.coop").pop().unwrap();
        assert!(usable(pending.clone()).await);
        app.call::<()>(
            &ada,
            "accounts/change_password",
            &[("current", "a new passphrase"), ("password", "a third passphrase"), ("confirm", "a third passphrase")],
        )
        .await
        .unwrap();
        assert!(app.who(&ada).await.is_some(), "the session that changed it stays");
        assert_eq!(app.who(&other).await, None);
        assert!(!usable(pending.clone()).await, "the reset link ended with the change");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM password_resets WHERE used_at IS NULL").await,
            0
        );
        for token in reset_tokens(&app, "ada@example.coop") {
            assert_eq!(app.find_in_database(&token).await, Vec::<String>::new());
        }
    }
);

on_both_databases!(
    roles_are_required_and_granted_by_an_admin,
    |app: TestApp| async move {
        let member = app.person("member@example.coop", &[Role::Member]).await;
        let admin = app.person("admin@example.coop", &[Role::Admin]).await;
        let nobody = browser();

        assert_eq!(
            app.call::<Vec<app::admin::Person>>(&nobody, "admin/people", &[("search", "")])
                .await
                .unwrap_err(),
            AppError::SignInRequired
        );
        assert_eq!(
            app.call::<Vec<app::admin::Person>>(&member, "admin/people", &[("search", "")])
                .await
                .unwrap_err(),
            AppError::Forbidden
        );
        assert_eq!(
            app.call::<Vec<app::mail::OutboxMessage>>(&member, "admin/outbox", &[])
                .await
                .unwrap_err(),
            AppError::Forbidden
        );
        let (member_id,): (i64,) =
            sqlx::query_as("SELECT id FROM users WHERE email = 'member@example.coop'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        let id = member_id.to_string();
        // A member cannot make themselves an admin.
        assert_eq!(
            app.call::<()>(
                &member,
                "admin/grant_role",
                &[("user_id", &id), ("role", "admin")]
            )
            .await
            .unwrap_err(),
            AppError::Forbidden
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM user_roles WHERE role = 'admin'")
                .await,
            1
        );

        let people: Vec<app::admin::Person> = app
            .call(&admin, "admin/people", &[("search", "member@")])
            .await
            .unwrap();
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].roles, vec![Role::Member]);
        let err = app
            .call::<()>(
                &admin,
                "admin/grant_role",
                &[("user_id", &id), ("role", "superuser")],
            )
            .await
            .unwrap_err();
        assert_eq!(
            err.for_field(&format!("role-{id}")),
            Some(T::ErrRoleUnknown)
        );
        app.call::<()>(
            &admin,
            "admin/grant_role",
            &[("user_id", &id), ("role", "facilitator")],
        )
        .await
        .unwrap();
        assert_eq!(
            app.who(&member).await.unwrap().roles,
            vec![Role::Member, Role::Facilitator]
        );
        app.call::<()>(
            &admin,
            "admin/remove_role",
            &[("user_id", &id), ("role", "member")],
        )
        .await
        .unwrap();
        assert_eq!(
            app.who(&member).await.unwrap().roles,
            vec![Role::Facilitator]
        );

        // The last admin cannot remove their own role.
        let (admin_id,): (i64,) =
            sqlx::query_as("SELECT id FROM users WHERE email = 'admin@example.coop'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        let err = app
            .call::<()>(
                &admin,
                "admin/remove_role",
                &[("user_id", &admin_id.to_string()), ("role", "admin")],
            )
            .await
            .unwrap_err();
        assert_eq!(
            err.for_field(&format!("role-{admin_id}")),
            Some(T::ErrLastAdmin)
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM user_roles WHERE role = 'admin'")
                .await,
            1
        );
    }
);

on_both_databases!(
    a_cross_origin_post_is_refused_and_changes_nothing,
    |app: TestApp| async move {
        use reqwest::header::{CONTENT_TYPE, ORIGIN};
        let client = browser();
        let form = "name=Mallory&email=mallory%40example.coop&password=correct+horse+battery&confirm=correct+horse+battery&next=%2F";
        let evil = client
            .post(app.url("/api/accounts/sign_up"))
            .header(ORIGIN, "https://evil.example")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .unwrap();
        assert_eq!(evil.status(), 403);
        let fetch_site = client
            .post(app.url("/api/accounts/sign_up"))
            .header("sec-fetch-site", "cross-site")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .unwrap();
        assert_eq!(fetch_site.status(), 403);
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
        // The same request from our own origin goes through.
        let ours = app
            .call_raw(
                &client,
                "accounts/sign_up",
                &[
                    ("name", "Ada"),
                    ("email", "ada@example.coop"),
                    ("password", PASSWORD),
                    ("confirm", PASSWORD),
                    ("next", "/"),
                ],
            )
            .await;
        assert!(ours.status().is_success());
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
    }
);

on_both_databases!(
    a_plain_form_post_works_without_javascript,
    |app: TestApp| async move {
        use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, ORIGIN, REFERER};
        app.sign_up(&browser(), "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let client = browser();
        let post = |body: String| {
            client
                .post(app.url("/api/accounts/sign_in"))
                .header(ORIGIN, &app.base)
                .header(ACCEPT, "text/html")
                .header(REFERER, app.url("/signin?next=%2Faccount"))
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body)
                .send()
        };
        let wrong = post("email=ada%40example.coop&password=nope+nope+nope&next=%2Faccount".into())
            .await
            .unwrap();
        assert_eq!(wrong.status(), 302);
        let back = wrong.headers()[LOCATION].to_str().unwrap().to_string();
        // Back to the form as it was; the error and the typed address wait in a flash on the
        // server (see server/tests/integration/trust.rs), not in the address.
        assert_eq!(back, "/signin?next=%2Faccount");
        // The page it goes back to shows the message and keeps the address typed.
        let (_, _, html) = app.get(&client, &back).await;
        assert!(
            html.contains("The email address or password is not right"),
            "{html}"
        );
        assert!(html.contains("value=\"ada@example.coop\""), "{html}");

        let right = post(format!(
            "email=ada%40example.coop&password={}&next=%2Faccount",
            PASSWORD.replace(' ', "+")
        ))
        .await
        .unwrap();
        assert_eq!(right.status(), 302);
        assert_eq!(right.headers()[LOCATION], "/account");
        let (status, _, html) = app.get(&client, "/account").await;
        assert_eq!(status, 200);
        assert!(html.contains("ada@example.coop"));
    }
);

on_both_databases!(pages_guard_sign_in_and_roles, |app: TestApp| async move {
    let nobody = browser();
    let (status, headers, _) = app.get(&nobody, "/account").await;
    assert_eq!(status, 302);
    assert_eq!(headers["location"], "/signin?next=/account");
    let member = app.person("member@example.coop", &[Role::Member]).await;
    let (status, _, html) = app.get(&member, "/admin/people").await;
    assert_eq!(status, 403);
    assert!(html.contains("You do not have access"));
    let (status, _, html) = app.get(&nobody, "/no/such/page").await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
});

on_both_databases!(
    pages_carry_security_headers_and_a_script_nonce,
    |app: TestApp| async move {
        let (status, headers, html) = app.get(&browser(), "/").await;
        assert_eq!(status, 200);
        let csp = headers["content-security-policy"].to_str().unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .expect("a nonce in the CSP");
        assert!(nonce.len() >= 16);
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "the hydration script carries the nonce"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers.contains_key("referrer-policy"));
        assert!(headers.contains_key("x-request-id"));
    }
);

on_both_databases!(health_and_readiness, |app: TestApp| async move {
    let client = browser();
    assert_eq!(
        client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    app.state.db.pool.close().await;
    assert_eq!(
        client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        503
    );
});

on_both_databases!(an_oversized_body_is_refused, |app: TestApp| async move {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // Declare a 2 MiB body and send none of it: the server must refuse on the header alone.
    let host = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /api/accounts/sign_in HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        app.base,
        2 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 512];
    let n = stream.read(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]).to_string();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // A streamed body with no length is cut off at the limit too.
    let big = "x".repeat(2 * 1024 * 1024);
    let streamed = browser()
        .post(app.url("/api/accounts/sign_in"))
        .header("origin", &app.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(futures_stream(format!(
            "email={big}&password=p&next=%2F"
        ))))
        .send()
        .await;
    if let Ok(response) = streamed {
        assert!(
            !response.status().is_success(),
            "an oversized streamed body must not succeed"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM auth_attempts").await, 0);
});

/// One chunk, no Content-Length: the body arrives chunked.
fn futures_stream(
    body: String,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    struct Once(Option<Vec<u8>>);
    impl futures_core::Stream for Once {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.take().map(Ok))
        }
    }
    Once(Some(body.into_bytes()))
}

on_both_databases!(
    language_is_chosen_and_remembered,
    |app: TestApp| async move {
        use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE, ORIGIN};
        let client = browser();
        // The browser's language is honoured before any choice.
        let html = client
            .get(app.url("/signin"))
            .header(ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("<html lang=\"fr\""), "not the French sign-in page: {}", html.chars().take(300).collect::<String>());
        assert!(html.contains("Se connecter"));
        app.sign_up(&client, "Ada", "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let switch = client
            .post(app.url("/api/accounts/set_language"))
            .header(ORIGIN, &app.base)
            .header(ACCEPT, "text/html")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("lang=fr&back=%2Faccount")
            .send()
            .await
            .unwrap();
        assert_eq!(switch.status(), 302);
        assert_eq!(
            app.who(&client).await.unwrap().locale,
            app::i18n::Locale::Fr
        );
        // Remembered for the person: a new device signs in and gets French.
        let other = browser();
        app.sign_in(&other, "ada@example.coop", PASSWORD)
            .await
            .unwrap();
        let (_, _, html) = app.get(&other, "/account").await;
        assert!(html.contains("<html lang=\"fr\"") && html.contains("Mon compte"));
    }
);

on_both_databases!(
    a_change_made_by_another_process_is_seen_within_the_caller_cache_lifetime,
    |app: TestApp| async move {
        use app::accounts::caller_cache::CALLER_CACHE_TTL;
        let ada = app.person("ada@example.coop", &[]).await;
        assert_eq!(app.who(&ada).await.unwrap().locale, app::i18n::Locale::En);
        // Another instance, or the command line, changes her account: this instance is not told,
        // and may answer from what it read for up to CALLER_CACHE_TTL, but no longer.
        sqlx::query("UPDATE users SET locale = 'fr' WHERE email = 'ada@example.coop'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        tokio::time::sleep(CALLER_CACHE_TTL + std::time::Duration::from_millis(100)).await;
        assert_eq!(app.who(&ada).await.unwrap().locale, app::i18n::Locale::Fr);
    }
);
