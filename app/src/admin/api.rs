//! Admin server functions: every one requires the admin role.

use super::Person;
use crate::error::AppError;
use crate::mail::OutboxMessage;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::{Role, session::require_role, store as accounts},
    crate::i18n::T,
    crate::state::app_state,
    crate::ui::forms::{go_to, plain_form},
};

#[server(endpoint = "admin/people")]
pub async fn list_people(search: String) -> Result<Vec<Person>, AppError> {
    let state = app_state()?;
    require_role(Role::Admin)?;
    if search.chars().count() > 200 {
        return Err(AppError::BadRequest);
    }
    super::store::people(&state.db, &search, super::PEOPLE_PAGE).await
}

#[server(endpoint = "admin/grant_role")]
pub async fn grant_role(user_id: i64, role: String) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let admin = require_role(Role::Admin)?;
        let role = Role::parse(&role)
            .ok_or_else(|| AppError::invalid(&format!("role-{user_id}"), T::ErrRoleUnknown))?;
        if !accounts::user_exists(&state.db, user_id).await? {
            return Err(AppError::NotFound);
        }
        accounts::grant_role(&state.db, user_id, role, Some(admin.user_id)).await?;
        tracing::info!(
            admin = admin.user_id,
            user_id,
            role = role.as_str(),
            "role granted"
        );
        go_to("/admin/people?done=roles");
        Ok(())
    }
    .await;
    plain_form(result, &[])
}

#[server(endpoint = "admin/remove_role")]
pub async fn remove_role(user_id: i64, role: String) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let admin = require_role(Role::Admin)?;
        let role = Role::parse(&role).ok_or(AppError::BadRequest)?;
        if role == Role::Admin
            && accounts::roles_of(&state.db, user_id)
                .await?
                .contains(&Role::Admin)
            && accounts::count_with_role(&state.db, Role::Admin).await? <= 1
        {
            return Err(AppError::invalid(
                &format!("role-{user_id}"),
                T::ErrLastAdmin,
            ));
        }
        accounts::remove_role(&state.db, user_id, role).await?;
        tracing::info!(
            admin = admin.user_id,
            user_id,
            role = role.as_str(),
            "role removed"
        );
        go_to("/admin/people?done=roles");
        Ok(())
    }
    .await;
    plain_form(result, &[])
}

#[server(endpoint = "admin/outbox")]
pub async fn list_outbox() -> Result<Vec<OutboxMessage>, AppError> {
    let state = app_state()?;
    let admin = require_role(Role::Admin)?;
    super::store::outbox(&state.db, 200, &admin.time_zone).await
}
