//! Organisation storage (server only).

use super::model::{OrgPerson, Profile};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::onboarding::application::{ApplicationData, ThemeNeed};
use crate::time::now;

/// Make the co-op a member organisation from its approved application, inside the caller's
/// transaction so approval is all or nothing.
pub async fn create_from_application(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    data: &ApplicationData,
    needs_summary: &str,
) -> AppResult<i64> {
    let needs = serde_json::to_string(&data.needs).map_err(|e| AppError::internal("needs", e))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO organisations (name, legal_form, sector, nation, region, members_count, staff_count, website, preferred_delivery, status, created_at, \
         registration_number, contact_preference, needs, needs_summary) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'member', $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(&data.org_name)
    .bind(&data.legal_form)
    .bind(&data.sector)
    .bind(&data.nation)
    .bind(&data.region)
    .bind(data.members_count)
    .bind(data.staff_count)
    .bind(&data.website)
    .bind(&data.delivery)
    .bind(now())
    .bind(&data.registration_number)
    .bind(&data.contact_preference)
    .bind(needs)
    .bind(needs_summary)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn add_person(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    organisation_id: i64,
    user_id: i64,
    representative: bool,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO organisation_people (organisation_id, user_id, is_representative) VALUES ($1, $2, $3)",
    )
    .bind(organisation_id)
    .bind(user_id)
    .bind(representative as i64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The co-ops a person belongs to: (id, name, is representative).
pub async fn organisations_of(db: &Db, user_id: i64) -> AppResult<Vec<(i64, String, bool)>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.name, op.is_representative FROM organisation_people op JOIN organisations o ON o.id = op.organisation_id \
         WHERE op.user_id = $1 ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id, name, rep)| (id, name, rep != 0)).collect())
}

/// How a person stands with a co-op, in one round trip: `Some(is representative)` when they
/// are one of its people, and whether they facilitate a circle it is in.
pub async fn standing(db: &Db, organisation_id: i64, user_id: i64) -> AppResult<(Option<bool>, bool)> {
    let (representative, facilitates): (Option<i64>, i64) = sqlx::query_as(
        "SELECT (SELECT MAX(is_representative) FROM organisation_people WHERE organisation_id = $1 AND user_id = $2), \
         (SELECT COUNT(*) FROM circle_organisations co JOIN circle_facilitators cf ON cf.circle_id = co.circle_id \
          WHERE co.organisation_id = $1 AND cf.user_id = $2)",
    )
    .bind(organisation_id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?;
    Ok((representative.map(|rep| rep != 0), facilitates > 0))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    legal_form: String,
    registration_number: String,
    sector: String,
    nation: String,
    region: String,
    members_count: i64,
    staff_count: i64,
    website: String,
    preferred_delivery: String,
    contact_preference: String,
    about: String,
    services: String,
    visible_to_members: i64,
    needs: String,
    needs_summary: String,
}

/// The whole profile; the API decides what of it the viewer may see.
pub async fn profile(db: &Db, id: i64) -> AppResult<Option<Profile>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, name, legal_form, registration_number, sector, nation, region, members_count, staff_count, website, \
         preferred_delivery, contact_preference, about, services, visible_to_members, needs, needs_summary FROM organisations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let people: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT u.id, u.name, op.is_representative FROM organisation_people op JOIN users u ON u.id = op.user_id \
         WHERE op.organisation_id = $1 ORDER BY op.is_representative DESC, u.name",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let circles: Vec<(i64, String)> = sqlx::query_as(
        "SELECT c.id, c.name FROM circle_organisations co JOIN circles c ON c.id = co.circle_id WHERE co.organisation_id = $1 ORDER BY c.name",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let needs: Vec<ThemeNeed> = serde_json::from_str(&row.needs).unwrap_or_default();
    Ok(Some(Profile {
        id: row.id,
        name: row.name,
        legal_form: row.legal_form,
        registration_number: row.registration_number,
        sector: row.sector,
        nation: row.nation,
        region: row.region,
        members_count: row.members_count,
        staff_count: row.staff_count,
        website: row.website,
        preferred_delivery: row.preferred_delivery,
        contact_preference: row.contact_preference,
        about: row.about,
        services: row.services,
        visible_to_members: row.visible_to_members != 0,
        people: people
            .into_iter()
            .map(|(user_id, name, rep)| OrgPerson {
                user_id,
                name,
                is_representative: rep != 0,
            })
            .collect(),
        circles,
        needs,
        needs_summary: row.needs_summary,
        can_see_needs: false,
        questionnaire: None,
        requests: Vec::new(),
        recommendations: Vec::new(),
        invites: Vec::new(),
        programme: None,
        reports: Vec::new(),
        can_edit: false,
        meetings: Vec::new(),
    }))
}

pub async fn update_profile(
    db: &Db,
    id: i64,
    about: &str,
    services: &str,
    delivery: &str,
    visible: bool,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE organisations SET about = $1, services = $2, preferred_delivery = $3, visible_to_members = $4 WHERE id = $5",
    )
    .bind(about)
    .bind(services)
    .bind(delivery)
    .bind(visible as i64)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn remove_person(db: &Db, organisation_id: i64, user_id: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "DELETE FROM organisation_people WHERE organisation_id = $1 AND user_id = $2 AND is_representative = 0",
    )
    .bind(organisation_id)
    .bind(user_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Add a person to a co-op (if not already in it) and make them a member.
pub async fn join(db: &Db, organisation_id: i64, user_id: i64, representative: bool) -> AppResult<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO organisation_people (organisation_id, user_id, is_representative) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(organisation_id)
    .bind(user_id)
    .bind(representative as i64)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, 'member', $2) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // They are a member now.
    db.callers.forget_user(user_id);
    Ok(())
}

/// A new invitation, without its link yet: that is made when its mail is delivered
/// (`mail::AccessLink::Invite`). Returns its id.
pub async fn create_invite(
    db: &Db,
    organisation_id: i64,
    email: &str,
    by: i64,
    days: i64,
) -> AppResult<i64> {
    let t = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO organisation_invites (organisation_id, email, token_hash, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(organisation_id)
    .bind(email)
    .bind(crate::mail::unsent_link_hash())
    .bind(by)
    .bind(t)
    .bind(t + days * 86400)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

pub async fn pending_invites(
    db: &Db,
    organisation_id: i64,
    zone: &str,
) -> AppResult<Vec<super::model::PendingInvite>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, email, expires_at FROM organisation_invites WHERE organisation_id = $1 AND accepted_at IS NULL AND expires_at > $2 ORDER BY id DESC",
    )
    .bind(organisation_id)
    .bind(now())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, expires)| super::model::PendingInvite {
            id,
            email,
            expires: crate::time::when(expires, zone),
        })
        .collect())
}

pub async fn invite_info(db: &Db, hash: &str) -> AppResult<Option<crate::onboarding::review::LinkInfo>> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT o.name, u.name FROM organisation_invites i JOIN organisations o ON o.id = i.organisation_id \
         LEFT JOIN users u ON u.id = i.invited_by WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2",
    )
    .bind(hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(organisation, from)| crate::onboarding::review::LinkInfo {
        organisation,
        from: from.unwrap_or_default(),
    }))
}

/// The address a usable invitation was sent to.
pub async fn invite_email(db: &Db, hash: &str) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT email FROM organisation_invites WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2",
    )
    .bind(hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Use an invitation once, by the account whose confirmed address is `email` (the one it was
/// sent to, compared without case); returns the co-op it is for.
pub async fn take_invite(db: &Db, hash: &str, user_id: i64, email: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE organisation_invites SET accepted_at = $1, accepted_by = $2 \
         WHERE token_hash = $3 AND accepted_at IS NULL AND expires_at > $1 AND LOWER(email) = LOWER($4) RETURNING organisation_id",
    )
    .bind(now())
    .bind(user_id)
    .bind(hash)
    .bind(email)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Whether someone of the co-op has this address.
pub async fn has_person_with_email(db: &Db, organisation_id: i64, email: &str) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT op.user_id FROM organisation_people op JOIN users u ON u.id = op.user_id WHERE op.organisation_id = $1 AND u.email = $2",
    )
    .bind(organisation_id)
    .bind(email)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.is_some())
}
