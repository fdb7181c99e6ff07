//! Circle storage (server only).

use super::model::{Circle, JoinRequest};
use crate::db::Db;
use crate::error::AppResult;
use crate::time::{now, when};
use std::collections::BTreeMap;

/// Every circle, with its facilitators' names and member co-ops: two queries in all, however
/// many circles there are.
pub async fn all(db: &Db) -> AppResult<Vec<Circle>> {
    load(db, None).await
}

/// One circle, by id: two lookups by its key, not the catalogue.
pub async fn one(db: &Db, id: i64) -> AppResult<Option<Circle>> {
    Ok(load(db, Some(id)).await?.pop())
}

/// The people of every circle (or of one: `WHERE … = $1`, so the index on the circle is used
/// and the query plan never falls back to reading them all), in one round trip: each row says
/// whether it is a facilitator (`f`), a specialist (`s`) or a member co-op (`o`).
const PEOPLE_OF_CIRCLES: &str = "SELECT 'f', cf.circle_id, u.id, u.name, '', 0 FROM circle_facilitators cf JOIN users u ON u.id = cf.user_id WHERE {f} \
     UNION ALL SELECT 's', circle_id, id, name, kind, 0 FROM circle_specialists WHERE {s} \
     UNION ALL SELECT 'o', co.circle_id, o.id, o.name, '', o.visible_to_members FROM circle_organisations co \
     JOIN organisations o ON o.id = co.organisation_id WHERE {o} \
     ORDER BY 1, 4, 3";

/// Circles with their people: every one, or only `only`.
async fn load(db: &Db, only: Option<i64>) -> AppResult<Vec<Circle>> {
    type CircleRow = (i64, String, String, String, String, String, String, String, i64, String);
    let columns = "SELECT id, name, theme, purpose, sector, region, delivery_mode, status, capacity, issues FROM circles";
    let (rows, people): (Vec<CircleRow>, Vec<(String, i64, i64, String, String, i64)>) = match only {
        Some(id) => (
            sqlx::query_as(&format!("{columns} WHERE id = $1"))
                .bind(id)
                .fetch_all(&db.pool)
                .await?,
            sqlx::query_as(
                &PEOPLE_OF_CIRCLES
                    .replace("{f}", "cf.circle_id = $1")
                    .replace("{s}", "circle_id = $1")
                    .replace("{o}", "co.circle_id = $1"),
            )
            .bind(id)
            .fetch_all(&db.pool)
            .await?,
        ),
        None => (
            sqlx::query_as(&format!("{columns} ORDER BY id"))
                .fetch_all(&db.pool)
                .await?,
            sqlx::query_as(&PEOPLE_OF_CIRCLES.replace(" WHERE {f}", "").replace(" WHERE {s}", "").replace(" WHERE {o}", ""))
                .fetch_all(&db.pool)
                .await?,
        ),
    };
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut facilitators: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    let mut specialists: BTreeMap<i64, Vec<super::model::Specialist>> = BTreeMap::new();
    let mut organisations: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    let mut unlisted: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    // Sorted by kind, then name, then id: each list comes out in name order.
    for (kind, circle, id, name, specialist_kind, visible) in people {
        match kind.as_str() {
            "f" => facilitators.entry(circle).or_default().push((id, name)),
            "s" => specialists
                .entry(circle)
                .or_default()
                .push(super::model::Specialist { id, name, kind: specialist_kind }),
            _ => {
                organisations.entry(circle).or_default().push((id, name));
                if visible == 0 {
                    unlisted.entry(circle).or_default().push(id);
                }
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, name, theme, purpose, sector, region, delivery_mode, status, capacity, issues)| {
                let organisations = organisations.remove(&id).unwrap_or_default();
                Circle {
                    id,
                    name,
                    theme,
                    purpose,
                    sector,
                    region,
                    delivery_mode,
                    status,
                    capacity,
                    issues: issues
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                    facilitators: facilitators.remove(&id).unwrap_or_default(),
                    member_count: organisations.len() as i64,
                    organisations,
                    specialists: specialists.remove(&id).unwrap_or_default(),
                    people_shown: true,
                    unlisted: unlisted.remove(&id).unwrap_or_default(),
                }
            },
        )
        .collect())
}

/// Whether the person facilitates the circle, and whether they are a person of one of its
/// member co-ops: one lookup by the circle and the person.
pub async fn standing(db: &Db, circle_id: i64, user_id: i64) -> AppResult<(bool, bool)> {
    let (facilitates, in_member_coop): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM circle_facilitators WHERE circle_id = $1 AND user_id = $2), \
         (SELECT COUNT(*) FROM circle_organisations co JOIN organisation_people op ON op.organisation_id = co.organisation_id \
          WHERE co.circle_id = $1 AND op.user_id = $2)",
    )
    .bind(circle_id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?;
    Ok((facilitates > 0, in_member_coop > 0))
}

/// Create a circle (e.g. proposed by an advisor) with its first member co-op, if any.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    db: &Db,
    name: &str,
    theme: &str,
    purpose: &str,
    sector: &str,
    region: &str,
    delivery: &str,
    status: &str,
    issues: &[String],
    first_member: Option<i64>,
) -> AppResult<i64> {
    let t = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO circles (name, theme, purpose, sector, region, delivery_mode, status, capacity, created_at, issues) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 8, $8, $9) RETURNING id",
    )
    .bind(name)
    .bind(theme)
    .bind(purpose)
    .bind(sector)
    .bind(region)
    .bind(delivery)
    .bind(status)
    .bind(t)
    .bind(issues.join(","))
    .fetch_one(&db.pool)
    .await?;
    if let Some(org) = first_member {
        add_member(db, id, org).await?;
    }
    Ok(id)
}

pub async fn add_member(db: &Db, circle_id: i64, organisation_id: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO circle_organisations (circle_id, organisation_id, joined_at) VALUES ($1, $2, $3)",
    )
    .bind(circle_id)
    .bind(organisation_id)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn pending_request_exists(db: &Db, circle_id: i64, organisation_id: i64) -> AppResult<bool> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM join_requests WHERE circle_id = $1 AND organisation_id = $2 AND status = 'pending'",
    )
    .bind(circle_id)
    .bind(organisation_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

pub async fn create_request(
    db: &Db,
    circle_id: i64,
    organisation_id: i64,
    by: i64,
    message: &str,
) -> AppResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO join_requests (circle_id, organisation_id, requested_by, status, message, created_at) VALUES ($1, $2, $3, 'pending', $4, $5) RETURNING id",
    )
    .bind(circle_id)
    .bind(organisation_id)
    .bind(by)
    .bind(message)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

const REQUEST_SELECT: &str = "SELECT r.id, r.circle_id, c.name, r.organisation_id, o.name, COALESCE(u.name, ''), r.status, r.message, r.reply, r.created_at \
     FROM join_requests r JOIN circles c ON c.id = r.circle_id JOIN organisations o ON o.id = r.organisation_id LEFT JOIN users u ON u.id = r.requested_by";

type RequestRow = (i64, i64, String, i64, String, String, String, String, String, i64);

fn request_from(row: RequestRow, zone: &str) -> JoinRequest {
    let (id, circle_id, circle_name, organisation_id, organisation_name, requested_by, status, message, reply, created) = row;
    JoinRequest {
        id,
        circle_id,
        circle_name,
        organisation_id,
        organisation_name,
        requested_by,
        status,
        message,
        reply,
        created: when(created, zone),
    }
}

pub async fn pending_requests(db: &Db, circle_id: i64, zone: &str) -> AppResult<Vec<JoinRequest>> {
    let rows: Vec<RequestRow> = sqlx::query_as(&format!(
        "{REQUEST_SELECT} WHERE r.circle_id = $1 AND r.status = 'pending' ORDER BY r.id"
    ))
    .bind(circle_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| request_from(r, zone)).collect())
}

pub async fn requests_of_organisation(db: &Db, organisation_id: i64, zone: &str) -> AppResult<Vec<JoinRequest>> {
    let rows: Vec<RequestRow> = sqlx::query_as(&format!(
        "{REQUEST_SELECT} WHERE r.organisation_id = $1 ORDER BY r.id DESC"
    ))
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| request_from(r, zone)).collect())
}

pub async fn request(db: &Db, id: i64) -> AppResult<Option<JoinRequest>> {
    let row: Option<RequestRow> = sqlx::query_as(&format!("{REQUEST_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| request_from(r, "UTC")))
}

/// Decide a pending request; false when it was already decided.
pub async fn decide_request(db: &Db, id: i64, accept: bool, reply: &str, by: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE join_requests SET status = $1, reply = $2, decided_by = $3, decided_at = $4 WHERE id = $5 AND status = 'pending'",
    )
    .bind(if accept { "accepted" } else { "declined" })
    .bind(reply)
    .bind(by)
    .bind(now())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The fields a facilitator or admin sets on a circle.
pub struct CircleFields<'a> {
    pub name: &'a str,
    pub theme: &'a str,
    pub purpose: &'a str,
    pub sector: &'a str,
    pub region: &'a str,
    pub delivery: &'a str,
    pub status: &'a str,
    pub capacity: i64,
    pub issues: &'a [String],
}

pub async fn update(db: &Db, id: i64, f: &CircleFields<'_>) -> AppResult<()> {
    sqlx::query(
        "UPDATE circles SET name = $1, theme = $2, purpose = $3, sector = $4, region = $5, delivery_mode = $6, status = $7, capacity = $8, issues = $9 WHERE id = $10",
    )
    .bind(f.name)
    .bind(f.theme)
    .bind(f.purpose)
    .bind(f.sector)
    .bind(f.region)
    .bind(f.delivery)
    .bind(f.status)
    .bind(f.capacity)
    .bind(f.issues.join(","))
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn set_capacity(db: &Db, id: i64, capacity: i64) -> AppResult<()> {
    sqlx::query("UPDATE circles SET capacity = $1 WHERE id = $2")
        .bind(capacity)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn add_facilitator(db: &Db, circle_id: i64, user_id: i64) -> AppResult<()> {
    sqlx::query("INSERT INTO circle_facilitators (circle_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(circle_id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn remove_facilitator(db: &Db, circle_id: i64, user_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM circle_facilitators WHERE circle_id = $1 AND user_id = $2")
        .bind(circle_id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// People holding the facilitator role, by name.
pub async fn facilitator_candidates(db: &Db) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'facilitator' ORDER BY u.name, u.id",
    )
    .fetch_all(&db.pool)
    .await?)
}

pub async fn add_specialist(db: &Db, circle_id: i64, name: &str, email: &str, kind: &str, by: i64) -> AppResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO circle_specialists (circle_id, name, email, kind, invited_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(circle_id)
    .bind(name)
    .bind(email)
    .bind(kind)
    .bind(by)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Remove a specialist from a circle; returns the circle it was in.
pub async fn remove_specialist(db: &Db, id: i64) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("DELETE FROM circle_specialists WHERE id = $1 RETURNING circle_id")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn specialist_circle(db: &Db, id: i64) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT circle_id FROM circle_specialists WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.0))
}

/// The member co-ops of a circle: (id, name), by name.
pub async fn coops_of(db: &Db, circle_id: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.name FROM circle_organisations co JOIN organisations o ON o.id = co.organisation_id WHERE co.circle_id = $1 ORDER BY o.name",
    )
    .bind(circle_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The name of a co-op, when it is a member of the circle.
pub async fn member_coop_name(db: &Db, circle_id: i64, organisation_id: i64) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT o.name FROM organisations o JOIN circle_organisations co ON co.organisation_id = o.id WHERE o.id = $1 AND co.circle_id = $2",
    )
    .bind(organisation_id)
    .bind(circle_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(n,)| n))
}

/// Who asked for a join request (none once their account is gone).
pub async fn requester(db: &Db, request_id: i64) -> AppResult<Option<i64>> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT requested_by FROM join_requests WHERE id = $1")
        .bind(request_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.and_then(|(by,)| by))
}
