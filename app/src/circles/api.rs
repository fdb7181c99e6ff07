//! Circle server functions: the catalogue, a circle's page, asking to join, and deciding.

use super::model::{Circle, CirclePage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::model::MESSAGE_MAX,
    super::store,
    crate::accounts::{Role, session::Caller, session::require_user},
    crate::i18n::T,
    crate::mail::notify,
    crate::organisations::store as orgs,
    crate::state::app_state,
    crate::ui::forms::{go_to, plain_form},
};

/// The catalogue, filtered (an empty filter matches everything).
#[server(endpoint = "circles/list")]
pub async fn list_circles(
    #[server(default)] theme: String,
    #[server(default)] sector: String,
    #[server(default)] region: String,
    #[server(default)] delivery: String,
    #[server(default)] status: String,
) -> Result<Vec<Circle>, AppError> {
    let state = app_state()?;
    require_user()?;
    let matches = |want: &str, have: &str| want.is_empty() || want == have;
    Ok(store::all(&state.db)
        .await?
        .into_iter()
        .filter(|c| {
            matches(&theme, &c.theme)
                // A circle open to every sector or region matches any filter on them.
                && (sector.is_empty() || c.sector.is_empty() || c.sector == sector)
                && (region.is_empty() || c.region.is_empty() || c.region == region)
                && matches(&delivery, &c.delivery_mode)
                && matches(&status, &c.status)
        })
        .collect())
}

#[cfg(feature = "ssr")]
async fn may_decide(db: &crate::db::Db, caller: &Caller, circle_id: i64) -> Result<bool, AppError> {
    Ok(caller.has(Role::Advisor)
        || caller.has(Role::Admin)
        || store::is_facilitator(db, circle_id, caller.user_id).await?)
}

#[server(endpoint = "circles/get")]
pub async fn get_circle(id: i64) -> Result<CirclePage, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let circle = store::one(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let can_decide = may_decide(&state.db, &caller, id).await?;
    let requests = if can_decide {
        store::pending_requests(&state.db, id, &caller.time_zone).await?
    } else {
        Vec::new()
    };
    let mut can_request_for = Vec::new();
    if circle.accepts_requests() {
        for (org, name, _) in orgs::organisations_of(&state.db, caller.user_id).await? {
            let inside = circle.organisations.iter().any(|(o, _)| *o == org);
            if !inside && !store::pending_request_exists(&state.db, id, org).await? {
                can_request_for.push((org, name));
            }
        }
    }
    Ok(CirclePage {
        circle,
        requests,
        can_decide,
        can_request_for,
    })
}

/// A person of a member co-op asks for it to join a circle.
#[server(endpoint = "circles/request_join")]
pub async fn request_join(
    circle_id: i64,
    organisation_id: i64,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let kept = message.clone();
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let mine = orgs::organisations_of(&state.db, caller.user_id).await?;
        let Some((_, org_name, _)) = mine.iter().find(|(id, _, _)| *id == organisation_id) else {
            return Err(AppError::Forbidden);
        };
        let circle = store::one(&state.db, circle_id).await?.ok_or(AppError::NotFound)?;
        let message = message.trim();
        if message.chars().count() > MESSAGE_MAX {
            return Err(AppError::invalid("join-message", T::ErrWordsTooLong));
        }
        if circle.organisations.iter().any(|(o, _)| *o == organisation_id) {
            return Err(AppError::invalid("join-message", T::ErrAlreadyInCircle));
        }
        if !circle.accepts_requests() {
            return Err(AppError::invalid("join-message", T::ErrCircleNotOpen));
        }
        if store::pending_request_exists(&state.db, circle_id, organisation_id).await? {
            return Err(AppError::invalid("join-message", T::ErrAlreadyRequested));
        }
        store::create_request(&state.db, circle_id, organisation_id, caller.user_id, message).await?;
        let facilitators: Vec<(i64,)> =
            sqlx::query_as("SELECT user_id FROM circle_facilitators WHERE circle_id = $1")
                .bind(circle_id)
                .fetch_all(&state.db.pool)
                .await?;
        let args = [("organisation", org_name.as_str()), ("circle", circle.name.as_str()), ("message", message)];
        for (uid,) in facilitators {
            notify(&state, uid, T::MailJoinRequestSubject, T::MailJoinRequestBody, &args, &format!("/circles/{circle_id}")).await?;
        }
        go_to(&format!("/circles/{circle_id}?done=requested"));
        Ok(())
    }
    .await;
    plain_form(result, &[("join-message", &kept)])
}

/// A facilitator of the circle (or an advisor or admin) accepts or declines a request.
#[server(endpoint = "circles/decide_join")]
pub async fn decide_join(
    request_id: i64,
    decision: String,
    #[server(default)] reply: String,
) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let request = store::request(&state.db, request_id).await?.ok_or(AppError::NotFound)?;
        if !may_decide(&state.db, &caller, request.circle_id).await? {
            return Err(AppError::Forbidden);
        }
        let reply = reply.trim();
        if reply.chars().count() > MESSAGE_MAX {
            return Err(AppError::invalid(&format!("reply-{request_id}"), T::ErrWordsTooLong));
        }
        let accept = match decision.as_str() {
            "accept" => true,
            "decline" => false,
            _ => return Err(AppError::BadRequest),
        };
        if accept {
            let circle = store::one(&state.db, request.circle_id).await?.ok_or(AppError::NotFound)?;
            if circle.places_left() == 0 {
                return Err(AppError::invalid(&format!("reply-{request_id}"), T::ErrCircleFull));
            }
        }
        if !store::decide_request(&state.db, request_id, accept, reply, caller.user_id).await? {
            return Err(AppError::invalid(&format!("reply-{request_id}"), T::ErrAlreadyDecided));
        }
        if accept {
            store::add_member(&state.db, request.circle_id, request.organisation_id).await?;
        }
        let requester: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT requested_by FROM join_requests WHERE id = $1")
                .bind(request_id)
                .fetch_optional(&state.db.pool)
                .await?;
        if let Some((Some(uid),)) = requester {
            let (subject, body) = if accept {
                (T::MailJoinAcceptedSubject, T::MailJoinAcceptedBody)
            } else {
                (T::MailJoinDeclinedSubject, T::MailJoinDeclinedBody)
            };
            let args = [("circle", request.circle_name.as_str()), ("organisation", request.organisation_name.as_str()), ("message", reply)];
            notify(&state, uid, subject, body, &args, &format!("/circles/{}", request.circle_id)).await?;
        }
        tracing::info!(request = request_id, accept, by = caller.user_id, "join request decided");
        go_to(&format!("/circles/{}?done=decided", request.circle_id));
        Ok(())
    }
    .await;
    plain_form(result, &[])
}
