//! Email addresses and the links sent to them, through the real server on both databases,
//! with mail delivered by SMTP to a real mail server on loopback (`common::spawn_with_mail`):
//!
//! - a new account confirms its address by an emailed link, signed in, once;
//! - an invitation or a claim link is taken only by the account that confirmed the very
//!   address it was sent to — not by someone who registered that address first, not by
//!   another confirmed account;
//! - no token (confirmation, reset, invitation, claim) is stored anywhere: every column of
//!   every table is read after each flow; the outbox, a person's messages and the admin's
//!   outbox page show the message with a placeholder instead of the link;
//! - a link is made when its mail is delivered: a queued job holds only which link to make,
//!   and a try that fails leaves no usable link behind (the next try replaces it).

use crate::common;

use app::accounts::{ConfirmLink, EmailStatus, Role};
use app::error::AppError;
use app::i18n::T;
use app::mail::OutboxMessage;
use app::onboarding::application::ApplicationView;
use app::organisations::Profile;
use common::{PASSWORD, TestApp, browser};
use reqwest::Client;

const PLACEHOLDER: &str = "[link sent by e-mail]";

/// Nothing of `token` anywhere: not in any column of any table, not on the pages that show
/// messages.
async fn assert_secret_nowhere(app: &TestApp, token: &str, pages: &[(&Client, &str)]) {
    assert_eq!(token.len(), 64);
    let found = app.find_in_database(token).await;
    assert!(found.is_empty(), "the token is stored in {found:?}");
    for (client, path) in pages {
        let (status, _, html) = app.get(client, path).await;
        assert_eq!(status, 200, "{path}: {}", &html[..html.len().min(2000)]);
        assert!(!html.contains(token), "{path} shows the token");
    }
}

async fn my_email(app: &TestApp, client: &Client) -> EmailStatus {
    app.call(client, "accounts/my_email", &[]).await.unwrap()
}

on_both_databases_with_mail!(
    a_new_account_confirms_its_address_by_the_emailed_link,
    |app: TestApp| async move {
        let ada = browser();
        app.sign_up(&ada, "Ada", "Ada@Example.coop", PASSWORD).await.unwrap();
        assert_eq!(
            my_email(&app, &ada).await,
            EmailStatus { email: "ada@example.coop".into(), verified: false },
            "signed in, not confirmed yet"
        );
        let mail = app.mails_to("ada@example.coop");
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].subject, "Confirm your email address for Co-op Circles");
        let token = app.token_in_mail("ada@example.coop", "/confirm?token=").await;

        // The outbox, and so Ada's message list, keeps the message without the link.
        let messages: Vec<OutboxMessage> = app.call(&ada, "meetings/my_messages", &[]).await.unwrap();
        assert_eq!(messages.len(), 1);
        assert!(messages[0].body.contains(PLACEHOLDER) && !messages[0].body.contains("/confirm?token="));
        let (_, _, html) = app.get(&ada, "/account").await;
        assert!(html.contains(PLACEHOLDER), "the message list shows the placeholder");
        assert!(html.contains("Not yet") && html.contains("Send the link again"), "the account page says it is not confirmed");
        assert_secret_nowhere(&app, &token, &[(&ada, "/account"), (&ada, "/")]).await;

        // Not signed in, the link asks to sign in first: someone who registered another
        // person's address cannot have it confirmed by that person clicking the link.
        let nobody = browser();
        assert_eq!(
            app.call::<ConfirmLink>(&nobody, "accounts/check_confirmation", &[("token", &token)]).await.unwrap_err(),
            AppError::SignInRequired
        );
        assert_eq!(
            app.call::<String>(&nobody, "accounts/confirm_email", &[("token", &token)]).await.unwrap_err(),
            AppError::SignInRequired
        );
        let (status, headers, _) = app.get(&nobody, &format!("/confirm?token={token}")).await;
        assert_eq!(status, 302);
        assert!(headers["location"].to_str().unwrap().starts_with("/signin?next="));
        // Another account cannot use it, nor learn whose it is.
        let bob = app.person("bob@example.coop", &[]).await;
        assert_eq!(
            app.call::<ConfirmLink>(&bob, "accounts/check_confirmation", &[("token", &token)]).await.unwrap(),
            ConfirmLink { email: String::new(), for_this_account: false }
        );
        let err = app.call::<String>(&bob, "accounts/confirm_email", &[("token", &token)]).await.unwrap_err();
        assert_eq!(err.for_field("confirm"), Some(T::ErrConfirmOtherAccount));
        assert!(!my_email(&app, &ada).await.verified);

        // Ada confirms it, once.
        assert_eq!(
            app.call::<ConfirmLink>(&ada, "accounts/check_confirmation", &[("token", &token)]).await.unwrap(),
            ConfirmLink { email: "ada@example.coop".into(), for_this_account: true }
        );
        let (status, _, html) = app.get(&ada, &format!("/confirm?token={token}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Confirm my address"));
        assert_eq!(
            app.call::<String>(&ada, "accounts/confirm_email", &[("token", &token)]).await.unwrap(),
            "/account?done=confirmed"
        );
        assert!(my_email(&app, &ada).await.verified);
        assert_eq!(
            app.call::<String>(&ada, "accounts/confirm_email", &[("token", &token)]).await.unwrap_err(),
            AppError::LinkExpired
        );
        assert_eq!(
            app.call::<String>(&ada, "accounts/confirm_email", &[("token", "00")]).await.unwrap_err(),
            AppError::LinkExpired
        );
        let (status, _, _) = app.get(&ada, &format!("/confirm?token={token}")).await;
        assert_eq!(status, AppError::LinkExpired.status(), "a used link says so");
        let (_, _, html) = app.get(&ada, "/account?done=confirmed").await;
        assert!(html.contains("Your email address is confirmed."));
        assert!(!html.contains("Send the link again"));
        // Nothing more to send.
        let err = app.call::<()>(&ada, "accounts/resend_confirmation", &[("back", "/account")]).await.unwrap_err();
        assert_eq!(err.for_field("confirm-email"), Some(T::ErrAlreadyConfirmed));
        assert_secret_nowhere(&app, &token, &[(&ada, "/account")]).await;
    }
);

on_both_databases_with_mail!(
    the_confirmation_link_is_sent_again_on_request_throttled_and_expires,
    |app: TestApp| async move {
        let ada = app.unconfirmed_person("ada@example.coop", &[]).await;
        let first = app.token_in_mail("ada@example.coop", "/confirm?token=").await;
        // Three more an hour, then "try again later".
        for n in 0..2 {
            let done = app.call_raw(&ada, "accounts/resend_confirmation", &[("back", "/coops")]).await;
            assert!(done.status().is_success(), "resend {n}: {}", done.status());
        }
        // A plain form post goes back where it was asked from, saying so.
        let response = ada
            .post(app.url("/api/accounts/resend_confirmation"))
            .header("origin", &app.base)
            .header("accept", "text/html")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("back=%2Finvite%3Ftoken%3Dabc%26done%3Dold")
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(response.headers()["location"], "/invite?token=abc&done=resent#confirm-email");
        let err = app.call::<()>(&ada, "accounts/resend_confirmation", &[("back", "/")]).await.unwrap_err();
        assert!(matches!(err, AppError::RateLimited { .. }), "{err:?}");
        let bodies = app.mail_to("ada@example.coop");
        assert_eq!(bodies.len(), 4, "the sign-up's link and three more");
        let tokens: Vec<String> = bodies
            .iter()
            .map(|b| b.split("/confirm?token=").nth(1).unwrap()[..64].to_string())
            .collect();
        for token in &tokens {
            assert_secret_nowhere(&app, token, &[]).await;
        }

        // An expired link does nothing; a fresh one works and spends the others.
        sqlx::query("UPDATE email_confirmations SET expires_at = 0 WHERE token_hash = $1")
            .bind(app::accounts::session::hash_token(&first))
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(
            app.call::<String>(&ada, "accounts/confirm_email", &[("token", &first)]).await.unwrap_err(),
            AppError::LinkExpired
        );
        assert!(!my_email(&app, &ada).await.verified);
        app.call::<String>(&ada, "accounts/confirm_email", &[("token", &tokens[3])]).await.unwrap();
        assert!(my_email(&app, &ada).await.verified);
        assert_eq!(
            app.call::<String>(&ada, "accounts/confirm_email", &[("token", &tokens[2])]).await.unwrap_err(),
            AppError::LinkExpired
        );
    }
);

// ----- Invitations and claim links belong to their address -----

use common::COMPLETE_APPLICATION as COMPLETE;

/// An approved co-op and its representative (Rhian); returns (co-op id, Rhian, an admin).
async fn approved_coop(app: &TestApp) -> (String, Client, Client) {
    let rep = app.person("rhian@hillfarm.coop", &[]).await;
    let path: String = app.call(&rep, "onboarding/start", &[]).await.unwrap();
    let id = path.trim_start_matches("/apply/").to_string();
    let mut pairs: Vec<(String, String)> = vec![
        ("id".into(), id.clone()),
        ("version".into(), "1".into()),
        ("intent".into(), "check".into()),
    ];
    pairs.extend(COMPLETE.iter().map(|(k, v)| (format!("fields[{k}]"), v.to_string())));
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call::<String>(&rep, "onboarding/save", &borrowed).await.unwrap();
    app.call::<String>(&rep, "onboarding/submit", &[("id", &id)]).await.unwrap();
    let admin = app.person("aisha@admin.coop", &[Role::Admin]).await;
    app.call::<()>(&admin, "onboarding/decide", &[("id", &id), ("decision", "approve")]).await.unwrap();
    let org = app.count("SELECT MAX(id) FROM organisations").await.to_string();
    (org, rep, admin)
}

async fn people_in(app: &TestApp, org: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM organisation_people WHERE organisation_id = {org}")).await
}

on_both_databases_with_mail!(
    an_invitation_is_taken_only_with_the_confirmed_invited_address,
    |app: TestApp| async move {
        let (org, rep, admin) = approved_coop(&app).await;
        // Mallory registers her colleague Dai's address before Dai does (she cannot confirm it:
        // the link goes to Dai's mailbox).
        let mallory = app.unconfirmed_person("dai@hillfarm.coop", &[]).await;

        app.call::<()>(&rep, "orgs/invite", &[("id", &org), ("email", "dai@hillfarm.coop")]).await.unwrap();
        let token = app.token_in_mail("dai@hillfarm.coop", "/invite?token=").await;
        // The invitation is not bound to the unconfirmed account: not among its messages.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox WHERE subject LIKE '%invites you%' AND to_user IS NOT NULL").await,
            0
        );
        let messages: Vec<OutboxMessage> = app.call(&mallory, "meetings/my_messages", &[]).await.unwrap();
        assert!(messages.iter().all(|m| !m.subject.contains("invites you")), "{messages:?}");
        assert_secret_nowhere(&app, &token, &[(&admin, "/admin/outbox"), (&mallory, "/account")]).await;
        let outbox: app::mail::OutboxList = app.call(&admin, "admin/outbox", &[]).await.unwrap();
        assert_eq!(outbox.failed, 0);
        let invitation = outbox.messages.iter().find(|m| m.subject.contains("invites you")).unwrap();
        assert!(invitation.body.contains(PLACEHOLDER) && !invitation.body.contains("/invite?token="), "{}", invitation.body);

        // Even holding the link, Mallory cannot take it with the unconfirmed address…
        let err = app.call::<String>(&mallory, "orgs/accept_invite", &[("token", &token)]).await.unwrap_err();
        assert_eq!(err.for_field("confirm-email"), Some(T::ErrConfirmEmailFirst));
        let (status, _, html) = app.get(&mallory, &format!("/invite?token={token}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Send the link again") && !html.contains("id=\"link\""), "the page says to confirm first, no accept form");
        // …nor can a confirmed account with another address.
        let eve = app.person("eve@elsewhere.coop", &[Role::Member]).await;
        let err = app.call::<String>(&eve, "orgs/accept_invite", &[("token", &token)]).await.unwrap_err();
        assert_eq!(err.for_field("link"), Some(T::ErrLinkForAnotherAddress));
        assert_eq!(people_in(&app, &org).await, 1, "only the representative");
        assert_eq!(app.count("SELECT COUNT(*) FROM organisation_invites WHERE accepted_at IS NOT NULL").await, 0);

        // Dai takes the account back with a password reset (the link comes to his mailbox,
        // which proves the address); Mallory is signed out.
        app.call::<()>(&browser(), "accounts/request_password_reset", &[("email", "dai@hillfarm.coop")]).await.unwrap();
        let reset = app.token_in_mail("dai@hillfarm.coop", "/reset?token=").await;
        let dai = browser();
        app.call::<String>(
            &dai,
            "accounts/reset_password",
            &[("token", &reset), ("password", "dai's own passphrase"), ("confirm", "dai's own passphrase")],
        )
        .await
        .unwrap();
        assert_eq!(app.who(&mallory).await, None);
        app.sign_in(&dai, "dai@hillfarm.coop", "dai's own passphrase").await.unwrap();
        assert!(my_email(&app, &dai).await.verified, "the reset link proved the address");
        // The address is compared without case.
        sqlx::query("UPDATE organisation_invites SET email = 'Dai@HillFarm.COOP'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(
            app.call::<String>(&dai, "orgs/accept_invite", &[("token", &token)]).await.unwrap(),
            format!("/coops/{org}")
        );
        assert_eq!(people_in(&app, &org).await, 2);
        let profile: Profile = app.call(&dai, "orgs/profile", &[("id", &org)]).await.unwrap();
        assert!(profile.can_see_needs && !profile.can_edit);
        assert_secret_nowhere(&app, &token, &[(&admin, "/admin/outbox"), (&dai, "/account")]).await;
        assert_secret_nowhere(&app, &reset, &[(&admin, "/admin/outbox"), (&dai, "/account")]).await;
    }
);

on_both_databases_with_mail!(
    a_claim_link_is_taken_only_with_the_confirmed_address_it_was_sent_to,
    |app: TestApp| async move {
        let advisor = app.person("gareth@advice.coop", &[Role::Advisor]).await;
        let path: String = app
            .call(&advisor, "onboarding/start_on_behalf", &[("org_name", "Hill Farm Co-op"), ("contact_email", "rhian@hillfarm.coop"), ("channel", "phone")])
            .await
            .unwrap();
        let id = path.trim_start_matches("/apply/").to_string();
        let token = app.token_in_mail("rhian@hillfarm.coop", "/claim?token=").await;
        assert_secret_nowhere(&app, &token, &[(&advisor, "/account")]).await;
        let (body,): (String,) = sqlx::query_as("SELECT body FROM outbox WHERE to_addr = 'rhian@hillfarm.coop'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert!(body.contains(PLACEHOLDER), "{body}");

        // A confirmed account with another address cannot take it.
        let eve = app.person("eve@elsewhere.coop", &[]).await;
        let err = app.call::<String>(&eve, "onboarding/claim_link", &[("token", &token)]).await.unwrap_err();
        assert_eq!(err.for_field("link"), Some(T::ErrLinkForAnotherAddress));
        // Rhian signs up with the address: until she confirms it, she cannot take it.
        let rhian = browser();
        app.sign_up(&rhian, "Rhian", "rhian@hillfarm.coop", PASSWORD).await.unwrap();
        let err = app.call::<String>(&rhian, "onboarding/claim_link", &[("token", &token)]).await.unwrap_err();
        assert_eq!(err.for_field("confirm-email"), Some(T::ErrConfirmEmailFirst));
        let (_, _, html) = app.get(&rhian, &format!("/claim?token={token}")).await;
        assert!(html.contains("Send the link again") && !html.contains("id=\"link\""));
        assert_eq!(app.count("SELECT COUNT(*) FROM applications WHERE applicant_id IS NOT NULL").await, 0);

        let confirm = app.token_in_mail("rhian@hillfarm.coop", "/confirm?token=").await;
        app.call::<String>(&rhian, "accounts/confirm_email", &[("token", &confirm)]).await.unwrap();
        let (_, _, html) = app.get(&rhian, &format!("/claim?token={token}")).await;
        assert!(html.contains("id=\"link\"") && !html.contains("Send the link again"), "now the accept form");
        assert_eq!(
            app.call::<String>(&rhian, "onboarding/claim_link", &[("token", &token)]).await.unwrap(),
            format!("/apply/{id}")
        );
        let view: ApplicationView = app.call(&rhian, "onboarding/get", &[("id", &id)]).await.unwrap();
        assert!(view.can_edit, "the application is Rhian's");
        assert_eq!(
            app.call::<String>(&eve, "onboarding/claim_link", &[("token", &token)]).await.unwrap_err(),
            AppError::LinkExpired
        );
        assert_secret_nowhere(&app, &token, &[(&advisor, "/account"), (&rhian, "/account")]).await;
        assert_secret_nowhere(&app, &confirm, &[(&rhian, "/account")]).await;
    }
);

// ----- Made when delivered: a queued job holds no token -----

on_both_databases_with_mail!(
    a_link_is_made_only_when_its_mail_is_delivered_and_made_again_after_a_failed_try,
    |app: TestApp| async move {
        let ada = browser();
        app.sign_up(&ada, "Ada", "ada@example.coop", PASSWORD).await.unwrap();
        // Queued: no link exists yet. The job says which link to make — a confirmation for
        // this account — and nothing else of it.
        assert_eq!(app.count("SELECT COUNT(*) FROM email_confirmations").await, 0);
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'ada@example.coop'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        let (payload,): (String,) = sqlx::query_as("SELECT payload FROM jobs WHERE kind = 'mail'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
        assert_eq!(payload["link"], serde_json::json!({ "confirm": { "user": id } }), "{payload}");
        let (status, body): (String, String) = sqlx::query_as("SELECT status, body FROM outbox")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(status, "queued");
        assert!(body.contains(PLACEHOLDER), "{body}");

        // The first try cannot reach the mail server: a link was made for it, and never
        // delivered.
        let unreachable = app.with_mailer(common::unreachable_smtp()).await;
        assert_eq!(unreachable.deliver_mail().await, 1);
        assert!(app.delivered_so_far().is_empty());
        let first: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM email_confirmations")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(first.len(), 1);
        // The next try makes a new link in its place, and that is the one delivered.
        sqlx::query("UPDATE jobs SET run_at = 0").execute(&app.state.db.pool).await.unwrap();
        let token = app.token_in_mail("ada@example.coop", "/confirm?token=").await;
        let now: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM email_confirmations")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(now, [(app::accounts::session::hash_token(&token),)]);
        assert_ne!(now, first);
        assert_eq!(app.mails_to("ada@example.coop").len(), 1, "delivered once");
        assert_secret_nowhere(&app, &token, &[(&ada, "/account")]).await;
        assert_eq!(
            app.call::<String>(&ada, "accounts/confirm_email", &[("token", &token)]).await.unwrap(),
            "/account?done=confirmed"
        );
    }
);

// ----- Accounts made by the operator -----

on_both_databases!(
    demo_and_command_line_accounts_have_confirmed_addresses,
    |app: TestApp| async move {
        assert!(server::demo::seed(&app.state.db).await.unwrap());
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email_verified_at IS NULL").await, 0);
        server::create_admin(&app.state, "boss@example.coop", "Boss", PASSWORD).await.unwrap();
        let (verified,): (Option<i64>,) = sqlx::query_as("SELECT email_verified_at FROM users WHERE email = 'boss@example.coop'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert!(verified.is_some());
        // A fresh sign-up is not.
        let fresh = browser();
        app.sign_up(&fresh, "Fresh", "fresh@example.coop", PASSWORD).await.unwrap();
        assert!(!my_email(&app, &fresh).await.verified);
    }
);

// ----- Without SMTP: the outbox has the placeholder, the mail folder the link -----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_a_mail_folder_holds_the_mail_as_delivered() {
    let app = common::spawn(common::Backend::Sqlite).await;
    let folder = app.site_root().with_file_name("mail-folder");
    // A server with a mail folder and no SMTP, as `--mail-dir` sets it.
    let app = app
        .with_mailer(app::mail::Mailer::outbox_only().with_mail_dir(&folder, "Co-op Circles <circles@localhost>"))
        .await;
    app.person("ada@example.coop", &[]).await;
    sqlx::query("UPDATE users SET name = 'Adèle', locale = 'fr'").execute(&app.state.db.pool).await.unwrap();
    app.call::<()>(&browser(), "accounts/request_password_reset", &[("email", "ada@example.coop")]).await.unwrap();
    // Queued: nothing is written until the worker runs.
    assert!(!folder.exists() || std::fs::read_dir(&folder).unwrap().next().is_none());
    assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'password_reset' AND status = 'pending'").await, 1);
    assert_eq!(app.deliver_mail().await, 2, "the request, then the message it queued");
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(name.ends_with("-ada@example.coop.eml"), "{name}");
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("To: ada@example.coop"), "{eml}");
    assert!(eml.contains("Content-Transfer-Encoding: 8bit"), "readable as it is: {eml}");
    assert!(eml.contains("Bonjour Adèle"), "{eml}");
    let link = format!("{}/reset?token=", app.base);
    let token = eml.split(&link).nth(1).expect("the link, on this server")[..64].to_string();
    let (status, body): (String, String) = sqlx::query_as("SELECT status, body FROM outbox")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "held");
    assert!(body.contains("[lien envoyé par e-mail]") && !body.contains(&token), "{body}");
    assert_secret_nowhere(&app, &token, &[]).await;
    assert!(app.call::<bool>(&browser(), "accounts/check_reset_token", &[("token", &token)]).await.unwrap());
}
