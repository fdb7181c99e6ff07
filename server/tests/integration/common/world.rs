//! The setting of the programme, report and evidence tests: three co-ops, two circles and a
//! person in every position, made through the real server where a person would make them.

use super::TestApp;
use app::accounts::Role;
use reqwest::Client;
use std::collections::BTreeMap;

pub struct World {
    /// Mill Lane: its needs name three issues; in circle X.
    pub a: i64,
    /// Harbour Bakery: in circle X too.
    pub b: i64,
    /// Hill Farm: in circle Y only.
    pub c: i64,
    pub circle_x: i64,
    pub circle_y: i64,
    /// A's representative.
    pub tom: Client,
    pub tom_id: i64,
    /// One of A's people, not its representative; reads French.
    pub sam: Client,
    pub sam_id: i64,
    /// Facilitates X.
    pub priya: Client,
    /// B's representative: a plain member of circle X.
    pub bea: Client,
    /// C's representative: a member of another co-op, in another circle.
    pub cy: Client,
    pub cy_id: i64,
    /// Facilitates Y.
    pub otto: Client,
    pub advisor: Client,
    pub advisor_id: i64,
    pub assessor: Client,
    pub admin: Client,
}

/// A's needs analysis, as a finished application leaves it on the co-op.
pub const NEEDS_OF_A: &str = r#"[{"theme":"people","issues":["induction","recruiting"],"urgency":"soon","words":"Newcomers drift away within months."},{"theme":"co_operative","issues":["governance"],"urgency":"later","words":""}]"#;

pub async fn user_id(app: &TestApp, email: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.state.db.pool).await.unwrap();
    id
}

pub async fn new_circle(app: &TestApp, facilitator: &Client, name: &str) -> i64 {
    let path: String = app
        .call(facilitator, "circles/save", &[("id", "0"), ("name", name), ("theme", "people"), ("delivery", "online"), ("status", "open"), ("capacity", "8")])
        .await
        .unwrap();
    path.trim_start_matches("/circles/").trim_end_matches("?done=saved").parse().unwrap()
}

pub async fn world(app: &TestApp) -> World {
    let db = &app.state.db.pool;
    let priya = app.person("priya@facilitate.coop", &[Role::Facilitator]).await;
    let otto = app.person("otto@facilitate.coop", &[Role::Facilitator]).await;
    let circle_x = new_circle(app, &priya, "Induction").await;
    let circle_y = new_circle(app, &otto, "Governance").await;
    let tom = app.person("tom@mill-lane.coop", &[Role::Member]).await;
    let sam = app.person("sam@mill-lane.coop", &[Role::Member]).await;
    let bea = app.person("bea@harbour.coop", &[Role::Member]).await;
    let cy = app.person("cy@hill-farm.coop", &[Role::Member]).await;
    let advisor = app.person("ada@advise.coop", &[Role::Advisor]).await;
    let assessor = app.person("ash@assess.coop", &[Role::Assessor]).await;
    let admin = app.person("root@mutual.coop", &[Role::Admin]).await;
    for (email, name) in [
        ("priya@facilitate.coop", "Priya Shah"),
        ("otto@facilitate.coop", "Otto Kern"),
        ("tom@mill-lane.coop", "Tom Price"),
        ("sam@mill-lane.coop", "Sam Okafor"),
        ("bea@harbour.coop", "Bea Lund"),
        ("cy@hill-farm.coop", "Cy Moss"),
        ("ada@advise.coop", "Ada Advisor"),
        ("ash@assess.coop", "Ash Assessor"),
        ("root@mutual.coop", "Root Admin"),
    ] {
        sqlx::query("UPDATE users SET name = $1 WHERE email = $2").bind(name).bind(email).execute(db).await.unwrap();
    }
    sqlx::query("UPDATE users SET locale = 'fr' WHERE email = 'sam@mill-lane.coop'").execute(db).await.unwrap();
    let mut orgs = Vec::new();
    for (name, circle, people) in [
        ("Mill Lane", circle_x, vec![("tom@mill-lane.coop", 1), ("sam@mill-lane.coop", 0)]),
        ("Harbour Bakery", circle_x, vec![("bea@harbour.coop", 1)]),
        ("Hill Farm", circle_y, vec![("cy@hill-farm.coop", 1)]),
    ] {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO organisations (name, legal_form, sector, nation, region, created_at) VALUES ($1, 'worker', 'food', 'england', 'London', 0) RETURNING id",
        )
        .bind(name)
        .fetch_one(db)
        .await
        .unwrap();
        for (email, rep) in people {
            sqlx::query("INSERT INTO organisation_people (organisation_id, user_id, is_representative) SELECT $1, id, $2 FROM users WHERE email = $3")
                .bind(id)
                .bind(rep)
                .bind(email)
                .execute(db)
                .await
                .unwrap();
        }
        sqlx::query("INSERT INTO circle_organisations (circle_id, organisation_id, joined_at) VALUES ($1, $2, 0)")
            .bind(circle)
            .bind(id)
            .execute(db)
            .await
            .unwrap();
        orgs.push(id);
    }
    sqlx::query("UPDATE organisations SET needs = $1 WHERE id = $2").bind(NEEDS_OF_A).bind(orgs[0]).execute(db).await.unwrap();
    World {
        a: orgs[0],
        b: orgs[1],
        c: orgs[2],
        circle_x,
        circle_y,
        tom_id: user_id(app, "tom@mill-lane.coop").await,
        sam_id: user_id(app, "sam@mill-lane.coop").await,
        cy_id: user_id(app, "cy@hill-farm.coop").await,
        advisor_id: user_id(app, "ada@advise.coop").await,
        tom,
        sam,
        priya,
        bea,
        cy,
        otto,
        advisor,
        assessor,
        admin,
    }
}

/// Every row of `tables`, as text, sorted: compared before and after a call that must change
/// nothing.
pub async fn rows_of(app: &TestApp, tables: &[&str]) -> BTreeMap<String, Vec<String>> {
    use sqlx::Row as _;
    let pool = &app.state.db.pool;
    let postgres = app.database_url.starts_with("postgres");
    let mut out = BTreeMap::new();
    for table in tables {
        let columns: Vec<(String,)> = if postgres {
            sqlx::query_as("SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position")
                .bind(table)
                .fetch_all(pool)
                .await
                .unwrap()
        } else {
            sqlx::query_as("SELECT name FROM pragma_table_info($1) ORDER BY cid").bind(table).fetch_all(pool).await.unwrap()
        };
        assert!(!columns.is_empty(), "{table} has columns");
        let select: Vec<String> = columns.iter().map(|(c,)| format!("CAST(\"{c}\" AS TEXT)")).collect();
        let rows = sqlx::query(&format!("SELECT {} FROM \"{table}\"", select.join(", "))).fetch_all(pool).await.unwrap();
        let mut lines: Vec<String> = rows
            .iter()
            .map(|row| {
                (0..columns.len())
                    .map(|i| row.try_get::<Option<String>, _>(i).unwrap().unwrap_or_else(|| "NULL".into()))
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        lines.sort();
        out.insert(table.to_string(), lines);
    }
    out
}

