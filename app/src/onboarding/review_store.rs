//! Advisor review storage (server only).

use super::application::{ApplicationData, Status};
use super::review::{Contact, QueueItem};
use super::store::application;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::time::{now, when};

/// The queue: oldest submission first, filtered by status, theme, region and sector (empty
/// filter = any; no status = waiting for an advisor).
pub async fn queue(
    db: &Db,
    status: Option<Status>,
    theme: &str,
    region: &str,
    sector: &str,
    zone: &str,
) -> AppResult<Vec<QueueItem>> {
    let statuses: Vec<&str> = match status {
        Some(s) => vec![s.as_str()],
        None => super::review::WAITING.iter().map(|s| s.as_str()).collect(),
    };
    let rows: Vec<(i64, String, String, String, String, String, String, Option<i64>, Option<String>)> =
        sqlx::query_as(
            "SELECT a.id, a.org_name, a.status, a.channel, a.sector, a.region, a.themes, a.submitted_at, u.name \
             FROM applications a LEFT JOIN users u ON u.id = a.advisor_id \
             WHERE (a.status = $1 OR a.status = $2) AND ($3 = '' OR a.themes LIKE $4) AND ($5 = '' OR a.region = $5) AND ($6 = '' OR a.sector = $6) \
             ORDER BY COALESCE(a.submitted_at, a.created_at), a.id LIMIT 200",
        )
        .bind(statuses[0])
        .bind(statuses.get(1).copied().unwrap_or(statuses[0]))
        .bind(theme)
        .bind(format!("%,{theme},%"))
        .bind(region)
        .bind(sector)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, org_name, status, channel, sector, region, themes, submitted, advisor)| QueueItem {
                id,
                org_name,
                status: Status::parse(&status).unwrap_or(Status::Submitted),
                channel,
                sector,
                region,
                themes: themes
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                submitted: submitted.map(|t| when(t, zone)),
                advisor: advisor.unwrap_or_default(),
            },
        )
        .collect())
}

pub async fn contacts(db: &Db, id: i64, zone: &str) -> AppResult<Vec<Contact>> {
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.happened_at, c.channel, c.summary, u.name FROM application_contacts c LEFT JOIN users u ON u.id = c.advisor_id \
         WHERE c.application_id = $1 ORDER BY c.happened_at DESC, c.id DESC",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, channel, summary, advisor)| Contact {
            at: when(at, zone),
            channel,
            summary,
            advisor: advisor.unwrap_or_default(),
        })
        .collect())
}

pub async fn add_contact(
    db: &Db,
    id: i64,
    advisor: i64,
    channel: &str,
    happened_at: i64,
    summary: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO application_contacts (application_id, advisor_id, channel, happened_at, summary, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(advisor)
    .bind(channel)
    .bind(happened_at)
    .bind(summary)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn set_summary(db: &Db, id: i64, summary: &str) -> AppResult<()> {
    sqlx::query("UPDATE applications SET needs_summary = $1, updated_at = $2 WHERE id = $3")
        .bind(summary)
        .bind(now())
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn set_advisor(db: &Db, id: i64, advisor: i64) -> AppResult<()> {
    sqlx::query("UPDATE applications SET advisor_id = $1 WHERE id = $2")
        .bind(advisor)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Approve: in one transaction, the co-op becomes a member organisation, its applicant its
/// representative and a member, and the application is marked approved with its history.
/// Returns the new organisation, or None when the application was no longer waiting.
pub async fn approve(
    db: &Db,
    id: i64,
    data: &ApplicationData,
    by: i64,
    message: &str,
) -> AppResult<Option<i64>> {
    let Some(row) = application(db, id).await? else {
        return Ok(None);
    };
    let from = row.status();
    if !from.decidable() {
        return Ok(None);
    }
    let t = now();
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE applications SET status = 'approved', updated_at = $1 WHERE id = $2 AND status = $3",
    )
    .bind(t)
    .bind(id)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    let org = crate::organisations::store::create_from_application(&mut tx, data, &row.needs_summary)
        .await?;
    if let Some(applicant) = row.applicant_id {
        crate::organisations::store::add_person(&mut tx, org, applicant, true).await?;
        sqlx::query(
            "INSERT INTO user_roles (user_id, role, granted_at, granted_by) SELECT $1, 'member', $2, $3 \
             WHERE NOT EXISTS (SELECT 1 FROM user_roles WHERE user_id = $1 AND role = 'member')",
        )
        .bind(applicant)
        .bind(t)
        .bind(by)
        .execute(&mut *tx)
        .await?;
    }
    // Circles an advisor proposed for this co-op before it was a member.
    sqlx::query(
        "INSERT INTO circle_organisations (circle_id, organisation_id, joined_at) SELECT id, $1, $2 FROM circles WHERE proposed_for = $3",
    )
    .bind(org)
    .bind(t)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE applications SET organisation_id = $1 WHERE id = $2")
        .bind(org)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO application_events (application_id, at, by_user, from_status, to_status, message) VALUES ($1, $2, $3, $4, 'approved', $5)",
    )
    .bind(id)
    .bind(t)
    .bind(by)
    .bind(from.as_str())
    .bind(message)
    .execute(&mut *tx)
    .await?;
    tx.commit().await.map_err(AppError::from)?;
    if let Some(applicant) = row.applicant_id {
        // They are a member now.
        db.callers.forget_user(applicant);
    }
    Ok(Some(org))
}

/// A circle proposed for an applicant not yet a member: it joins the circle on approval.
pub async fn propose_circle_for(db: &Db, circle_id: i64, application_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE circles SET proposed_for = $1 WHERE id = $2").bind(application_id).bind(circle_id).execute(&db.pool).await?;
    Ok(())
}
