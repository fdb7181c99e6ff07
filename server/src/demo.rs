//! Demo data for a lived-in portal: a dozen co-operatives across sectors and the UK's nations
//! and regions, people in every role, circles across the seven themes, meetings to come and
//! one held with its live session closed, programmes and reports at every stage.
//!
//! Loaded only into an empty database (no organisations yet), so it never mixes with real data.

use app::accounts::{Role, password, store};
use app::db::Db;
use app::i18n::Locale;
use app::time::now;

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "circles-demo-2026";

/// (email, name, roles)
pub const DEMO_PEOPLE: &[(&str, &str, &[Role])] = &[
    ("admin@demo.coop", "Aisha Rahman", &[Role::Admin]),
    ("advisor@demo.coop", "Gareth Jones", &[Role::Advisor]),
    (
        "advisor2@demo.coop",
        "Fiona MacLeod",
        &[Role::Advisor, Role::Assessor],
    ),
    ("facilitator@demo.coop", "Priya Patel", &[Role::Facilitator]),
    (
        "facilitator2@demo.coop",
        "Seán O'Neill",
        &[Role::Facilitator, Role::Member],
    ),
    ("assessor@demo.coop", "Margaret Okafor", &[Role::Assessor]),
    ("member@demo.coop", "Tom Whitaker", &[Role::Member]),
];

/// (name, legal form, sector, nation, region, members, staff, delivery)
const ORGANISATIONS: &[(&str, &str, &str, &str, &str, i64, i64, &str)] = &[
    (
        "Mill Lane Bakery Co-operative",
        "worker",
        "food",
        "england",
        "North West",
        14,
        14,
        "face_to_face",
    ),
    (
        "Pennine Housing Co-op",
        "housing",
        "housing",
        "england",
        "Yorkshire and the Humber",
        62,
        3,
        "online",
    ),
    (
        "Severn Community Energy",
        "community_benefit",
        "energy",
        "wales",
        "South Wales",
        410,
        4,
        "online",
    ),
    (
        "Clydeside Care Co-operative",
        "multi_stakeholder",
        "care",
        "scotland",
        "Glasgow",
        85,
        60,
        "phone",
    ),
    (
        "Lagan Valley Credit Union",
        "credit_union",
        "finance",
        "northern_ireland",
        "Belfast",
        5200,
        22,
        "face_to_face",
    ),
    (
        "Merseyside Cycle Workers",
        "worker",
        "transport",
        "england",
        "North West",
        9,
        9,
        "face_to_face",
    ),
    (
        "Fenland Growers",
        "consumer",
        "agriculture",
        "england",
        "East of England",
        240,
        11,
        "online",
    ),
    (
        "Cornish Fishers' Mutual",
        "mutual_insurer",
        "fishing",
        "england",
        "South West",
        130,
        6,
        "phone",
    ),
    (
        "Highland Digital Co-op",
        "worker",
        "technology",
        "scotland",
        "Highlands and Islands",
        7,
        7,
        "online",
    ),
    (
        "Brixton Food Hub",
        "consumer",
        "retail",
        "england",
        "London",
        1800,
        25,
        "face_to_face",
    ),
    (
        "Snowdonia Outdoor Guides",
        "worker",
        "tourism",
        "wales",
        "North Wales",
        12,
        12,
        "online",
    ),
    (
        "Tyneside Printworks",
        "worker",
        "manufacturing",
        "england",
        "North East",
        21,
        21,
        "phone",
    ),
];

/// (name, theme, purpose, sector, region, delivery, status, capacity)
const CIRCLES: &[(&str, &str, &str, &str, &str, &str, &str, i64)] = &[
    (
        "Democratic governance in practice",
        "co_operative",
        "Boards, general meetings and member voice that work.",
        "",
        "",
        "online",
        "open",
        10,
    ),
    (
        "Growing your membership",
        "co_operative",
        "Recruiting members and keeping them engaged.",
        "",
        "North West",
        "face_to_face",
        "open",
        8,
    ),
    (
        "Food sector suppliers",
        "sector",
        "Sourcing, suppliers and shared buying for food co-ops.",
        "food",
        "",
        "online",
        "open",
        8,
    ),
    (
        "Induction of new members",
        "people",
        "Updating induction so newcomers become active co-operators.",
        "",
        "",
        "online",
        "full",
        8,
    ),
    (
        "Apprenticeships and placements",
        "people",
        "Taking on apprentices and student placements together.",
        "",
        "wales",
        "phone",
        "forming",
        8,
    ),
    (
        "Finance for small co-ops",
        "business",
        "Budgets, cash flow and reporting for small worker co-ops.",
        "",
        "",
        "online",
        "open",
        10,
    ),
    (
        "Marketing that reflects our values",
        "business",
        "Marketing and quality assurance for member-owned businesses.",
        "retail",
        "",
        "online",
        "open",
        8,
    ),
    (
        "Member-to-member trading",
        "opportunities",
        "Using the member list and market services to trade with each other.",
        "",
        "",
        "online",
        "open",
        12,
    ),
    (
        "Community shares and investors",
        "finance",
        "Raising finance from members, investors and entrepreneurs.",
        "energy",
        "",
        "online",
        "open",
        10,
    ),
    (
        "Preparing for the Kitemark",
        "accreditation",
        "Adapting programmes and evidencing quality for accreditation.",
        "",
        "",
        "online",
        "forming",
        8,
    ),
];

/// The questionnaire issues each demo circle works on, in the order of `CIRCLES`.
const CIRCLE_ISSUES: &[&str] = &[
    "governance",
    "recruiting,membership",
    "suppliers,shared_buying",
    "induction,developing",
    "apprenticeships,placements",
    "finance_planning",
    "marketing,quality",
    "member_list,market_services",
    "member_finance,investors",
    "adapting_programmes,quality_evidence",
];

/// Load the demo data if the database has no organisations yet. Returns whether it loaded.
pub async fn seed(db: &Db) -> anyhow::Result<bool> {
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisations")
        .fetch_one(&db.pool)
        .await?;
    if existing > 0 {
        return Ok(false);
    }
    let t = now();
    // One hash for every demo account: the same password, and start-up stays quick.
    let hash = password::hash(DEMO_PASSWORD.to_string())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut people = Vec::new();
    for (email, name, roles) in DEMO_PEOPLE {
        let id = user(db, email, name, &hash).await?;
        for role in *roles {
            store::grant_role(db, id, *role, None)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        people.push(id);
    }
    let mut organisations = Vec::new();
    for (i, (name, form, sector, nation, region, members, staff, delivery)) in
        ORGANISATIONS.iter().enumerate()
    {
        let (org_id,): (i64,) = sqlx::query_as(
            "INSERT INTO organisations (name, legal_form, sector, nation, region, members_count, staff_count, preferred_delivery, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'member', $9) RETURNING id",
        )
        .bind(*name)
        .bind(*form)
        .bind(*sector)
        .bind(*nation)
        .bind(*region)
        .bind(*members)
        .bind(*staff)
        .bind(*delivery)
        .bind(t)
        .fetch_one(&db.pool)
        .await?;
        // Each co-op has a representative who is a member; the first co-op's is Tom (member@demo.coop).
        let rep = if i == 0 {
            people[6]
        } else {
            let email = format!("rep{}@demo.coop", i + 1);
            let rep_name = format!("Representative of {name}");
            let id = user(db, &email, &rep_name, &hash).await?;
            store::grant_role(db, id, Role::Member, None)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            id
        };
        sqlx::query("INSERT INTO organisation_people (organisation_id, user_id, is_representative) VALUES ($1, $2, 1)")
            .bind(org_id)
            .bind(rep)
            .execute(&db.pool)
            .await?;
        organisations.push(org_id);
    }
    let facilitators = [people[3], people[4]];
    for (i, (name, theme, purpose, sector, region, delivery, status, capacity)) in
        CIRCLES.iter().enumerate()
    {
        let (circle_id,): (i64,) = sqlx::query_as(
            "INSERT INTO circles (name, theme, purpose, sector, region, delivery_mode, status, capacity, created_at, issues) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(*name)
        .bind(*theme)
        .bind(*purpose)
        .bind(*sector)
        .bind(*region)
        .bind(*delivery)
        .bind(*status)
        .bind(*capacity)
        .bind(t)
        .bind(CIRCLE_ISSUES[i])
        .fetch_one(&db.pool)
        .await?;
        sqlx::query("INSERT INTO circle_facilitators (circle_id, user_id) VALUES ($1, $2)")
            .bind(circle_id)
            .bind(facilitators[i % 2])
            .execute(&db.pool)
            .await?;
        // Three or four member co-ops in each circle that is running.
        if *status != "forming" {
            for k in 0..(3 + i % 2) {
                sqlx::query("INSERT INTO circle_organisations (circle_id, organisation_id, joined_at) VALUES ($1, $2, $3)")
                    .bind(circle_id)
                    .bind(organisations[(i * 3 + k) % organisations.len()])
                    .bind(t)
                    .execute(&db.pool)
                    .await?;
            }
        }
    }
    meetings(db, facilitators[0]).await?;
    programmes(db, &organisations, people[6], people[1], facilitators[0]).await?;
    held_session(db, facilitators[0], people[6], organisations[0]).await?;
    // Specialists who are not member co-ops, in two circles.
    for (circle, name, email, kind) in [
        (1_usize, "Jo Marsh", "jo.marsh@example.org", "adviser"),
        (9, "Sam Okoro", "sam.okoro@example.org", "investor"),
    ] {
        sqlx::query(
            "INSERT INTO circle_specialists (circle_id, name, email, kind, invited_by, created_at) \
             SELECT id, $1, $2, $3, $4, $5 FROM circles ORDER BY id LIMIT 1 OFFSET $6",
        )
        .bind(name)
        .bind(email)
        .bind(kind)
        .bind(facilitators[0])
        .bind(t)
        .bind(circle as i64 - 1)
        .execute(&db.pool)
        .await?;
    }
    applications(db, &hash, people[1]).await?;
    Ok(true)
}

/// (applicant email, name, co-op, legal form, sector, nation, region, delivery, needs, status)
/// — one application in every status, so the advisor's queue looks lived in.
const APPLICATIONS: &[(&str, &str, &str, &str, &str, &str, &str, &str, &[(&str, &str)], &str)] = &[
    ("applicant1@demo.coop", "Hannah Price", "Riverside Bakers Co-op", "worker", "food", "england", "North West", "online",
     &[("people-issue-induction", "on"), ("people-issue-recruiting", "on"), ("people-urgency", "high"),
       ("people-words", "Newcomers leave within a year; our induction is a leaflet from 2009.")], "submitted"),
    ("applicant2@demo.coop", "Dafydd Evans", "Cwm Energy Co-operative", "community_benefit", "energy", "wales", "South Wales", "online",
     &[("finance-issue-member_finance", "on"), ("finance-issue-investors", "on"), ("finance-urgency", "medium")], "submitted"),
    ("applicant3@demo.coop", "Morag Stewart", "Leith Print Collective", "worker", "manufacturing", "scotland", "Edinburgh and Lothians", "phone",
     &[("business-issue-marketing", "on"), ("business-urgency", "low")], "in_review"),
    ("applicant4@demo.coop", "Ciarán Byrne", "Newry Housing Co-op", "housing", "housing", "northern_ireland", "Rest of Northern Ireland", "face_to_face",
     &[("co_operative-issue-governance", "on"), ("co_operative-urgency", "high")], "more_info"),
    ("applicant5@demo.coop", "Grace Adeyemi", "Peckham Care Co-operative", "multi_stakeholder", "care", "england", "London", "online",
     &[("people-issue-apprenticeships", "on"), ("people-urgency", "medium")], "approved"),
    ("applicant6@demo.coop", "Oliver Hughes", "Quick Profits Ltd", "other", "finance", "england", "South East", "online",
     &[("finance-issue-investors", "on"), ("finance-urgency", "high")], "declined"),
    ("applicant7@demo.coop", "Ruth Campbell", "Borders Wool Co-op", "worker", "creative", "scotland", "South of Scotland", "online",
     &[("sector-issue-suppliers", "on")], "draft"),
];

async fn applications(db: &Db, hash: &str, advisor: i64) -> anyhow::Result<()> {
    use app::onboarding::application::{Fields, Status, check_submit};
    use app::onboarding::{review_store, store as onboarding};
    let err = |e: app::error::AppError| anyhow::anyhow!("demo application: {e}");
    let q = onboarding::questionnaire(db, None).await.map_err(err)?;
    for (email, name, org, form, sector, nation, region, delivery, needs, status) in APPLICATIONS {
        let applicant = user(db, email, name, hash).await?;
        let mut fields: Fields = [
            ("org_name", *org), ("legal_form", *form), ("sector", *sector), ("nation", *nation),
            ("region", *region), ("members_count", "12"), ("staff_count", "4"), ("contact_name", *name),
            ("contact_email", *email), ("contact_preference", "email"), ("delivery", *delivery),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in *needs {
            fields.insert(k.to_string(), v.to_string());
        }
        let id = onboarding::create_application(db, Some(applicant), applicant, "online", q.version, &fields, "")
            .await
            .map_err(err)?;
        onboarding::save_fields(db, id, &q, &fields, None, "").await.map_err(err)?;
        if *status == "draft" {
            continue;
        }
        onboarding::change_status(db, id, &[Status::Draft], Status::Submitted, applicant, "").await.map_err(err)?;
        if *status == "submitted" {
            continue;
        }
        review_store::set_advisor(db, id, advisor).await.map_err(err)?;
        onboarding::change_status(db, id, &[Status::Submitted], Status::InReview, advisor, "").await.map_err(err)?;
        review_store::add_contact(db, id, advisor, "phone", now() - 86400, "Talked through their needs; keen to join a circle soon.")
            .await
            .map_err(err)?;
        match *status {
            "more_info" => {
                onboarding::change_status(db, id, &[Status::InReview], Status::MoreInfo, advisor,
                    "Could you tell us how many members attend your general meetings?").await.map_err(err)?;
            }
            "declined" => {
                onboarding::change_status(db, id, &[Status::InReview], Status::Declined, advisor,
                    "A private company cannot join: membership is for co-operatives and mutuals.").await.map_err(err)?;
            }
            "approved" => {
                review_store::set_summary(db, id, "Wants to take on two apprentices a year with other care co-ops.").await.map_err(err)?;
                let data = check_submit(&q, &fields).map_err(err)?;
                review_store::approve(db, id, &data, advisor, "Welcome aboard!").await.map_err(err)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Upcoming meetings for the first few circles, so circle pages and co-op profiles show some.
async fn meetings(db: &Db, by: i64) -> anyhow::Result<()> {
    use app::meetings::{jobs, model::check_meeting, store};
    let err = |e: app::error::AppError| anyhow::anyhow!("demo meeting: {e}");
    let circles: Vec<(i64, String)> = sqlx::query_as("SELECT id, delivery_mode FROM circles WHERE status <> 'forming' ORDER BY id LIMIT 4")
        .fetch_all(&db.pool)
        .await?;
    let today = chrono::Utc::now().date_naive();
    for (i, (circle, delivery)) in circles.into_iter().enumerate() {
        let date = (today + chrono::Days::new(3 + 7 * i as u64)).format("%Y-%m-%d").to_string();
        let location = match delivery.as_str() {
            "face_to_face" => "Unity House, 12 Mill Lane, Manchester M1 2AB",
            "phone" => "0330 088 1234, PIN 4455#",
            _ => "https://meet.example.coop/circles",
        };
        let input = check_meeting(
            "Circle meeting",
            &date,
            "18:30",
            "90",
            &delivery,
            location,
            "Check-in round | 10\nWhat we tried since last time | 30\nOne issue in depth | 35\nActions and close | 15",
        )
        .map_err(err)?;
        let starts_at = store::local_to_utc(&input.date, &input.time, "Europe/London")
            .ok_or_else(|| anyhow::anyhow!("demo meeting time"))?;
        let id = store::create(db, circle, &input, starts_at, by).await.map_err(err)?;
        jobs::plan_reminder(db, id, starts_at).await.map_err(err)?;
    }
    Ok(())
}

/// A meeting of Tom's circle held two weeks ago, its live session run and closed, so the
/// meeting's page shows what a session leaves: who came (one by phone), notes, a consensus
/// check's results and an action for Tom's co-op. Played through the live hub as the room
/// would, facilitator and member each acting as themselves.
async fn held_session(db: &Db, facilitator: i64, tom: i64, org: i64) -> anyhow::Result<()> {
    use app::live::model::{Actor, Command, Item, PollKind};
    use app::meetings::{model::check_meeting, store};
    let err = |e: app::error::AppError| anyhow::anyhow!("demo live session: {e}");
    let (circle, coop): (i64, String) = sqlx::query_as(
        "SELECT co.circle_id, o.name FROM circle_organisations co JOIN organisations o ON o.id = co.organisation_id \
         WHERE co.organisation_id = $1 ORDER BY co.circle_id LIMIT 1",
    )
    .bind(org)
    .fetch_one(&db.pool)
    .await?;
    let date = (chrono::Utc::now().date_naive() - chrono::Days::new(14)).format("%Y-%m-%d").to_string();
    let input = check_meeting(
        "Circle meeting",
        &date,
        "18:30",
        "90",
        "face_to_face",
        "Unity House, 12 Mill Lane, Manchester M1 2AB",
        "Check-in round | 10\nWhat we tried since last time | 30\nActions and close | 15",
    )
    .map_err(err)?;
    let starts_at = store::local_to_utc(&input.date, &input.time, "Europe/London").ok_or_else(|| anyhow::anyhow!("demo session time"))?;
    let meeting = store::create(db, circle, &input, starts_at, facilitator).await.map_err(err)?;
    let session = app::live::store::create(db, meeting, facilitator).await.map_err(err)?;
    let hub = app::live::hub::Hub::default();
    let agenda = store::agenda(db, meeting).await.map_err(err)?.into_iter().map(|i| Item { title: i.title, minutes: i.minutes }).collect();
    hub.start(db, session, facilitator, &input.title, agenda).await.map_err(err)?;
    let priya = Actor { user_id: facilitator, name: "Priya Patel".into(), facilitator: true, ballot_key: None };
    let tom = Actor { user_id: tom, name: "Tom Whitaker".into(), facilitator: false, ballot_key: None };
    let acts = [
        (&priya, Command::CheckIn),
        (&tom, Command::CheckIn),
        (&priya, Command::CheckInPerson { name: "Ruth Campbell".into(), how: "phone".into() }),
        (&priya, Command::StartItem { index: 0 }),
        (&priya, Command::WriteNote { item: 0, text: "Everyone said one thing that went well this month. Ruth joined by phone from the farm.".into() }),
        (&priya, Command::StartItem { index: 1 }),
        (&priya, Command::WriteNote { item: 1, text: "Mill Lane mapped its induction: seven steps, three of them only in Sam's head. The others suggested a buddy for each newcomer.".into() }),
        (&priya, Command::OpenPoll { question: "How ready is Mill Lane to pilot buddies?".into(), kind: PollKind::FistToFive, options: Vec::new(), anonymous: true }),
        (&tom, Command::Vote { poll: 0, choices: vec![4] }),
        (&priya, Command::Vote { poll: 0, choices: vec![5] }),
        (&priya, Command::RevealPoll { poll: 0 }),
        (&priya, Command::StartItem { index: 2 }),
        (&priya, Command::CaptureAction {
            what: "Write down the three induction steps only Sam knows".into(),
            organisation_id: Some(org),
            organisation: coop,
            who: "Tom".into(),
            due: "before the next meeting".into(),
        }),
        (&priya, Command::Close),
    ];
    for (actor, command) in acts {
        let env = hub.append(db, session, actor, command).await.map_err(err)?;
        app::live::api::keep_outcome(db, &hub, session, meeting, &env).await.map_err(err)?;
    }
    Ok(())
}

/// Activity programmes at different stages: the first co-op's (Tom's) traced from its needs
/// analysis, like co-operative XYZ in the seed — update the induction process, recruit members,
/// get members to take responsibility — with work done, under way, late and dropped, actions
/// proposed in a circle session and an advisor's comment; a second co-op's programme all done;
/// a third with only a proposal waiting.
async fn programmes(db: &Db, organisations: &[i64], tom: i64, advisor: i64, facilitator: i64) -> anyhow::Result<()> {
    use app::programmes::check::{ActivityInput, GoalInput};
    use app::programmes::store;
    let err = |e: app::error::AppError| anyhow::anyhow!("demo programme: {e}");
    let needs = r#"[{"theme":"people","issues":["induction","recruiting","responsibility"],"urgency":"soon","words":"Newcomers drift away within months, and the same five people do everything."},{"theme":"co_operative","issues":["governance"],"urgency":"later","words":""}]"#;
    sqlx::query("UPDATE organisations SET needs = $1 WHERE id = $2").bind(needs).bind(organisations[0]).execute(&db.pool).await?;
    let day = |offset: i64| (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string();
    let circle_of = |org: i64| async move {
        let row: Option<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT co.circle_id, (SELECT MIN(m.id) FROM meetings m WHERE m.circle_id = co.circle_id) FROM circle_organisations co WHERE co.organisation_id = $1 ORDER BY co.circle_id LIMIT 1",
        )
        .bind(org)
        .fetch_optional(&db.pool)
        .await?;
        Ok::<_, anyhow::Error>(row)
    };
    let goal = |title: &str, issues: &[&str], outcome: &str, measure: &str, circle: Option<i64>| GoalInput {
        title: title.into(),
        issues: issues.iter().map(|s| s.to_string()).collect(),
        outcome: outcome.into(),
        measure: measure.into(),
        circle_id: circle,
    };
    #[allow(clippy::too_many_arguments)]
    fn activity(goal_id: i64, what: &str, owner: (&str, Option<i64>, &str), starts_on: String, due_on: String, status: &str, drop_reason: &str, note: &str) -> ActivityInput {
        ActivityInput {
            goal_id,
            what: what.into(),
            owner_kind: owner.0.into(),
            owner_user_id: owner.1,
            owner_name: owner.2.into(),
            starts_on,
            due_on,
            status: status.into(),
            drop_reason: drop_reason.into(),
            note: note.into(),
        }
    }
    let tom_owns = ("person", Some(tom), "");
    let the_circle = ("circle", None, "");

    // Tom's co-op: the seed's co-operative XYZ.
    let org = organisations[0];
    let (circle, meeting) = circle_of(org).await?.map(|(c, m)| (Some(c), m)).unwrap_or((None, None));
    let induction = store::save_goal(db, org, 0, &goal("Update our induction process", &["induction"], "Every newcomer is welcomed, paired with a buddy and knows how decisions are made within their first month.", "New members inducted within 4 weeks: 10 → 80 %", circle), tom).await.map_err(err)?;
    let recruit = store::save_goal(db, org, 0, &goal("Recruit members", &["recruiting"], "Twenty new members from the estate, not only from friends of the founders.", "Members: 64 → 84", circle), tom).await.map_err(err)?;
    store::save_goal(db, org, 0, &goal("Get members to take responsibility", &["responsibility", "governance"], "Roles are shared: no one holds more than two.", "", circle), tom).await.map_err(err)?;
    for input in [
        activity(induction, "Map today's induction steps", tom_owns, day(-40), day(-30), "done", "", "Seven steps, three of them only in Sam's head. Written up for the circle."),
        activity(induction, "Write a one-page welcome pack", tom_owns, day(-20), day(10), "in_progress", "", "First draft shared with the circle; they suggested a glossary."),
        activity(induction, "Pilot a buddy scheme with the next three newcomers", the_circle, day(-14), day(-3), "planned", "", ""),
        activity(induction, "Record an induction video", tom_owns, String::new(), day(-10), "dropped", "Members said they would rather meet someone than watch a video.", ""),
        activity(recruit, "Open evening at the community centre", ("specialist", None, "Jo Marsh"), day(20), day(30), "planned", "", ""),
    ] {
        store::save_activity(db, org, None, &input, tom).await.map_err(err)?;
    }
    if let Some(meeting) = meeting {
        for (what, who, due) in [
            ("Share the induction checklist with the circle", "Tom", "next month"),
            ("Ask two members to co-chair the next general meeting", "Tom", ""),
        ] {
            app::live::store::record_action(db, org, meeting, what, who, due).await.map_err(err)?;
        }
    }
    store::comment(db, org, Some(induction), "Good to see the buddy pilot: note who the buddies are and how many newcomers stay after three months — that is your evidence for the report.", advisor)
        .await
        .map_err(err)?;

    reports(db, org, Some(induction), tom, advisor).await?;

    // The second co-op: a small programme, all done.
    let org = organisations[1];
    let circle = circle_of(org).await?.map(|(c, _)| c);
    let g = store::save_goal(db, org, 0, &goal("Hold a general meeting that members want to attend", &[], "Half the members at the AGM.", "Attendance: 18 % → 50 %", circle), facilitator).await.map_err(err)?;
    for what in ["Move the AGM to a Saturday morning", "Send the papers two weeks ahead, in plain words"] {
        store::save_activity(db, org, None, &activity(g, what, the_circle, day(-60), day(-30), "done", "", ""), facilitator).await.map_err(err)?;
    }

    // The third co-op: nothing planned yet, one proposal waiting.
    let org = organisations[2];
    if let Some((_, Some(meeting))) = circle_of(org).await? {
        app::live::store::record_action(db, org, meeting, "Compare two bulk suppliers' prices", "", "").await.map_err(err)?;
    }
    Ok(())
}

/// Reports in every status on the first co-op's induction goal: accepted (one with a follow-up
/// to come, one whose follow-up fell due), waiting for an advisor, asked to change, and a draft.
async fn reports(db: &Db, org: i64, goal: Option<i64>, tom: i64, advisor: i64) -> anyhow::Result<()> {
    use app::reports::{model, store, template};
    let err = |e: app::error::AppError| anyhow::anyhow!("demo report: {e}");
    let progress = store::latest(db, template::PROGRESS).await.map_err(err)?.ok_or_else(|| anyhow::anyhow!("no progress template"))?;
    let follow_up = (chrono::Utc::now().date_naive() + chrono::Duration::days(90)).format("%Y-%m-%d").to_string();
    // Last winter's report was accepted with a follow-up that fell due yesterday: the job it
    // planned is due when the demo server starts, so the follow-up report is raised by the real
    // worker (and its mails queued) within seconds.
    let follow_up_due = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let answers = |summary: &str, standing: &str| {
        let mut a = std::collections::BTreeMap::new();
        a.insert("summary".to_string(), summary.to_string());
        a.insert("standing".to_string(), standing.to_string());
        a.insert("people".to_string(), "9".to_string());
        a
    };
    let steps: [(&str, &str, &str, &[(&str, &str, &str)]); 5] = [
        ("Progress report: last winter", "We wrote down how a newcomer joins today, step by step.", "on_track",
            &[(model::SUBMITTED, "", ""), (model::ACCEPTED, "A good start. Let us see in three months whether the steps are still followed.", "due")]),
        ("Progress report: spring", "We mapped today's induction: seven steps, three of them only in one person's head.", "on_track",
            &[(model::SUBMITTED, "", ""), (model::ACCEPTED, "Clear and honest. Keep the buddy numbers for the next one.", "follow")]),
        ("Progress report: summer", "The welcome pack is drafted; the circle suggested a glossary of co-op words.", "some_delay",
            &[(model::SUBMITTED, "", "")]),
        ("Progress report: the buddy pilot", "Three newcomers paired with buddies.", "on_track",
            &[(model::SUBMITTED, "", ""), (model::CHANGES_REQUESTED, "Say how many of the three are still coming after a month.", "")]),
        ("Progress report: autumn", "", "", &[]),
    ];
    for (title, summary, standing, moves) in steps {
        let id = store::create(db, org, goal, progress.id, title, Some(tom), None).await.map_err(err)?;
        if !summary.is_empty() {
            store::save_answers(db, id, &answers(summary, standing), None, "").await.map_err(err)?;
        }
        for (to, message, follow) in moves {
            let (by, from): (i64, &[&str]) = if *to == model::SUBMITTED { (tom, &[model::DRAFT]) } else { (advisor, &[model::SUBMITTED]) };
            let date = match *follow {
                "follow" => Some(follow_up.as_str()),
                "due" => Some(follow_up_due.as_str()),
                _ => None,
            };
            store::change_status(db, id, from, to, by, message, date).await.map_err(err)?;
        }
    }
    Ok(())
}

/// Volume for the benchmark, on the demo's first co-op: `activities` more activities under its
/// first goal, and `reports` progress reports sent and waiting for an advisor.
pub async fn seed_volume(db: &Db, activities: u32, reports: u32) -> anyhow::Result<()> {
    use app::programmes::check::ActivityInput;
    let err = |e: app::error::AppError| anyhow::anyhow!("volume: {e}");
    let (org, goal, tom): (i64, i64, i64) = sqlx::query_as(
        "SELECT g.organisation_id, g.id, p.user_id FROM programme_goals g JOIN organisation_people p ON p.organisation_id = g.organisation_id \
         AND p.is_representative = 1 ORDER BY g.id LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .map_err(|_| anyhow::anyhow!("load the demo data first (seed-demo)"))?;
    let statuses = ["planned", "in_progress", "done", "dropped"];
    for i in 0..activities {
        let status = statuses[i as usize % statuses.len()];
        let due = (chrono::Utc::now().date_naive() + chrono::Duration::days(i as i64 % 90 - 30)).format("%Y-%m-%d").to_string();
        let input = ActivityInput {
            goal_id: goal,
            what: format!("Activity {i} of the volume test"),
            owner_kind: "person".into(),
            owner_user_id: Some(tom),
            owner_name: String::new(),
            starts_on: String::new(),
            due_on: due,
            status: status.into(),
            drop_reason: if status == "dropped" { "Volume".into() } else { String::new() },
            note: "A note of what happened, as long as a real one might be.".into(),
        };
        app::programmes::store::save_activity(db, org, None, &input, tom).await.map_err(err)?;
    }
    let template = app::reports::store::latest(db, app::reports::template::PROGRESS).await.map_err(err)?.ok_or_else(|| anyhow::anyhow!("no template"))?;
    let mut answers = std::collections::BTreeMap::new();
    answers.insert("summary".to_string(), "What happened since the last report, in a few sentences.".to_string());
    answers.insert("standing".to_string(), "on_track".to_string());
    for i in 0..reports {
        let id = app::reports::store::create(db, org, Some(goal), template.id, &format!("Volume report {i}"), Some(tom), None).await.map_err(err)?;
        app::reports::store::save_answers(db, id, &answers, None, "").await.map_err(err)?;
        app::reports::store::change_status(db, id, &[app::reports::model::DRAFT], app::reports::model::SUBMITTED, tom, "", None).await.map_err(err)?;
    }
    Ok(())
}

/// A portfolio to export, for the benchmark, on the demo's first co-op: `reports` progress
/// reports accepted, the first `files` of them with a photo of `file_bytes` bytes each (every
/// photo different, so each is kept and bundled). Files go through the real storage.
pub async fn seed_portfolio(db: &Db, files: &app::files::storage::Files, reports: u32, photos: u32, file_bytes: usize) -> anyhow::Result<()> {
    use app::reports::{model, store as reports_store};
    let err = |e: app::error::AppError| anyhow::anyhow!("portfolio volume: {e}");
    let (org, goal, tom, advisor): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT g.organisation_id, g.id, p.user_id, (SELECT MIN(u.id) FROM users u WHERE u.email = 'advisor@demo.coop') FROM programme_goals g \
         JOIN organisation_people p ON p.organisation_id = g.organisation_id AND p.is_representative = 1 ORDER BY g.id LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .map_err(|_| anyhow::anyhow!("load the demo data first (seed-demo)"))?;
    let template = reports_store::latest(db, app::reports::template::PROGRESS).await.map_err(err)?.ok_or_else(|| anyhow::anyhow!("no template"))?;
    let mut answers = std::collections::BTreeMap::new();
    answers.insert("summary".to_string(), "What happened since the last report: the buddy scheme ran all term, and three newcomers took a role. ".repeat(6));
    answers.insert("standing".to_string(), "on_track".to_string());
    answers.insert("people".to_string(), "12".to_string());
    for i in 0..reports {
        let id = reports_store::create(db, org, Some(goal), template.id, &format!("Portfolio report {i}"), Some(tom), None).await.map_err(err)?;
        reports_store::save_answers(db, id, &answers, None, "").await.map_err(err)?;
        if i < photos {
            // A JPEG's first bytes, then bytes that differ from photo to photo.
            let mut incoming = files.receive();
            let mut head = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01];
            head.extend((0..(64 * 1024)).map(|k: usize| (k as u8).wrapping_mul(31).wrapping_add(i as u8)));
            incoming.push(&head).await.map_err(err)?;
            let mut written = head.len();
            let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ (i as u64 + 1);
            let mut chunk = vec![0u8; 256 * 1024];
            while written < file_bytes {
                for byte in chunk.iter_mut() {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    *byte = state as u8;
                }
                let n = chunk.len().min(file_bytes - written);
                incoming.push(&chunk[..n]).await.map_err(err)?;
                written += n;
            }
            let staged = incoming.finish().await.map_err(err)?.map_err(|why| anyhow::anyhow!("photo refused: {why:?}"))?;
            files.keep(&staged).await.map_err(err)?;
            let name = format!("photo-{i}.jpg");
            let file = reports_store::NewFile { section: "evidence", sha256: &staged.hash, name: &name, media_type: "image/jpeg", size: staged.size as i64 };
            reports_store::add_files(db, id, &[file], tom).await.map_err(err)?;
        }
        reports_store::change_status(db, id, &[model::DRAFT], model::SUBMITTED, tom, "", None).await.map_err(err)?;
        reports_store::change_status(db, id, &[model::SUBMITTED], model::ACCEPTED, advisor, "Accepted for the benchmark.", None).await.map_err(err)?;
    }
    Ok(())
}

/// A demo account, its address already confirmed.
async fn user(db: &Db, email: &str, name: &str, hash: &str) -> anyhow::Result<i64> {
    let id = store::create_user(db, name, email, hash, Locale::En)
        .await
        .map_err(|e| anyhow::anyhow!("demo user {email}: {e}"))?;
    store::mark_email_verified(db, id)
        .await
        .map_err(|e| anyhow::anyhow!("demo user {email}: {e}"))?;
    Ok(id)
}

/// The lines printed at start when the demo data is loaded.
pub fn sign_in_help(public_url: &str) -> String {
    let mut text = format!(
        "Demo data loaded. Sign in at {public_url}/signin with password \"{DEMO_PASSWORD}\" as:\n"
    );
    for (email, _, roles) in DEMO_PEOPLE {
        let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        text.push_str(&format!("  {email:<26} {}\n", roles.join(", ")));
    }
    text
}
