//! The rest of onboarding through the real server, on both databases: applications started by
//! an advisor and claimed by link, invitations to a co-op, circles created and managed, and
//! the questionnaire published as a new version.

use crate::common;

use app::accounts::Role;
use app::circles::CirclePage;
use app::error::AppError;
use app::i18n::T;
use app::onboarding::application::{ApplicationSummary, ApplicationView};
use app::onboarding::questionnaire::Questionnaire;
use app::onboarding::review::LinkInfo;
use app::organisations::Profile;
use common::TestApp;

/// The token of the newest `path` link in the mail delivered to `to` (the outbox keeps only
/// a placeholder).
async fn emailed_token(app: &TestApp, to: &str, path: &str) -> String {
    app.token_in_mail(to, &format!("{path}?token=")).await
}

fn form(fields: &[(&str, &str)], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = extra.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    out.extend(fields.iter().map(|(k, v)| (format!("fields[{k}]"), v.to_string())));
    out
}

async fn call_owned<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    pairs: &[(String, String)],
) -> Result<T, AppError> {
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(client, endpoint, &borrowed).await
}

use common::COMPLETE_APPLICATION as COMPLETE;

on_both_databases_with_mail!(
    an_advisor_starts_an_application_and_the_coop_claims_it,
    |app: TestApp| async move {
        let advisor = app.person("gareth@advice.coop", &[Role::Advisor]).await;
        let err = app
            .call::<String>(&advisor, "onboarding/start_on_behalf", &[("org_name", " "), ("contact_email", "nope"), ("channel", "fax")])
            .await
            .unwrap_err();
        assert_eq!(err.for_field("behalf-org"), Some(T::ErrOrgNameMissing));
        assert_eq!(err.for_field("behalf-email"), Some(T::ErrEmailInvalid));
        assert_eq!(err.for_field("behalf-channel"), Some(T::ErrChooseOne));
        assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
        let member = app.person("tom@member.coop", &[Role::Member]).await;
        assert_eq!(
            app.call::<String>(&member, "onboarding/start_on_behalf", &[("org_name", "X"), ("contact_email", "x@x.coop"), ("channel", "phone")]).await.unwrap_err(),
            AppError::Forbidden
        );

        let path: String = app
            .call(&advisor, "onboarding/start_on_behalf", &[("org_name", "Hill Farm Co-op"), ("contact_email", "Rhian@HillFarm.coop"), ("channel", "phone")])
            .await
            .unwrap();
        let id: i64 = path.trim_start_matches("/apply/").parse().unwrap();
        let token = emailed_token(&app, "rhian@hillfarm.coop", "/claim").await;
        let view: ApplicationView = app.call(&advisor, "onboarding/get", &[("id", &id.to_string())]).await.unwrap();
        assert!(view.can_edit, "the advisor fills it in for them");
        assert_eq!(view.channel, "phone");
        let mine: Vec<ApplicationSummary> = app.call(&advisor, "onboarding/on_behalf", &[]).await.unwrap();
        assert_eq!(mine[0].id, id);
        // Another advisor may read it but not change it.
        let other = app.person("fiona@advice.coop", &[Role::Advisor]).await;
        let other_view: ApplicationView = app.call(&other, "onboarding/get", &[("id", &id.to_string())]).await.unwrap();
        assert!(!other_view.can_edit);
        let pairs = form(COMPLETE, &[("id", &id.to_string()), ("version", "1"), ("intent", "check")]);
        assert_eq!(call_owned::<String>(&app, &other, "onboarding/save", &pairs).await.unwrap_err(), AppError::Forbidden);
        call_owned::<String>(&app, &advisor, "onboarding/save", &pairs).await.unwrap();

        // The contact signs up and claims it with the emailed link, once.
        let rhian = app.person("rhian@hillfarm.coop", &[]).await;
        let info: LinkInfo = app.call(&rhian, "onboarding/check_claim", &[("token", &token)]).await.unwrap();
        assert_eq!(info.organisation, "Hill Farm Co-op");
        assert_eq!(app.call::<String>(&rhian, "onboarding/claim_link", &[("token", &token)]).await.unwrap(), format!("/apply/{id}"));
        assert_eq!(app.call::<String>(&rhian, "onboarding/claim_link", &[("token", &token)]).await.unwrap_err(), AppError::LinkExpired);
        assert_eq!(app.call::<LinkInfo>(&rhian, "onboarding/check_claim", &[("token", "00")]).await.unwrap_err(), AppError::LinkExpired);
        let view: ApplicationView = app.call(&rhian, "onboarding/get", &[("id", &id.to_string())]).await.unwrap();
        assert!(view.can_edit);
        assert_eq!(view.fields.get("contact_phone").map(String::as_str), Some("01970 123456"), "what the advisor typed is there");
        let advisor_view: ApplicationView = app.call(&advisor, "onboarding/get", &[("id", &id.to_string())]).await.unwrap();
        assert!(!advisor_view.can_edit, "once claimed, it is the co-op's");
        app.call::<String>(&rhian, "onboarding/submit", &[("id", &id.to_string())]).await.unwrap();
        app.call::<()>(&advisor, "onboarding/decide", &[("id", &id.to_string()), ("decision", "approve")]).await.unwrap();
        let org = app.call::<ApplicationView>(&rhian, "onboarding/get", &[("id", &id.to_string())]).await.unwrap().organisation_id.unwrap();
        let profile: Profile = app.call(&rhian, "orgs/profile", &[("id", &org.to_string())]).await.unwrap();
        assert!(profile.can_edit, "the claimant is the representative");
    }
);

on_both_databases_with_mail!(
    a_representative_invites_a_colleague_by_an_expiring_link,
    |app: TestApp| async move {
        // An approved co-op with its representative.
        let rep = app.person("rhian@hillfarm.coop", &[]).await;
        let path: String = app.call(&rep, "onboarding/start", &[]).await.unwrap();
        let id = path.trim_start_matches("/apply/").to_string();
        call_owned::<String>(&app, &rep, "onboarding/save", &form(COMPLETE, &[("id", &id), ("version", "1"), ("intent", "check")])).await.unwrap();
        app.call::<String>(&rep, "onboarding/submit", &[("id", &id)]).await.unwrap();
        let admin = app.person("aisha@admin.coop", &[Role::Admin]).await;
        app.call::<()>(&admin, "onboarding/decide", &[("id", &id), ("decision", "approve")]).await.unwrap();
        let org = app.count("SELECT MAX(id) FROM organisations").await.to_string();

        let err = app.call::<()>(&rep, "orgs/invite", &[("id", &org), ("email", "not an email")]).await.unwrap_err();
        assert_eq!(err.for_field("invite-email"), Some(T::ErrEmailInvalid));
        let err = app.call::<()>(&rep, "orgs/invite", &[("id", &org), ("email", "rhian@hillfarm.coop")]).await.unwrap_err();
        assert_eq!(err.for_field("invite-email"), Some(T::ErrAlreadyInCoop));
        let outsider = app.person("eve@elsewhere.coop", &[Role::Member]).await;
        assert_eq!(app.call::<()>(&outsider, "orgs/invite", &[("id", &org), ("email", "x@y.coop")]).await.unwrap_err(), AppError::Forbidden);
        assert_eq!(app.count("SELECT COUNT(*) FROM organisation_invites").await, 0);

        app.call::<()>(&rep, "orgs/invite", &[("id", &org), ("email", "Dai@HillFarm.coop")]).await.unwrap();
        let profile: Profile = app.call(&rep, "orgs/profile", &[("id", &org)]).await.unwrap();
        assert_eq!(profile.invites.len(), 1);
        let token = emailed_token(&app, "dai@hillfarm.coop", "/invite").await;
        let dai = app.person("dai@hillfarm.coop", &[]).await;
        let info: LinkInfo = app.call(&dai, "orgs/check_invite", &[("token", &token)]).await.unwrap();
        assert_eq!(info.organisation, "Hill Farm Co-op");
        assert_eq!(app.call::<String>(&dai, "orgs/accept_invite", &[("token", &token)]).await.unwrap(), format!("/coops/{org}"));
        assert_eq!(app.call::<String>(&dai, "orgs/accept_invite", &[("token", &token)]).await.unwrap_err(), AppError::LinkExpired);
        assert_eq!(app.who(&dai).await.unwrap().roles, vec![Role::Member]);
        let profile: Profile = app.call(&dai, "orgs/profile", &[("id", &org)]).await.unwrap();
        assert!(profile.can_see_needs && !profile.can_edit, "a colleague, not the representative");
        assert!(profile.people.iter().any(|p| p.name == "Test Person" && !p.is_representative));

        // An expired link does nothing.
        app.call::<()>(&rep, "orgs/invite", &[("id", &org), ("email", "late@hillfarm.coop")]).await.unwrap();
        let late_token = emailed_token(&app, "late@hillfarm.coop", "/invite").await;
        sqlx::query("UPDATE organisation_invites SET expires_at = 0 WHERE email = 'late@hillfarm.coop'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let late = app.person("late@hillfarm.coop", &[]).await;
        assert_eq!(app.call::<String>(&late, "orgs/accept_invite", &[("token", &late_token)]).await.unwrap_err(), AppError::LinkExpired);
        assert!(app.who(&late).await.unwrap().roles.is_empty());

        // The representative removes the colleague; the representative cannot be removed.
        let dai_id = app.count("SELECT id FROM users WHERE email = 'dai@hillfarm.coop'").await.to_string();
        let rep_id = app.count("SELECT id FROM users WHERE email = 'rhian@hillfarm.coop'").await.to_string();
        assert_eq!(app.call::<()>(&dai, "orgs/remove_person", &[("id", &org), ("user_id", &rep_id)]).await.unwrap_err(), AppError::Forbidden);
        let err = app.call::<()>(&rep, "orgs/remove_person", &[("id", &org), ("user_id", &rep_id)]).await.unwrap_err();
        assert_eq!(err.for_field("people"), Some(T::ErrCannotRemove));
        app.call::<()>(&rep, "orgs/remove_person", &[("id", &org), ("user_id", &dai_id)]).await.unwrap();
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM organisation_people WHERE organisation_id = {org}")).await, 1);
    }
);

on_both_databases!(
    facilitators_and_admins_manage_circles,
    |app: TestApp| async move {
        let priya = app.person("priya@facilitate.coop", &[Role::Facilitator]).await;
        let circle = |name: &'static str, capacity: &'static str| {
            vec![
                ("id", "0"), ("name", name), ("theme", "people"), ("purpose", "Better induction."),
                ("sector", ""), ("region", "Wales"), ("delivery", "online"), ("status", "open"),
                ("capacity", capacity), ("issues[induction]", "on"),
            ]
        };
        let err = app.call::<String>(&priya, "circles/save", &circle(" ", "1")).await.unwrap_err();
        assert_eq!(err.for_field("name"), Some(T::ErrCircleNameMissing));
        assert_eq!(err.for_field("capacity"), Some(T::ErrCapacityInvalid));
        let mut bad = circle("Induction", "8");
        bad.push(("issues[telepathy]", "on"));
        bad[2] = ("theme", "astrology");
        let err = app.call::<String>(&priya, "circles/save", &bad).await.unwrap_err();
        assert_eq!(err.for_field("theme"), Some(T::ErrChooseOne));
        assert_eq!(err.for_field("issues"), Some(T::ErrUnknownQuestion));
        let member = app.person("tom@member.coop", &[Role::Member]).await;
        assert_eq!(app.call::<String>(&member, "circles/save", &circle("Mine", "8")).await.unwrap_err(), AppError::Forbidden);
        assert_eq!(app.count("SELECT COUNT(*) FROM circles").await, 0);

        let path: String = app.call(&priya, "circles/save", &circle("Induction in Wales", "8")).await.unwrap();
        let id: i64 = path.trim_start_matches("/circles/").trim_end_matches("?done=saved").parse().unwrap();
        let page: CirclePage = app.call(&priya, "circles/get", &[("id", &id.to_string())]).await.unwrap();
        assert_eq!(page.circle.issues, vec!["induction".to_string()]);
        assert_eq!(page.circle.region, "Wales");
        assert_eq!(page.circle.facilitators.len(), 1, "its creator facilitates it");
        assert!(page.can_edit);

        // Another facilitator may not edit it; an admin may, and assigns facilitators.
        let sean = app.person("sean@facilitate.coop", &[Role::Facilitator]).await;
        let mut edit = circle("Renamed", "10");
        let sid = id.to_string();
        edit[0] = ("id", &sid);
        assert_eq!(app.call::<String>(&sean, "circles/save", &edit).await.unwrap_err(), AppError::Forbidden);
        let admin = app.person("aisha@admin.coop", &[Role::Admin]).await;
        app.call::<String>(&admin, "circles/save", &edit).await.unwrap();
        let tom_id = app.count("SELECT id FROM users WHERE email = 'tom@member.coop'").await.to_string();
        let sean_id = app.count("SELECT id FROM users WHERE email = 'sean@facilitate.coop'").await.to_string();
        let err = app.call::<()>(&admin, "circles/set_facilitator", &[("circle_id", &sid), ("user_id", &tom_id), ("assign", "true")]).await.unwrap_err();
        assert_eq!(err.for_field("facilitator"), Some(T::ErrNotAFacilitator));
        assert_eq!(
            app.call::<()>(&priya, "circles/set_facilitator", &[("circle_id", &sid), ("user_id", &sean_id), ("assign", "true")]).await.unwrap_err(),
            AppError::Forbidden
        );
        app.call::<()>(&admin, "circles/set_facilitator", &[("circle_id", &sid), ("user_id", &sean_id), ("assign", "true")]).await.unwrap();
        let page: CirclePage = app.call(&sean, "circles/get", &[("id", &sid)]).await.unwrap();
        assert_eq!(page.circle.name, "Renamed");
        assert_eq!(page.circle.capacity, 10);
        assert!(page.can_edit && page.can_decide);

        // Specialists: invited by the circle's facilitators, by email.
        let err = app.call::<()>(&sean, "circles/add_specialist", &[("circle_id", &sid), ("name", ""), ("email", "x"), ("kind", "wizard")]).await.unwrap_err();
        assert_eq!(err.field_errors().len(), 3);
        assert_eq!(
            app.call::<()>(&member, "circles/add_specialist", &[("circle_id", &sid), ("name", "Ann"), ("email", "ann@invest.example"), ("kind", "investor")]).await.unwrap_err(),
            AppError::Forbidden
        );
        app.call::<()>(&sean, "circles/add_specialist", &[("circle_id", &sid), ("name", "Ann Investor"), ("email", "ann@invest.example"), ("kind", "investor")]).await.unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ann@invest.example' AND subject LIKE '%Renamed%'").await, 1);
        // A member whose co-op is not in the circle sees what it is, not who is in it.
        let page: CirclePage = app.call(&member, "circles/get", &[("id", &sid)]).await.unwrap();
        assert!(!page.can_edit && !page.can_decide && page.facilitator_candidates.is_empty());
        assert!(!page.circle.people_shown && page.circle.specialists.is_empty() && page.circle.facilitators.is_empty());
        let page: CirclePage = app.call(&sean, "circles/get", &[("id", &sid)]).await.unwrap();
        assert_eq!(page.circle.specialists[0].name, "Ann Investor");
        let specialist = page.circle.specialists[0].id.to_string();
        assert_eq!(app.call::<()>(&member, "circles/remove_specialist", &[("id", &specialist)]).await.unwrap_err(), AppError::Forbidden);
        app.call::<()>(&priya, "circles/remove_specialist", &[("id", &specialist)]).await.unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM circle_specialists").await, 0);
    }
);

on_both_databases!(
    an_admin_publishes_a_new_questionnaire_and_started_applications_keep_theirs,
    |app: TestApp| async move {
        let admin = app.person("aisha@admin.coop", &[Role::Admin]).await;
        let applicant = app.person("ada@xyz.coop", &[]).await;
        let path: String = app.call(&applicant, "onboarding/start", &[]).await.unwrap();
        let old_id = path.trim_start_matches("/apply/").to_string();

        let v1: Questionnaire = app.call(&admin, "admin/questionnaire", &[]).await.unwrap();
        // Another instance on the same database has read version 1 too (and keeps what it read).
        let elsewhere = app.another_instance().await;
        let seen: Questionnaire = elsewhere.call(&applicant, "onboarding/questionnaire", &[]).await.unwrap();
        assert_eq!(seen.version, 1);
        let mut themes: Vec<(String, String)> = v1
            .themes
            .iter()
            .map(|t| (format!("themes[{}]", t.theme), app::onboarding::questionnaire::issues_to_lines(t)))
            .collect();
        // A broken line is refused and nothing is published.
        themes[2].1.push_str("\nwellbeing | Wellbeing at work");
        let err = call_owned::<()>(&app, &admin, "admin/publish_questionnaire", &themes).await.unwrap_err();
        assert_eq!(err.for_field("q-people"), Some(T::ErrQuestionnaireLine));
        assert_eq!(app.count("SELECT COUNT(*) FROM questionnaires").await, 1);
        assert_eq!(call_owned::<()>(&app, &applicant, "admin/publish_questionnaire", &themes).await.unwrap_err(), AppError::Forbidden);

        themes[2].1.push_str(" | Bien-être au travail");
        call_owned::<()>(&app, &admin, "admin/publish_questionnaire", &themes).await.unwrap();
        let v2: Questionnaire = app.call(&applicant, "onboarding/questionnaire", &[]).await.unwrap();
        assert_eq!(v2.version, 2);
        assert_eq!(v2.issue_text("people", "wellbeing").unwrap().fr, "Bien-être au travail");
        // The other instance gives the new version at once: versions read once are kept, but
        // which one is the latest is asked every time.
        let seen: Questionnaire = elsewhere.call(&applicant, "onboarding/questionnaire", &[]).await.unwrap();
        assert_eq!(seen.version, 2);
        assert!(seen.issue_text("people", "wellbeing").is_some());

        // The draft started on version 1 keeps it: the new issue is not part of its form.
        let err = call_owned::<String>(&app, &applicant, "onboarding/save", &form(&[("people-issue-wellbeing", "on")], &[("id", &old_id), ("version", "1"), ("intent", "save")])).await.unwrap_err();
        assert_eq!(err.for_field("needs"), Some(T::ErrUnknownQuestion));
        let err = call_owned::<String>(&app, &applicant, "onboarding/save", &form(&[("org_name", "X")], &[("id", &old_id), ("version", "2"), ("intent", "save")])).await.unwrap_err();
        assert_eq!(err.for_field("needs"), Some(T::ErrQuestionnaireChanged));
        let old: ApplicationView = app.call(&applicant, "onboarding/get", &[("id", &old_id)]).await.unwrap();
        assert_eq!(old.questionnaire.version, 1);

        // A new application answers version 2.
        let other = app.person("bea@abc.coop", &[]).await;
        let path: String = app.call(&other, "onboarding/start", &[]).await.unwrap();
        let new_id = path.trim_start_matches("/apply/").to_string();
        call_owned::<String>(&app, &other, "onboarding/save", &form(&[("people-issue-wellbeing", "on")], &[("id", &new_id), ("version", "2"), ("intent", "save")])).await.unwrap();
        let new: ApplicationView = app.call(&other, "onboarding/get", &[("id", &new_id)]).await.unwrap();
        assert!(new.fields.contains_key("people-issue-wellbeing"));
    }
);

on_both_databases!(
    a_proposed_circle_takes_its_coop_on_approval_and_the_catalogue_filters,
    |app: TestApp| async move {
        let rep = app.person("rhian@hillfarm.coop", &[]).await;
        let path: String = app.call(&rep, "onboarding/start", &[]).await.unwrap();
        let id = path.trim_start_matches("/apply/").to_string();
        call_owned::<String>(&app, &rep, "onboarding/save", &form(COMPLETE, &[("id", &id), ("version", "1"), ("intent", "check")])).await.unwrap();
        app.call::<String>(&rep, "onboarding/submit", &[("id", &id)]).await.unwrap();
        // She reads French: every email to her from now on is in French.
        sqlx::query("UPDATE users SET locale = 'fr' WHERE email = 'rhian@hillfarm.coop'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();

        let advisor = app.person("gareth@advice.coop", &[Role::Advisor]).await;
        let err = app.call::<String>(&advisor, "onboarding/propose_circle", &[("id", &id), ("name", ""), ("purpose", "")]).await.unwrap_err();
        assert_eq!(err.for_field("circle-name"), Some(T::ErrCircleNameMissing));
        let member = app.person("tom@member.coop", &[Role::Member]).await;
        assert_eq!(
            app.call::<String>(&member, "onboarding/propose_circle", &[("id", &id), ("name", "Mine"), ("purpose", "")]).await.unwrap_err(),
            AppError::Forbidden
        );
        let path: String = app
            .call(&advisor, "onboarding/propose_circle", &[("id", &id), ("name", "Small farms raising member finance"), ("purpose", "Community shares for small farms.")])
            .await
            .unwrap();
        let circle_id = path.trim_start_matches("/circles/").trim_end_matches("?done=proposed").to_string();
        let page: CirclePage = app.call(&advisor, "circles/get", &[("id", &circle_id)]).await.unwrap();
        assert_eq!((page.circle.status.as_str(), page.circle.theme.as_str()), ("forming", "finance"));
        assert_eq!(page.circle.issues, vec!["member_finance".to_string()]);
        assert!(page.circle.organisations.is_empty(), "not a member yet");

        app.call::<()>(&advisor, "onboarding/decide", &[("id", &id), ("decision", "approve"), ("message", "Bienvenue !")]).await.unwrap();
        let page: CirclePage = app.call(&advisor, "circles/get", &[("id", &circle_id)]).await.unwrap();
        assert_eq!(page.circle.organisations.iter().map(|o| o.1.as_str()).collect::<Vec<_>>(), vec!["Hill Farm Co-op"]);
        let (subject,): (String,) = sqlx::query_as("SELECT subject FROM outbox WHERE to_addr = 'rhian@hillfarm.coop' ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(subject, "Bienvenue : Hill Farm Co-op est membre");
        let mine: Vec<(i64, String, bool)> = app.call(&rep, "orgs/mine", &[]).await.unwrap();
        assert_eq!(mine.iter().map(|m| (m.1.as_str(), m.2)).collect::<Vec<_>>(), vec![("Hill Farm Co-op", true)]);

        // The catalogue's filters; a circle open to every sector matches any sector.
        let fid = app.count("SELECT id FROM users WHERE email = 'gareth@advice.coop'").await;
        for (name, theme, sector, delivery) in [("Governance", "co_operative", "", "online"), ("Food buying", "sector", "food", "face_to_face")] {
            sqlx::query("INSERT INTO circles (name, theme, purpose, sector, region, delivery_mode, status, capacity, created_at) VALUES ($1, $2, '', $3, '', $4, 'open', 8, 0)")
                .bind(name).bind(theme).bind(sector).bind(delivery)
                .execute(&app.state.db.pool).await.unwrap();
        }
        let names = |list: Vec<app::circles::Circle>| list.into_iter().map(|c| c.name).collect::<Vec<_>>();
        let all: Vec<app::circles::Circle> = app.call(&member, "circles/list", &[]).await.unwrap();
        assert_eq!(all.len(), 3);
        let food: Vec<app::circles::Circle> = app.call(&member, "circles/list", &[("sector", "food")]).await.unwrap();
        assert_eq!(names(food), vec!["Governance", "Food buying"]);
        let f2f: Vec<app::circles::Circle> = app.call(&member, "circles/list", &[("delivery", "face_to_face")]).await.unwrap();
        assert_eq!(names(f2f), vec!["Food buying"]);
        let forming: Vec<app::circles::Circle> = app.call(&member, "circles/list", &[("status", "forming"), ("theme", "finance")]).await.unwrap();
        assert_eq!(names(forming), vec!["Small farms raising member finance"]);
        assert_eq!(app.call::<Vec<app::circles::Circle>>(&common::browser(), "circles/list", &[]).await.unwrap_err(), AppError::SignInRequired);

        // A declined request: the requester is told why, in French.
        let governance = app.count("SELECT id FROM circles WHERE name = 'Governance'").await.to_string();
        let org = app.count("SELECT id FROM organisations").await.to_string();
        sqlx::query("INSERT INTO circle_facilitators (circle_id, user_id) VALUES ($1, $2)")
            .bind(governance.parse::<i64>().unwrap()).bind(fid)
            .execute(&app.state.db.pool).await.unwrap();
        app.call::<()>(&rep, "circles/request_join", &[("circle_id", &governance), ("organisation_id", &org)]).await.unwrap();
        let request = app.count("SELECT id FROM join_requests").await.to_string();
        app.call::<()>(&advisor, "circles/decide_join", &[("request_id", &request), ("decision", "decline"), ("reply", "Ce cercle est complet pour cette saison.")]).await.unwrap();
        let err = app.call::<()>(&advisor, "circles/decide_join", &[("request_id", &request), ("decision", "accept")]).await.unwrap_err();
        assert_eq!(err.for_field(&format!("reply-{request}")), Some(T::ErrAlreadyDecided));
        let (subject, body): (String, String) = sqlx::query_as("SELECT subject, body FROM outbox WHERE to_addr = 'rhian@hillfarm.coop' ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(subject, "Votre demande pour rejoindre Governance");
        assert!(body.contains("Ce cercle est complet pour cette saison."));
        let profile: Profile = app.call(&rep, "orgs/profile", &[("id", &org)]).await.unwrap();
        assert!(profile.requests.iter().any(|r| r.status == "declined"));
        assert!(!profile.circles.iter().any(|c| c.1 == "Governance"));
    }
);
