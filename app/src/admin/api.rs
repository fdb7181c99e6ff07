//! Admin server functions: every one requires the admin role.

use super::Person;
use crate::error::AppError;
use crate::mail::OutboxList;
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
    plain_form(result, &[]).await
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
        // A live room they were in as an admin or facilitator re-checks them at once.
        state.live.recheck_user(&state.db, user_id).await;
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
    plain_form(result, &[]).await
}

#[server(endpoint = "admin/outbox")]
pub async fn list_outbox() -> Result<OutboxList, AppError> {
    let state = app_state()?;
    let admin = require_role(Role::Admin)?;
    crate::mail::outbox(&state.db, 200, &admin.time_zone).await
}

/// The questionnaire new applications answer (the admin's editor shows it).
#[server(endpoint = "admin/questionnaire")]
pub async fn questionnaire_for_editing() -> Result<crate::onboarding::questionnaire::Questionnaire, AppError> {
    let state = app_state()?;
    require_role(Role::Admin)?;
    crate::onboarding::store::questionnaire(&state.db, None).await
}

/// Publish a new version of the questionnaire: `themes` maps each theme to its issues as
/// lines of `key | English | French`. Applications already started keep their version.
#[server(endpoint = "admin/publish_questionnaire")]
pub async fn publish_questionnaire(
    #[server(default)] themes: std::collections::BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::onboarding::questionnaire::{Questionnaire, ThemeQuestions, issues_from_lines};
    let result = async move {
        let state = app_state()?;
        let admin = require_role(Role::Admin)?;
        let mut errors = Vec::new();
        let mut q = Questionnaire { version: 0, themes: Vec::new() };
        for (theme, _) in crate::circles::THEMES {
            let field = format!("q-{theme}");
            match issues_from_lines(themes.get(*theme).map(String::as_str).unwrap_or("")) {
                Ok(issues) => {
                    let one = Questionnaire {
                        version: 0,
                        themes: vec![ThemeQuestions { theme: theme.to_string(), issues: issues.clone() }],
                    };
                    // Check this theme on its own so the error lands by its box.
                    if let Err(message) = one.check() {
                        if message != T::ErrQuestionnaireTheme {
                            errors.push(crate::error::FieldError::new(&field, message));
                        }
                    }
                    q.themes.push(ThemeQuestions { theme: theme.to_string(), issues });
                }
                Err(message) => errors.push(crate::error::FieldError::new(&field, message)),
            }
        }
        if themes.keys().any(|k| crate::circles::theme_label(k).is_none()) {
            return Err(AppError::invalid("q-co_operative", T::ErrUnknownTheme));
        }
        if errors.is_empty() {
            if let Err(message) = q.check() {
                errors.push(crate::error::FieldError::new("q-co_operative", message));
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let version = crate::onboarding::store::publish_questionnaire(&state.db, &q, Some(admin.user_id)).await?;
        tracing::info!(version, admin = admin.user_id, "questionnaire published");
        go_to("/admin/questionnaire?done=published");
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}
