//! Profile server functions: see a co-op's profile (what the viewer may see of it), and for
//! its representative, edit it and remove people.

use super::model::Profile;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::model::ABOUT_MAX,
    super::store,
    super::vocab::{DELIVERY, is_choice},
    crate::access,
    crate::accounts::session::require_user,
    crate::i18n::T,
    crate::state::app_state,
    crate::ui::forms::{go_to, plain_form},
};

/// The co-ops the caller belongs to: (id, name, is representative).
#[server(endpoint = "orgs/mine")]
pub async fn my_organisations() -> Result<Vec<(i64, String, bool)>, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    store::organisations_of(&state.db, caller.user_id).await
}

#[server(endpoint = "orgs/profile")]
pub async fn get_profile(id: i64) -> Result<Profile, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let mut profile = store::profile(&state.db, id).await?.ok_or(AppError::NotFound)?;
    // Other members (and facilitators) see a profile only when the co-op chose to show it.
    // Every question below is about this caller and this co-op: one lookup answers them all.
    let standing = access::coop_standing(&state.db, &caller, id).await?;
    access::visible(standing.sees_profile(profile.visible_to_members))?;
    let own = standing.belongs();
    let staff = access::is_staff(&caller);
    profile.can_see_needs = standing.sees_coop_file();
    if profile.can_see_needs {
        profile.questionnaire =
            Some(crate::onboarding::store::questionnaire(&state.db, None).await?);
        let today = crate::programmes::store::today();
        profile.programme = Some(crate::programmes::store::progress(&state.db, id, &today).await?);
        profile.reports = crate::reports::store::of_organisation(&state.db, id, &caller.time_zone, 5).await?;
        profile.meetings =
            crate::meetings::store::of_organisation(&state.db, id, &caller.time_zone).await?;
    } else {
        profile.needs.clear();
        profile.needs_summary.clear();
    }
    if own || staff {
        profile.requests =
            crate::circles::store::requests_of_organisation(&state.db, id, &caller.time_zone).await?;
        let circles = crate::circles::store::all(&state.db).await?;
        profile.recommendations = crate::onboarding::recommend::recommend(
            &crate::onboarding::recommend::CoopFit {
                needs: &profile.needs,
                sector: &profile.sector,
                region: &profile.region,
                delivery: &profile.preferred_delivery,
                organisation_id: Some(id),
            },
            &circles,
        )
        .into_iter()
        // Circles it already asked to join are shown with the requests instead.
        .filter(|r| {
            !profile
                .requests
                .iter()
                .any(|q| q.circle_id == r.circle_id && q.status == "pending")
        })
        .collect();
    } else {
        // People's names stay within the co-op and the staff.
        profile.people.retain(|p| p.is_representative);
    }
    profile.can_edit = standing.represents();
    if profile.can_edit {
        profile.invites = store::pending_invites(&state.db, id, &caller.time_zone).await?;
    }
    Ok(profile)
}

#[cfg(feature = "ssr")]
async fn require_representative(
    db: &crate::db::Db,
    organisation_id: i64,
) -> Result<crate::accounts::session::Caller, AppError> {
    let caller = require_user()?;
    access::allow(access::represents(db, &caller, organisation_id).await?)?;
    Ok(caller)
}

#[server(endpoint = "orgs/update_profile")]
pub async fn update_profile(
    id: i64,
    #[server(default)] about: String,
    #[server(default)] services: String,
    delivery: String,
    #[server(default)] visible: Option<String>,
) -> Result<(), AppError> {
    let (kept_about, kept_services) = (about.clone(), services.clone());
    let result = async move {
        let state = app_state()?;
        require_representative(&state.db, id).await?;
        store::profile(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let mut errors = Vec::new();
        if about.trim().chars().count() > ABOUT_MAX {
            errors.push(crate::error::FieldError::new("about", T::ErrWordsTooLong));
        }
        if services.trim().chars().count() > ABOUT_MAX {
            errors.push(crate::error::FieldError::new("services", T::ErrWordsTooLong));
        }
        if !is_choice(DELIVERY, &delivery) {
            errors.push(crate::error::FieldError::new("delivery", T::ErrChooseOne));
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        store::update_profile(&state.db, id, about.trim(), services.trim(), &delivery, visible.is_some()).await?;
        go_to(&format!("/coops/{id}?done=saved"));
        Ok(())
    }
    .await;
    plain_form(result, &[("about", &kept_about), ("services", &kept_services)]).await
}

#[server(endpoint = "orgs/remove_person")]
pub async fn remove_person(id: i64, user_id: i64) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        require_representative(&state.db, id).await?;
        if !store::remove_person(&state.db, id, user_id).await? {
            return Err(AppError::invalid("people", T::ErrCannotRemove));
        }
        // Out of the co-op is out of its circles' live rooms, within seconds.
        state.live.recheck_user(&state.db, user_id).await;
        go_to(&format!("/coops/{id}?done=removed#people"));
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

/// The representative invites a colleague by email; the link works for 7 days.
#[server(endpoint = "orgs/invite")]
pub async fn invite_person(id: i64, email: String) -> Result<(), AppError> {
    let kept = email.clone();
    let result = async move {
        let state = app_state()?;
        let caller = require_representative(&state.db, id).await?;
        let profile = store::profile(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let email = crate::accounts::check_email(&email)
            .map_err(|e| AppError::invalid("invite-email", e.message))?;
        if store::has_person_with_email(&state.db, id, &email).await? {
            return Err(AppError::invalid("invite-email", T::ErrAlreadyInCoop));
        }
        crate::accounts::rate_limit::take_mail_allowance(&state.db, caller.user_id).await?;
        let invite = store::create_invite(&state.db, id, &email, caller.user_id, super::model::INVITE_DAYS).await?;
        // In the invitee's language when they already have an account, else the inviter's.
        // Only an account that confirmed this address is bound to the message.
        let known = crate::accounts::store::confirmed_account(&state.db, &email).await?;
        let locale = known
            .as_ref()
            .and_then(|(_, l)| crate::i18n::Locale::parse(l))
            .unwrap_or(caller.locale);
        // The link is made when the mail is delivered, and is in the mail only; the outbox
        // keeps a placeholder.
        crate::mail::notify_address_secret(
            &state,
            &email,
            known.map(|k| k.0),
            locale,
            T::MailInviteSubject,
            T::MailInviteBody,
            &[("organisation", &profile.name), ("name", &caller.name)],
            crate::mail::AccessLink::Invite { invite },
        )
        .await?;
        go_to(&format!("/coops/{id}?done=invited#people"));
        Ok(())
    }
    .await;
    plain_form(result, &[("invite-email", &kept)]).await
}

#[server(endpoint = "orgs/check_invite")]
pub async fn check_invite(token: String) -> Result<crate::onboarding::review::LinkInfo, AppError> {
    let state = app_state()?;
    require_user()?;
    store::invite_info(&state.db, &crate::accounts::session::hash_token(&token))
        .await?
        .ok_or(AppError::LinkExpired)
}

/// Accept an invitation: the signed-in person joins the co-op as a member. The invitation
/// belongs to the address it was sent to: the account must have confirmed that very address.
#[server(endpoint = "orgs/accept_invite")]
pub async fn accept_invite(token: String) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let hash = crate::accounts::session::hash_token(&token);
        let invited = store::invite_email(&state.db, &hash).await?.ok_or(AppError::LinkExpired)?;
        let email = crate::accounts::store::link_address_check(&state.db, caller.user_id, &invited).await?;
        let org = store::take_invite(&state.db, &hash, caller.user_id, &email)
            .await?
            .ok_or(AppError::LinkExpired)?;
        store::join(&state.db, org, caller.user_id, false).await?;
        tracing::info!(organisation = org, user_id = caller.user_id, "invitation accepted");
        Ok(go_to(&format!("/coops/{org}")))
    }
    .await;
    plain_form(result, &[]).await
}
