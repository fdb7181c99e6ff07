//! Admin storage (server only).

use super::Person;
use crate::accounts::Role;
use crate::db::Db;
use crate::error::AppResult;
use std::collections::BTreeMap;

/// People whose name or email contains `search` (case-insensitive), by name.
pub async fn people(db: &Db, search: &str, limit: i64) -> AppResult<Vec<Person>> {
    let pattern = format!("%{}%", search.trim().to_lowercase().replace(['%', '_'], ""));
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, email FROM users WHERE LOWER(name) LIKE $1 OR email LIKE $1 ORDER BY name, id LIMIT $2",
    )
    .bind(&pattern)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut roles: BTreeMap<i64, Vec<Role>> = BTreeMap::new();
    if !ids.is_empty() {
        // One query for all roles of the page (ids are integers we just read, not input).
        let list = ids
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let role_rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT user_id, role FROM user_roles WHERE user_id IN ({list})"
        ))
        .fetch_all(&db.pool)
        .await?;
        for (user_id, role) in role_rows {
            if let Some(role) = Role::parse(&role) {
                roles.entry(user_id).or_default().push(role);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|(id, name, email)| {
            let mut r = roles.remove(&id).unwrap_or_default();
            r.sort();
            Person {
                id,
                name,
                email,
                roles: r,
            }
        })
        .collect())
}
