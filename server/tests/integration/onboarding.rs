//! Onboarding through the real HTTP server, on SQLite and on PostgreSQL: applying, the
//! advisor's review and decision, the member profile, and joining a circle — and every
//! forbidden step tried and refused.

use crate::common;

use app::accounts::Role;
use app::circles::CirclePage;
use app::error::AppError;
use app::i18n::T;
use app::onboarding::application::{ApplicationSummary, ApplicationView, Status};
use app::onboarding::review::{QueueItem, Review};
use app::organisations::Profile;
use common::{TestApp, browser};
use reqwest::Client;

fn complete() -> Vec<(&'static str, &'static str)> {
    vec![
        ("org_name", "Co-operative XYZ"),
        ("legal_form", "worker"),
        ("sector", "food"),
        ("nation", "england"),
        ("region", "North West"),
        ("members_count", "14"),
        ("staff_count", "3"),
        ("contact_name", "Ada Applicant"),
        ("contact_email", "ada@xyz.coop"),
        ("contact_preference", "email"),
        ("delivery", "online"),
        ("people-issue-induction", "on"),
        ("people-issue-recruiting", "on"),
        ("people-urgency", "high"),
        ("people-words", "Our induction is out of date."),
    ]
}

async fn start(app: &TestApp, client: &Client) -> i64 {
    let path: String = app.call(client, "onboarding/start", &[]).await.unwrap();
    path.trim_start_matches("/apply/").parse().unwrap()
}

async fn save(
    app: &TestApp,
    client: &Client,
    id: i64,
    version: i64,
    fields: &[(&str, &str)],
    intent: &str,
) -> Result<String, AppError> {
    let id = id.to_string();
    let version = version.to_string();
    let names: Vec<String> = fields.iter().map(|(k, _)| format!("fields[{k}]")).collect();
    let mut form: Vec<(&str, &str)> = vec![("id", &id), ("version", &version), ("intent", intent)];
    for (name, (_, value)) in names.iter().zip(fields) {
        form.push((name, value));
    }
    app.call(client, "onboarding/save", &form).await
}

async fn get(app: &TestApp, client: &Client, id: i64) -> Result<ApplicationView, AppError> {
    app.call(client, "onboarding/get", &[("id", &id.to_string())]).await
}

/// A circle for the tests: (name, theme, sector, region, delivery, issues), facilitated by `by`.
async fn circle(app: &TestApp, name: &str, theme: &str, sector: &str, delivery: &str, issues: &str, by: i64) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO circles (name, theme, purpose, sector, region, delivery_mode, status, capacity, created_at, issues) \
         VALUES ($1, $2, 'A purpose', $3, '', $4, 'open', 8, 0, $5) RETURNING id",
    )
    .bind(name)
    .bind(theme)
    .bind(sector)
    .bind(delivery)
    .bind(issues)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO circle_facilitators (circle_id, user_id) VALUES ($1, $2)")
        .bind(id)
        .bind(by)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    id
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    id
}

async fn submitted(app: &TestApp, email: &str) -> (Client, i64) {
    let client = app.person(email, &[]).await;
    let id = start(app, &client).await;
    save(app, &client, id, 1, &complete(), "check").await.unwrap();
    app.call::<String>(&client, "onboarding/submit", &[("id", &id.to_string())])
        .await
        .unwrap();
    (client, id)
}

on_both_databases!(
    apply_review_approve_join_a_circle,
    |app: TestApp| async move {
        let applicant = app.person("ada@xyz.coop", &[]).await;
        let id = start(&app, &applicant).await;
        assert_eq!(start(&app, &applicant).await, id, "a second start resumes the draft");
        let fresh = get(&app, &applicant, id).await.unwrap();
        assert_eq!(fresh.fields.get("contact_email").map(String::as_str), Some("ada@xyz.coop"), "prefilled from the account");

        // Half-way: saved as a draft, nothing lost on reload.
        save(&app, &applicant, id, 1, &complete()[..4], "save").await.unwrap();
        let view = get(&app, &applicant, id).await.unwrap();
        assert_eq!(view.status, Status::Draft);
        assert!(view.can_edit);
        assert_eq!(view.fields.get("org_name").map(String::as_str), Some("Co-operative XYZ"));

        // "Continue" with gaps: the errors name the fields, and the draft is still saved.
        let err = save(&app, &applicant, id, 1, &complete()[..6], "check").await.unwrap_err();
        assert_eq!(err.for_field("staff_count"), Some(T::ErrCountMissing), "{err:?}");
        assert_eq!(err.for_field("needs"), Some(T::ErrNeedsMissing));
        assert_eq!(get(&app, &applicant, id).await.unwrap().fields.get("region").map(String::as_str), Some("North West"));

        assert_eq!(save(&app, &applicant, id, 1, &complete(), "check").await.unwrap(), format!("/apply/{id}/check"));
        assert_eq!(
            app.call::<String>(&applicant, "onboarding/submit", &[("id", &id.to_string())]).await.unwrap(),
            "/apply?done=submitted"
        );
        let mine: Vec<ApplicationSummary> = app.call(&applicant, "onboarding/mine", &[]).await.unwrap();
        assert_eq!((mine[0].id, mine[0].status), (id, Status::Submitted));
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ada@xyz.coop' AND subject LIKE '%Co-operative XYZ%'").await, 1);
        // Submitted: no more changes.
        let err = save(&app, &applicant, id, 1, &complete(), "save").await.unwrap_err();
        assert_eq!(err.for_field("needs"), Some(T::ErrAlreadySubmitted));

        // The advisor's queue, filtered.
        let advisor = app.person("gareth@advice.coop", &[Role::Advisor]).await;
        let queue: Vec<QueueItem> = app.call(&advisor, "onboarding/queue", &[("theme", "people"), ("region", "North West")]).await.unwrap();
        assert_eq!(queue.iter().map(|q| q.id).collect::<Vec<_>>(), vec![id]);
        let none: Vec<QueueItem> = app.call(&advisor, "onboarding/queue", &[("theme", "finance")]).await.unwrap();
        assert!(none.is_empty());

        let facilitator_id = {
            app.person("priya@facilitate.coop", &[Role::Facilitator]).await;
            user_id(&app, "priya@facilitate.coop").await
        };
        let induction = circle(&app, "Induction of new members", "people", "", "online", "induction,developing", facilitator_id).await;
        circle(&app, "Food suppliers", "sector", "food", "online", "suppliers", facilitator_id).await;

        app.call::<()>(&advisor, "onboarding/claim", &[("id", &id.to_string())]).await.unwrap();
        app.call::<()>(&advisor, "onboarding/add_contact", &[("id", &id.to_string()), ("channel", "phone"), ("date", "2026-11-20"), ("summary", "Talked about induction.")]).await.unwrap();
        app.call::<()>(&advisor, "onboarding/save_summary", &[("id", &id.to_string()), ("summary", "Needs a new induction process.")]).await.unwrap();
        let review: Review = app.call(&advisor, "onboarding/review", &[("id", &id.to_string())]).await.unwrap();
        assert_eq!(review.application.status, Status::InReview);
        assert!(review.claimed_by_me);
        assert_eq!(review.contacts.len(), 1);
        assert_eq!(review.recommendations.len(), 1, "only the circle sharing a need: {:?}", review.recommendations);
        assert_eq!(review.recommendations[0].circle_id, induction);
        assert!(review.recommendations[0].reasons.contains(&app::onboarding::recommend::Reason::Issue("induction".into())));

        app.call::<()>(&advisor, "onboarding/decide", &[("id", &id.to_string()), ("decision", "approve"), ("message", "Welcome!")]).await.unwrap();
        let view = get(&app, &applicant, id).await.unwrap();
        assert_eq!(view.status, Status::Approved);
        let org = view.organisation_id.expect("an organisation");
        let statuses: Vec<Status> = view.history.iter().map(|c| c.to).collect();
        assert_eq!(statuses, vec![Status::Submitted, Status::InReview, Status::Approved]);
        assert_eq!(view.history[2].by, "Test Person");
        assert_eq!(app.who(&applicant).await.unwrap().roles, vec![Role::Member]);
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ada@xyz.coop' AND subject LIKE 'Welcome%'").await, 1);

        let profile: Profile = app.call(&applicant, "orgs/profile", &[("id", &org.to_string())]).await.unwrap();
        assert_eq!(profile.name, "Co-operative XYZ");
        assert!(profile.can_edit && profile.can_see_needs);
        assert_eq!(profile.needs_summary, "Needs a new induction process.");
        assert_eq!(profile.needs[0].issues, vec!["recruiting".to_string(), "induction".to_string()], "in questionnaire order");

        // Ask to join the recommended circle; the facilitator accepts.
        app.call::<()>(&applicant, "circles/request_join", &[("circle_id", &induction.to_string()), ("organisation_id", &org.to_string()), ("message", "We would love to.")]).await.unwrap();
        let again = app.call::<()>(&applicant, "circles/request_join", &[("circle_id", &induction.to_string()), ("organisation_id", &org.to_string())]).await.unwrap_err();
        assert_eq!(again.for_field("join-message"), Some(T::ErrAlreadyRequested));
        // The circle's facilitator hears of it, once.
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'priya@facilitate.coop' AND subject LIKE '%asks to join Induction of new members'").await, 1);
        let facilitator = browser();
        app.sign_in(&facilitator, "priya@facilitate.coop", common::PASSWORD).await.unwrap();
        let page: CirclePage = app.call(&facilitator, "circles/get", &[("id", &induction.to_string())]).await.unwrap();
        assert!(page.can_decide);
        let request = page.requests[0].id;
        app.call::<()>(&facilitator, "circles/decide_join", &[("request_id", &request.to_string()), ("decision", "accept"), ("reply", "Welcome in.")]).await.unwrap();
        let profile: Profile = app.call(&applicant, "orgs/profile", &[("id", &org.to_string())]).await.unwrap();
        assert_eq!(profile.circles, vec![(induction, "Induction of new members".to_string())]);
        assert_eq!(profile.requests[0].status, "accepted");
        // The facilitator of the co-op's circle may now read its needs.
        let seen: Profile = app.call(&facilitator, "orgs/profile", &[("id", &org.to_string())]).await.unwrap();
        assert!(seen.can_see_needs && !seen.can_edit);
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ada@xyz.coop' AND subject LIKE '%has joined%'").await, 1);
    }
);

on_both_databases!(
    bad_input_is_refused_and_changes_nothing,
    |app: TestApp| async move {
        let client = app.person("ada@xyz.coop", &[]).await;
        let id = start(&app, &client).await;
        save(&app, &client, id, 1, &[("org_name", "Kept")], "save").await.unwrap();
        let before = get(&app, &client, id).await.unwrap().fields;

        let long = "x".repeat(2001);
        let err = save(&app, &client, id, 1, &[("org_name", "Changed"), ("people-words", &long)], "save").await.unwrap_err();
        assert_eq!(err.for_field("people-words"), Some(T::ErrWordsTooLong));
        let err = save(&app, &client, id, 1, &[("org_name", "Changed"), ("astrology-urgency", "high")], "save").await.unwrap_err();
        assert_eq!(err.for_field("needs"), Some(T::ErrUnknownTheme));
        let err = save(&app, &client, id, 1, &[("org_name", "Changed"), ("people-issue-telepathy", "on")], "save").await.unwrap_err();
        assert_eq!(err.for_field("needs"), Some(T::ErrUnknownQuestion));
        let err = save(&app, &client, id, 2, &[("org_name", "Changed")], "save").await.unwrap_err();
        assert_eq!(err.for_field("needs"), Some(T::ErrQuestionnaireChanged), "a stale questionnaire version");
        let err = app.call::<String>(&client, "onboarding/save", &[("id", "abc"), ("version", "1")]).await.unwrap_err();
        assert_eq!(err, AppError::BadRequest);
        assert_eq!(get(&app, &client, id).await.unwrap().fields, before, "nothing changed");

        // Submitting an incomplete application says what is missing and submits nothing.
        let err = app.call::<String>(&client, "onboarding/submit", &[("id", &id.to_string())]).await.unwrap_err();
        assert_eq!(err.for_field("legal_form"), Some(T::ErrChooseOne));
        assert_eq!(get(&app, &client, id).await.unwrap().status, Status::Draft);
        assert_eq!(app.count("SELECT COUNT(*) FROM application_events").await, 0);

        // The advisor's forms check their input too.
        let (_, submitted_id) = submitted(&app, "bea@abc.coop").await;
        let advisor = app.person("gareth@advice.coop", &[Role::Advisor]).await;
        let sid = submitted_id.to_string();
        let err = app.call::<()>(&advisor, "onboarding/add_contact", &[("id", &sid), ("channel", "pigeon"), ("date", "yesterday"), ("summary", " ")]).await.unwrap_err();
        assert_eq!(err.for_field("contact-channel"), Some(T::ErrChooseOne));
        assert_eq!(err.for_field("contact-date"), Some(T::ErrDateInvalid));
        assert_eq!(err.for_field("contact-summary"), Some(T::ErrSummaryMissing));
        let err = app.call::<()>(&advisor, "onboarding/decide", &[("id", &sid), ("decision", "decline"), ("message", "")]).await.unwrap_err();
        assert_eq!(err.for_field("decision-message"), Some(T::ErrMessageMissing));
        let err = app.call::<()>(&advisor, "onboarding/decide", &[("id", &sid), ("decision", "maybe")]).await.unwrap_err();
        assert_eq!(err.for_field("decision"), Some(T::ErrChooseOne));
        assert_eq!(app.count("SELECT COUNT(*) FROM application_contacts").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 0);
    }
);

on_both_databases!(
    more_information_then_resubmit_then_decline,
    |app: TestApp| async move {
        let (applicant, id) = submitted(&app, "ada@xyz.coop").await;
        let advisor = app.person("gareth@advice.coop", &[Role::Advisor]).await;
        let sid = id.to_string();
        app.call::<()>(&advisor, "onboarding/claim", &[("id", &sid)]).await.unwrap();
        app.call::<()>(&advisor, "onboarding/decide", &[("id", &sid), ("decision", "more_info"), ("message", "How many members attend meetings?")]).await.unwrap();
        let mine: Vec<ApplicationSummary> = app.call(&applicant, "onboarding/mine", &[]).await.unwrap();
        assert_eq!(mine[0].status, Status::MoreInfo);
        assert_eq!(mine[0].last_message, "How many members attend meetings?");
        assert!(get(&app, &applicant, id).await.unwrap().can_edit);
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ada@xyz.coop' AND body LIKE '%How many members attend%'").await, 1);

        let mut fields = complete();
        fields.retain(|(k, _)| *k != "people-words");
        fields.push(("people-words", "About half of our members come."));
        save(&app, &applicant, id, 1, &fields, "check").await.unwrap();
        app.call::<String>(&applicant, "onboarding/submit", &[("id", &sid)]).await.unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'gareth@advice.coop'").await, 1, "the advisor hears of it");

        app.call::<()>(&advisor, "onboarding/decide", &[("id", &sid), ("decision", "decline"), ("message", "Not a co-operative.")]).await.unwrap();
        let view = get(&app, &applicant, id).await.unwrap();
        assert_eq!(view.status, Status::Declined);
        assert!(!view.can_edit);
        let trail: Vec<(Status, Status)> = view.history.iter().map(|c| (c.from, c.to)).collect();
        assert_eq!(
            trail,
            vec![
                (Status::Draft, Status::Submitted),
                (Status::Submitted, Status::InReview),
                (Status::InReview, Status::MoreInfo),
                (Status::MoreInfo, Status::Submitted),
                (Status::Submitted, Status::Declined),
            ]
        );
        // A decided application cannot be decided again.
        let err = app.call::<()>(&advisor, "onboarding/decide", &[("id", &sid), ("decision", "approve")]).await.unwrap_err();
        assert_eq!(err.for_field("decision"), Some(T::ErrNotWaiting));
        assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 0);
    }
);

on_both_databases!(
    everyone_is_kept_to_their_own_records,
    |app: TestApp| async move {
        let (ada, id) = submitted(&app, "ada@xyz.coop").await;
        let sid = id.to_string();
        let other = app.person("eve@elsewhere.coop", &[]).await;
        // Another applicant sees nothing of it and changes nothing.
        assert_eq!(get(&app, &other, id).await.unwrap_err(), AppError::NotFound);
        assert_eq!(save(&app, &other, id, 1, &[("org_name", "Mine now")], "save").await.unwrap_err(), AppError::NotFound);
        assert_eq!(app.call::<String>(&other, "onboarding/submit", &[("id", &sid)]).await.unwrap_err(), AppError::NotFound);
        // Signed out: sign in first.
        assert_eq!(get(&app, &browser(), id).await.unwrap_err(), AppError::SignInRequired);

        // Only advisors and admins see the queue and needs analyses; nobody else decides.
        let member = app.person("tom@member.coop", &[Role::Member]).await;
        let facilitator = app.person("priya@facilitate.coop", &[Role::Facilitator]).await;
        for client in [&ada, &member, &facilitator] {
            assert_eq!(app.call::<Vec<QueueItem>>(client, "onboarding/queue", &[]).await.unwrap_err(), AppError::Forbidden);
            assert_eq!(app.call::<Review>(client, "onboarding/review", &[("id", &sid)]).await.unwrap_err(), AppError::Forbidden);
            assert_eq!(app.call::<()>(client, "onboarding/decide", &[("id", &sid), ("decision", "approve")]).await.unwrap_err(), AppError::Forbidden);
            assert_eq!(app.call::<()>(client, "onboarding/claim", &[("id", &sid)]).await.unwrap_err(), AppError::Forbidden);
        }
        assert_eq!(get(&app, &ada, id).await.unwrap().status, Status::Submitted, "nothing was decided");
        let admin = app.person("aisha@admin.coop", &[Role::Admin]).await;
        app.call::<()>(&admin, "onboarding/decide", &[("id", &sid), ("decision", "approve")]).await.unwrap();
        let org = get(&app, &ada, id).await.unwrap().organisation_id.unwrap();
        let sorg = org.to_string();

        // A second co-op, approved too; its representative manages only their own.
        let (bea, id2) = submitted(&app, "bea@abc.coop").await;
        app.call::<()>(&admin, "onboarding/decide", &[("id", &id2.to_string()), ("decision", "approve")]).await.unwrap();
        let org2 = get(&app, &bea, id2).await.unwrap().organisation_id.unwrap();
        let update = [("id", sorg.as_str()), ("about", "Taken over"), ("delivery", "online")];
        assert_eq!(app.call::<()>(&bea, "orgs/update_profile", &update).await.unwrap_err(), AppError::Forbidden);
        let ada_id = user_id(&app, "ada@xyz.coop").await.to_string();
        assert_eq!(app.call::<()>(&bea, "orgs/remove_person", &[("id", &sorg), ("user_id", &ada_id)]).await.unwrap_err(), AppError::Forbidden);
        app.call::<()>(&ada, "orgs/update_profile", &[("id", sorg.as_str()), ("about", "Bakers of Lancashire"), ("delivery", "phone"), ("visible", "on")]).await.unwrap();

        // Another member sees the visible profile, but not its needs or its people.
        let seen: Profile = app.call(&bea, "orgs/profile", &[("id", &sorg)]).await.unwrap();
        assert_eq!(seen.about, "Bakers of Lancashire");
        assert!(!seen.can_see_needs && seen.needs.is_empty() && seen.needs_summary.is_empty());
        // A facilitator sees needs only of co-ops in their circles.
        let seen: Profile = app.call(&facilitator, "orgs/profile", &[("id", &sorg)]).await.unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!seen.can_see_needs && seen.needs.is_empty());
        // Hidden profiles are not shown to other members at all.
        app.call::<()>(&ada, "orgs/update_profile", &[("id", sorg.as_str()), ("about", "Private"), ("delivery", "phone")]).await.unwrap();
        assert_eq!(app.call::<Profile>(&bea, "orgs/profile", &[("id", &sorg)]).await.unwrap_err(), AppError::NotFound);

        // Asking to join for a co-op you are not part of; deciding a request you do not facilitate.
        let fid = user_id(&app, "priya@facilitate.coop").await;
        let circle_id = circle(&app, "Induction", "people", "", "online", "induction", fid).await.to_string();
        assert_eq!(
            app.call::<()>(&bea, "circles/request_join", &[("circle_id", &circle_id), ("organisation_id", &sorg)]).await.unwrap_err(),
            AppError::Forbidden
        );
        app.call::<()>(&bea, "circles/request_join", &[("circle_id", &circle_id), ("organisation_id", &org2.to_string())]).await.unwrap();
        let (request,): (i64,) = sqlx::query_as("SELECT id FROM join_requests").fetch_one(&app.state.db.pool).await.unwrap();
        for client in [&ada, &member] {
            assert_eq!(
                app.call::<()>(client, "circles/decide_join", &[("request_id", &request.to_string()), ("decision", "accept")]).await.unwrap_err(),
                AppError::Forbidden
            );
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM circle_organisations").await, 0);
    }
);

on_both_databases!(
    a_plain_form_post_comes_back_with_its_errors_and_keeps_the_draft,
    |app: TestApp| async move {
        let client = app.person("ada@xyz.coop", &[]).await;
        let id = start(&app, &client).await;
        let response = client
            .post(app.url("/api/onboarding/save"))
            .header("origin", &app.base)
            .header("accept", "text/html")
            .header("referer", app.url(&format!("/apply/{id}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("id={id}&version=1&intent=check&fields%5Borg_name%5D=Typed+without+JS&fields%5Bpeople-issue-induction%5D=on"))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection());
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with(&format!("/apply/{id}")) && !location.contains("error="), "{location}");
        let view = get(&app, &client, id).await.unwrap();
        assert_eq!(view.fields.get("org_name").map(String::as_str), Some("Typed without JS"));
        assert!(view.fields.contains_key("people-issue-induction"));
        // The page shows the error next to the field.
        let (_, _, html) = app.get(&client, &location).await;
        assert!(html.contains("Typed without JS"));
        assert!(html.contains(T::ErrUrgencyMissing.en()), "the urgency error is shown");
    }
);

on_both_databases!(
    a_save_based_on_an_older_draft_is_refused_and_changes_nothing,
    |app: TestApp| async move {
        let client = app.person("ada@xyz.coop", &[]).await;
        let id = start(&app, &client).await.to_string();
        let save = |words: &'static str, revision: Option<&'static str>, writer: &'static str| {
            let id = id.clone();
            let client = client.clone();
            let app = &app;
            async move {
                let mut form = vec![("id", id), ("version", "1".to_string()), ("intent", "save".to_string()), ("fields[org_name]", words.to_string()), ("writer", writer.to_string())];
                if let Some(r) = revision {
                    form.push(("revision", r.to_string()));
                }
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call::<String>(&client, "onboarding/save", &form).await
            }
        };
        // Two pages opened on revision 0: the first save wins and raises it to 1.
        let path = save("Words sent as the page was left", Some("0"), "page-a").await.unwrap();
        assert!(path.ends_with("revision=1"), "{path}");
        // The page rendered before that save, still on 0, must not erase them.
        let err = save("", Some("0"), "page-b").await.unwrap_err();
        assert_eq!(err.for_field("revision"), Some(T::ErrDraftNewer));
        let view = get(&app, &client, id.parse().unwrap()).await.unwrap();
        assert_eq!(view.fields.get("org_name").map(String::as_str), Some("Words sent as the page was left"));
        assert_eq!(view.revision, 1);
        // A page on the newest revision saves, and moves it on.
        assert!(save("Carried on", Some("1"), "page-b").await.unwrap().ends_with("revision=2"));
        // A page's own saves racing each other (both sent on revision 2) do not refuse each other.
        assert!(save("Carried on, more", Some("2"), "page-b").await.unwrap().ends_with("revision=3"));
        assert!(save("Carried on, more still", Some("2"), "page-b").await.unwrap().ends_with("revision=4"));
        // But another page still on 2 is refused.
        assert_eq!(save("", Some("2"), "page-a").await.unwrap_err().for_field("revision"), Some(T::ErrDraftNewer));
    }
);
