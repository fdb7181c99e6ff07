//! Circle server functions: the catalogue, a circle's page, asking to join, and deciding.

use super::model::{Circle, CirclePage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::model::MESSAGE_MAX,
    super::store,
    crate::access,
    crate::accounts::{Role, session::Caller, session::require_user},
    crate::i18n::T,
    crate::mail::notify,
    crate::organisations::store as orgs,
    crate::state::app_state,
    crate::ui::forms::{go_to, plain_form},
};

/// The catalogue, filtered (an empty filter matches everything). Everyone signed in sees what
/// each circle is; who is in it only where the access policy says so.
#[server(endpoint = "circles/list")]
pub async fn list_circles(
    #[server(default)] theme: String,
    #[server(default)] sector: String,
    #[server(default)] region: String,
    #[server(default)] delivery: String,
    #[server(default)] status: String,
) -> Result<Vec<Circle>, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let matches = |want: &str, have: &str| want.is_empty() || want == have;
    let own = own_organisations(&state.db, &caller).await?;
    let mut list = Vec::new();
    for mut c in store::all(&state.db).await? {
        let wanted = matches(&theme, &c.theme)
            // A circle open to every sector or region matches any filter on them.
            && (sector.is_empty() || c.sector.is_empty() || c.sector == sector)
            && (region.is_empty() || c.region.is_empty() || c.region == region)
            && matches(&delivery, &c.delivery_mode)
            && matches(&status, &c.status);
        if !wanted {
            continue;
        }
        // Each circle comes with all its people: the caller's standing in it needs no lookup.
        let standing = access::standing_in_loaded_circle(&caller, &c, &own);
        if !standing.sees_inside() {
            c.hide_people();
        } else if !standing.sees_unlisted() {
            c.hide_unlisted(&own);
        }
        list.push(c);
    }
    Ok(list)
}

/// The ids of the caller's co-ops.
#[cfg(feature = "ssr")]
async fn own_organisations(db: &crate::db::Db, caller: &Caller) -> Result<Vec<i64>, AppError> {
    Ok(orgs::organisations_of(db, caller.user_id).await?.into_iter().map(|(id, _, _)| id).collect())
}

#[server(endpoint = "circles/get")]
pub async fn get_circle(id: i64) -> Result<CirclePage, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let mut circle = store::one(&state.db, id).await?.ok_or(AppError::NotFound)?;
    // The caller's co-ops, read once: the circle comes with all its people, so with these the
    // caller's standing in it needs no lookup of its own.
    let mine = orgs::organisations_of(&state.db, caller.user_id).await?;
    let own: Vec<i64> = mine.iter().map(|(id, _, _)| *id).collect();
    let standing = access::standing_in_loaded_circle(&caller, &circle, &own);
    let can_decide = standing.decides();
    let requests = if can_decide {
        store::pending_requests(&state.db, id, &caller.time_zone).await?
    } else {
        Vec::new()
    };
    let mut can_request_for = Vec::new();
    if circle.accepts_requests() {
        for (org, name, _) in &mine {
            if !circle.has_member(*org) && !store::pending_request_exists(&state.db, id, *org).await? {
                can_request_for.push((*org, name.clone()));
            }
        }
    }
    let can_edit = standing.runs();
    let facilitator_candidates = if access::is_admin(&caller) {
        store::facilitator_candidates(&state.db).await?
    } else {
        Vec::new()
    };
    let sees_inside = standing.sees_inside();
    if !sees_inside {
        circle.hide_people();
    } else if !standing.sees_unlisted() {
        circle.hide_unlisted(&own);
    }
    let (meetings, past_meetings) = if sees_inside {
        crate::meetings::store::of_circle(&state.db, id, &caller.time_zone).await?
    } else {
        Default::default()
    };
    Ok(CirclePage {
        circle,
        requests,
        can_decide,
        can_edit,
        facilitator_candidates,
        can_request_for,
        meetings,
        past_meetings,
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
        if circle.has_member(organisation_id) {
            return Err(AppError::invalid("join-message", T::ErrAlreadyInCircle));
        }
        if !circle.accepts_requests() {
            return Err(AppError::invalid("join-message", T::ErrCircleNotOpen));
        }
        if store::pending_request_exists(&state.db, circle_id, organisation_id).await? {
            return Err(AppError::invalid("join-message", T::ErrAlreadyRequested));
        }
        crate::accounts::rate_limit::take_mail_allowance(&state.db, caller.user_id).await?;
        store::create_request(&state.db, circle_id, organisation_id, caller.user_id, message).await?;
        let args = [("organisation", org_name.as_str()), ("circle", circle.name.as_str()), ("message", message)];
        // The circle as loaded above names its facilitators.
        for &(uid, _) in &circle.facilitators {
            notify(&state, uid, T::MailJoinRequestSubject, T::MailJoinRequestBody, &args, &format!("/circles/{circle_id}")).await?;
        }
        go_to(&format!("/circles/{circle_id}?done=requested"));
        Ok(())
    }
    .await;
    plain_form(result, &[("join-message", &kept)]).await
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
        access::allow(access::decides_for_circle(&state.db, &caller, request.circle_id).await?)?;
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
        if let Some(uid) = store::requester(&state.db, request_id).await? {
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
    plain_form(result, &[]).await
}

/// Create (id 0) or edit a circle: facilitators and admins create; an admin or the circle's own
/// facilitators edit. A facilitator who creates a circle facilitates it.
#[server(endpoint = "circles/save")]
#[allow(clippy::too_many_arguments)]
pub async fn save_circle(
    id: i64,
    name: String,
    theme: String,
    #[server(default)] purpose: String,
    #[server(default)] sector: String,
    #[server(default)] region: String,
    delivery: String,
    status: String,
    capacity: String,
    #[server(default)] issues: std::collections::BTreeMap<String, String>,
) -> Result<String, AppError> {
    let (kept_name, kept_purpose, kept_capacity) = (name.clone(), purpose.clone(), capacity.clone());
    let result = async move {
        use super::model::{CAPACITY_MAX, NAME_MAX, PURPOSE_MAX, STATUSES, THEMES};
        use crate::error::FieldError;
        use crate::organisations::vocab::{DELIVERY, NATIONS, REGIONS, SECTORS, is_choice};
        let state = app_state()?;
        let caller = require_user()?;
        let existing = if id == 0 {
            access::allow(access::creates_circles(&caller))?;
            None
        } else {
            let circle = store::one(&state.db, id).await?.ok_or(AppError::NotFound)?;
            access::allow(access::runs_circle(&state.db, &caller, id).await?)?;
            Some(circle)
        };
        let mut errors = Vec::new();
        let name = name.trim();
        if name.is_empty() {
            errors.push(FieldError::new("name", T::ErrCircleNameMissing));
        } else if name.chars().count() > NAME_MAX {
            errors.push(FieldError::new("name", T::ErrTextTooLong));
        }
        let purpose = purpose.trim();
        if purpose.chars().count() > PURPOSE_MAX {
            errors.push(FieldError::new("purpose", T::ErrWordsTooLong));
        }
        let choose = |ok: bool, field: &str, errors: &mut Vec<FieldError>| {
            if !ok {
                errors.push(FieldError::new(field, T::ErrChooseOne));
            }
        };
        choose(THEMES.iter().any(|(k, _)| *k == theme), "theme", &mut errors);
        choose(sector.is_empty() || is_choice(SECTORS, &sector), "sector", &mut errors);
        let nation_names: Vec<&str> = NATIONS.iter().map(|(_, t)| t.en()).collect();
        choose(
            region.is_empty() || REGIONS.iter().any(|(_, r)| *r == region) || nation_names.contains(&region.as_str()),
            "region",
            &mut errors,
        );
        choose(is_choice(DELIVERY, &delivery), "delivery", &mut errors);
        choose(STATUSES.iter().any(|(k, _)| *k == status), "status", &mut errors);
        let members = existing.as_ref().map(|c| c.member_count).unwrap_or(0);
        let capacity = match capacity.trim().parse::<i64>() {
            Ok(n) if (2..=CAPACITY_MAX).contains(&n) && n >= members => n,
            Ok(n) if n < members && n >= 2 => {
                errors.push(FieldError::new("capacity", T::ErrCapacityBelowMembers));
                0
            }
            _ => {
                errors.push(FieldError::new("capacity", T::ErrCapacityInvalid));
                0
            }
        };
        let q = crate::onboarding::store::questionnaire(&state.db, None).await?;
        let mut issue_keys = Vec::new();
        for key in issues.keys() {
            if q.any_issue_text(key).is_none() {
                errors.push(FieldError::new("issues", T::ErrUnknownQuestion));
                break;
            }
            issue_keys.push(key.clone());
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let fields = store::CircleFields {
            name,
            theme: &theme,
            purpose,
            sector: &sector,
            region: &region,
            delivery: &delivery,
            status: &status,
            capacity,
            issues: &issue_keys,
        };
        let id = if id == 0 {
            let new = store::create(&state.db, name, &theme, purpose, &sector, &region, &delivery, &status, &issue_keys, None).await?;
            store::set_capacity(&state.db, new, capacity).await?;
            if caller.has(Role::Facilitator) {
                store::add_facilitator(&state.db, new, caller.user_id).await?;
            }
            new
        } else {
            store::update(&state.db, id, &fields).await?;
            id
        };
        tracing::info!(circle = id, by = caller.user_id, "circle saved");
        Ok(go_to(&format!("/circles/{id}?done=saved")))
    }
    .await;
    plain_form(result, &[("name", &kept_name), ("purpose", &kept_purpose), ("capacity", &kept_capacity)]).await
}

/// An admin makes someone holding the facilitator role a facilitator of the circle, or not.
#[server(endpoint = "circles/set_facilitator")]
pub async fn set_facilitator(circle_id: i64, user_id: i64, assign: bool) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        crate::accounts::session::require_role(Role::Admin)?;
        store::one(&state.db, circle_id).await?.ok_or(AppError::NotFound)?;
        if assign {
            let candidates = store::facilitator_candidates(&state.db).await?;
            if !candidates.iter().any(|(id, _)| *id == user_id) {
                return Err(AppError::invalid("facilitator", T::ErrNotAFacilitator));
            }
            store::add_facilitator(&state.db, circle_id, user_id).await?;
        } else {
            store::remove_facilitator(&state.db, circle_id, user_id).await?;
            state.live.recheck_user(&state.db, user_id).await;
        }
        go_to(&format!("/circles/{circle_id}?done=facilitators#facilitators"));
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

/// Invite a specialist (adviser, investor, entrepreneur, trainer) into the circle.
#[server(endpoint = "circles/add_specialist")]
pub async fn add_specialist(circle_id: i64, name: String, email: String, kind: String) -> Result<(), AppError> {
    let (kept_name, kept_email) = (name.clone(), email.clone());
    let result = async move {
        use crate::error::FieldError;
        let state = app_state()?;
        let caller = require_user()?;
        let circle = store::one(&state.db, circle_id).await?.ok_or(AppError::NotFound)?;
        access::allow(access::decides_for_circle(&state.db, &caller, circle_id).await?)?;
        let mut errors = Vec::new();
        let name = name.trim();
        if name.is_empty() {
            errors.push(FieldError::new("specialist-name", T::ErrNameMissing));
        } else if name.chars().count() > super::model::NAME_MAX {
            errors.push(FieldError::new("specialist-name", T::ErrTextTooLong));
        }
        let email = match crate::accounts::check_email(&email) {
            Ok(e) => e,
            Err(e) => {
                errors.push(FieldError::new("specialist-email", e.message));
                String::new()
            }
        };
        if !super::model::SPECIALIST_KINDS.iter().any(|(k, _)| *k == kind) {
            errors.push(FieldError::new("specialist-kind", T::ErrChooseOne));
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        crate::accounts::rate_limit::take_mail_allowance(&state.db, caller.user_id).await?;
        store::add_specialist(&state.db, circle_id, name, &email, &kind, caller.user_id).await?;
        crate::mail::notify_address(
            &state,
            &email,
            None,
            caller.locale,
            T::MailSpecialistSubject,
            T::MailSpecialistBody,
            &[("circle", &circle.name), ("name", &caller.name), ("purpose", &circle.purpose)],
            &format!("/circles/{circle_id}"),
        )
        .await?;
        go_to(&format!("/circles/{circle_id}?done=specialist#specialists"));
        Ok(())
    }
    .await;
    plain_form(result, &[("specialist-name", &kept_name), ("specialist-email", &kept_email)]).await
}

#[server(endpoint = "circles/remove_specialist")]
pub async fn remove_specialist(id: i64) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let circle_id = store::specialist_circle(&state.db, id).await?.ok_or(AppError::NotFound)?;
        access::allow(access::decides_for_circle(&state.db, &caller, circle_id).await?)?;
        store::remove_specialist(&state.db, id).await?;
        go_to(&format!("/circles/{circle_id}#specialists"));
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}
