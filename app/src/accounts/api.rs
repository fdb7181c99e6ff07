//! Account server functions. Each one checks who is calling before it does anything, and
//! each form-backed one also works as a plain HTML form post (see `ui::forms`).

use super::model::{ConfirmLink, EmailStatus, Me, SessionInfo};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{model::*, password, rate_limit, session, store},
    crate::i18n::{Locale, T},
    crate::state::app_state,
    crate::ui::forms::{go_to, plain_form},
};

/// The signed-in person, or nobody.
#[server(endpoint = "accounts/who_am_i")]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    Ok(session::caller()?.map(|c| c.me()))
}

#[server(endpoint = "accounts/sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    confirm: String,
    next: String,
) -> Result<String, AppError> {
    let kept_name = name.clone();
    let kept_email = email.clone();
    let result = async move {
        let state = app_state()?;
        let (name, email) = check_sign_up(&name, &email, &password, &confirm)?;
        // Counted before the address is looked up, so that probing which addresses have
        // accounts is throttled too, and before the (costly) hash.
        let per_address =
            rate_limit::sign_ups_per_address(state.settings.sign_ups_per_address_per_hour);
        rate_limit::take(&state.db, &[(per_address.into(), &session::client_throttle_key())])
            .await?;
        if store::email_taken(&state.db, &email).await? {
            return Err(AppError::invalid("email", T::ErrEmailTaken));
        }
        let hash = password::hash(password).await?;
        let locale = use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<Locale>().copied())
            .unwrap_or_default();
        let user_id = store::create_user(&state.db, &name, &email, &hash, locale).await?;
        session::start(&state, user_id).await?;
        send_confirmation(&state, user_id, &name, &email, locale).await?;
        tracing::info!(user_id, "account created");
        Ok(go_to(&safe_next(&next)))
    }
    .await;
    plain_form(result, &[("name", &kept_name), ("email", &kept_email)]).await
}

#[server(endpoint = "accounts/sign_in")]
pub async fn sign_in(email: String, password: String, next: String) -> Result<String, AppError> {
    let kept_email = email.clone();
    let result = async move {
        let state = app_state()?;
        let email = normalise_email(&email);
        if email.is_empty() {
            return Err(AppError::invalid("email", T::ErrEmailMissing));
        }
        if password.is_empty() {
            return Err(AppError::invalid("password", T::ErrPasswordMissing));
        }
        if password.chars().count() > PASSWORD_MAX {
            return Err(AppError::BadCredentials);
        }
        // Every attempt counts as a wrong guess from the moment it is taken (all three in one
        // atomic step, so concurrent guesses cannot overtake the count); a right password
        // hands it back.
        let addr = session::client_throttle_key();
        let from_here = format!("{email} {addr}");
        rate_limit::take(
            &state.db,
            &[
                (rate_limit::SIGN_IN_PER_ADDRESS.into(), &addr),
                (rate_limit::SIGN_IN_PER_ACCOUNT_AND_ADDRESS.into(), &from_here),
                (rate_limit::SIGN_IN_PER_ACCOUNT.into(), &email),
            ],
        )
        .await?;
        let login = store::find_login(&state.db, &email).await?;
        let matched =
            password::verify(password, login.as_ref().map(|l| l.password_hash.clone())).await?;
        match login {
            Some(login) if matched => {
                let db = &state.db;
                rate_limit::forget(db, rate_limit::SIGN_IN_PER_ACCOUNT_AND_ADDRESS, &from_here)
                    .await?;
                rate_limit::give_back(db, rate_limit::SIGN_IN_PER_ACCOUNT, &email).await?;
                rate_limit::give_back(db, rate_limit::SIGN_IN_PER_ADDRESS, &addr).await?;
                session::start(&state, login.id).await?;
                // Their saved language wins from now on, on this device too.
                session::set_language_cookie(&state, login.locale);
                tracing::info!(user_id = login.id, "signed in");
                Ok(go_to(&safe_next(&next)))
            }
            _ => Err(AppError::BadCredentials),
        }
    }
    .await;
    plain_form(result, &[("email", &kept_email)]).await
}

#[server(endpoint = "accounts/sign_out")]
pub async fn sign_out() -> Result<String, AppError> {
    let state = app_state()?;
    if let Some(caller) = session::caller()? {
        session::end(&state, &caller).await?;
        // A live room open in another tab stops within seconds.
        state.live.recheck_user(&state.db, caller.user_id).await;
    }
    Ok(go_to("/"))
}

#[server(endpoint = "accounts/change_password")]
pub async fn change_password(
    current: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = session::require_user()?;
        let mut errors = check_new_password("password", &password, &confirm, &caller.email);
        let stored = store::password_hash_of(&state.db, caller.user_id).await?;
        if current.is_empty() || !password::verify(current, Some(stored)).await? {
            errors.insert(
                0,
                crate::error::FieldError::new("current", T::ErrCurrentPasswordWrong),
            );
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let hash = password::hash(password).await?;
        store::set_password(&state.db, caller.user_id, &hash).await?;
        store::delete_other_sessions(&state.db, caller.user_id, Some(caller.session_id)).await?;
        state.live.recheck_user(&state.db, caller.user_id).await;
        store::end_resets(&state.db, caller.user_id).await?;
        tracing::info!(
            user_id = caller.user_id,
            "password changed; other sessions and reset links ended"
        );
        go_to("/account?done=password");
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

#[server(endpoint = "accounts/my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    let state = app_state()?;
    let caller = session::require_user()?;
    store::sessions_of(
        &state.db,
        caller.user_id,
        caller.session_id,
        &caller.time_zone,
    )
    .await
}

#[server(endpoint = "accounts/revoke_session")]
pub async fn revoke_session(id: i64) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = session::require_user()?;
        // Scoped by owner: another person's session id is simply not found.
        if !store::delete_session(&state.db, caller.user_id, id).await? {
            return Err(AppError::NotFound);
        }
        // A live room open with that session stops within seconds.
        state.live.recheck_user(&state.db, caller.user_id).await;
        go_to("/account?done=revoked");
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

/// Always answers the same way, and does the same work, whether or not the address has an
/// account: it queues a job with the address and returns. The worker looks the address up,
/// and only for an account queues the mail, whose link it makes as it delivers it.
#[server(endpoint = "accounts/request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let kept_email = email.clone();
    let result = async move {
        let state = app_state()?;
        let email = check_email(&email).map_err(|e| AppError::Invalid(vec![e]))?;
        let addr = session::client_throttle_key();
        // One atomic step for both limits: concurrent requests cannot slip between a check
        // and a record.
        rate_limit::take(
            &state.db,
            &[(rate_limit::RESET_PER_ADDRESS.into(), &addr), (rate_limit::RESET_PER_ACCOUNT.into(), &email)],
        )
        .await?;
        crate::jobs::enqueue(&state.db, RESET_JOB, None, &email, crate::time::now()).await?;
        state.wake_worker();
        go_to("/forgot?done=1");
        Ok(())
    }
    .await;
    plain_form(result, &[("email", &kept_email)]).await
}

/// The job a reset request queues; its payload is the address asked for.
#[cfg(feature = "ssr")]
pub const RESET_JOB: &str = "password_reset";

/// Run by the worker: when the address has an account, queue its reset mail (once per
/// request, even if this job runs twice); the link is made when that mail is delivered.
#[cfg(feature = "ssr")]
pub async fn run_reset_request(
    state: &crate::state::AppState,
    job: &crate::jobs::Job,
) -> Result<crate::jobs::Outcome, AppError> {
    let email = job.payload.as_str();
    if let Some(login) = store::find_login(&state.db, email).await? {
        crate::mail::queue_secret(
            state,
            Some(&format!("reset:{}", job.id)),
            email,
            Some(login.id),
            login.locale,
            T::ResetMailSubject,
            T::ResetMailBody,
            &[("name", &login.name)],
            crate::mail::AccessLink::Reset { user: login.id },
        )
        .await?;
    }
    Ok(crate::jobs::Outcome::Done)
}

#[server(endpoint = "accounts/check_reset_token")]
pub async fn check_reset_token(token: String) -> Result<bool, AppError> {
    let state = app_state()?;
    if token.len() != 64 {
        return Ok(false);
    }
    store::reset_is_usable(&state.db, &session::hash_token(&token)).await
}

#[server(endpoint = "accounts/reset_password")]
pub async fn reset_password(
    token: String,
    password: String,
    confirm: String,
) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let errors = check_new_password("password", &password, &confirm, "");
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        if token.len() != 64 {
            return Err(AppError::LinkExpired);
        }
        let user_id = store::take_reset(&state.db, &session::hash_token(&token))
            .await?
            .ok_or(AppError::LinkExpired)?;
        let hash = password::hash(password).await?;
        store::set_password(&state.db, user_id, &hash).await?;
        // Whoever had the old password is signed out everywhere, and no other reset link
        // works any more.
        store::delete_other_sessions(&state.db, user_id, None).await?;
        state.live.recheck_user(&state.db, user_id).await;
        store::end_resets(&state.db, user_id).await?;
        // The link came by mail to the account's address: that proves the address too.
        store::mark_email_verified(&state.db, user_id).await?;
        tracing::info!(user_id, "password reset");
        Ok(go_to("/signin?reset=1"))
    }
    .await;
    plain_form(result, &[]).await
}

/// Switch language; remembered in a cookie, and on the account when signed in.
/// Posted by a plain form, so the whole page comes back in the new language.
#[server(endpoint = "accounts/set_language")]
pub async fn set_language(lang: String, back: String) -> Result<(), AppError> {
    let state = app_state()?;
    let locale = Locale::parse(&lang).ok_or(AppError::BadRequest)?;
    if let Some(caller) = session::caller()? {
        store::set_locale(&state.db, caller.user_id, locale).await?;
    }
    session::set_language_cookie(&state, locale);
    leptos_axum::redirect(&safe_next(&back));
    Ok(())
}

// ----- Confirming the email address -----

/// A confirmation link to the account's address, by mail: queued, the link made when it is
/// delivered (the outbox keeps a placeholder).
#[cfg(feature = "ssr")]
async fn send_confirmation(
    state: &crate::state::AppState,
    user_id: i64,
    name: &str,
    email: &str,
    locale: Locale,
) -> Result<(), AppError> {
    crate::mail::notify_address_secret(
        state,
        email,
        Some(user_id),
        locale,
        T::ConfirmMailSubject,
        T::ConfirmMailBody,
        &[("name", name)],
        crate::mail::AccessLink::Confirm { user: user_id },
    )
    .await
}

/// At most this many new confirmation links per account per hour.
#[cfg(feature = "ssr")]
const CONFIRM_PER_ACCOUNT: rate_limit::Limit = rate_limit::Limit {
    scope: "confirm:account",
    max: 3,
    window_secs: 60 * 60,
};

/// The caller's address and whether it is confirmed.
#[server(endpoint = "accounts/my_email")]
pub async fn my_email() -> Result<EmailStatus, AppError> {
    // Read with the session at the start of this request: no query of its own.
    let caller = session::require_user()?;
    Ok(EmailStatus { email: caller.email, verified: caller.email_verified })
}

/// Send a new confirmation link (throttled). `back` is the page to return to.
#[server(endpoint = "accounts/resend_confirmation")]
pub async fn resend_confirmation(back: String) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = session::require_user()?;
        let (email, verified) = store::email_status(&state.db, caller.user_id).await?;
        if verified {
            return Err(AppError::invalid("confirm-email", T::ErrAlreadyConfirmed));
        }
        let subject = caller.user_id.to_string();
        rate_limit::check(&state.db, CONFIRM_PER_ACCOUNT, &subject).await?;
        rate_limit::record(&state.db, CONFIRM_PER_ACCOUNT, &subject).await?;
        send_confirmation(&state, caller.user_id, &caller.name, &email, caller.locale).await?;
        // Back to the page it was asked from, saying so (an older `done=` no longer holds).
        let back = safe_next(&back);
        let (path, query) = back.split_once('?').unwrap_or((&back, ""));
        let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, _)| k != "done")
            .collect();
        pairs.push(("done".into(), "resent".into()));
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        go_to(&format!("{path}?{query}#confirm-email"));
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

/// What the link confirms; only for the account it was sent to (sign in first).
#[server(endpoint = "accounts/check_confirmation")]
pub async fn check_confirmation(token: String) -> Result<ConfirmLink, AppError> {
    let state = app_state()?;
    let caller = session::require_user()?;
    if token.len() != 64 {
        return Err(AppError::LinkExpired);
    }
    let (user_id, email) = store::confirmation(&state.db, &session::hash_token(&token))
        .await?
        .ok_or(AppError::LinkExpired)?;
    Ok(if user_id == caller.user_id {
        ConfirmLink {
            email,
            for_this_account: true,
        }
    } else {
        ConfirmLink {
            email: String::new(),
            for_this_account: false,
        }
    })
}

/// Confirm the address with the emailed link. The person must be signed in to the account
/// it was sent for: someone who registered another person's address cannot have it
/// confirmed by that person clicking a link they did not ask for.
#[server(endpoint = "accounts/confirm_email")]
pub async fn confirm_email(token: String) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = session::require_user()?;
        if token.len() != 64 {
            return Err(AppError::LinkExpired);
        }
        let hash = session::hash_token(&token);
        let (user_id, _) = store::confirmation(&state.db, &hash)
            .await?
            .ok_or(AppError::LinkExpired)?;
        if user_id != caller.user_id {
            return Err(AppError::invalid("confirm", T::ErrConfirmOtherAccount));
        }
        if !store::take_confirmation(&state.db, &hash, caller.user_id).await? {
            // Used meanwhile, or the account's address is no longer the one it was sent to.
            return Err(AppError::LinkExpired);
        }
        tracing::info!(user_id = caller.user_id, "email address confirmed");
        Ok(go_to("/account?done=confirmed"))
    }
    .await;
    plain_form(result, &[]).await
}
