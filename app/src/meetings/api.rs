//! Meeting server functions. Facilitators of the circle (and admins) schedule, change and
//! cancel; the circle's people RSVP; a meeting, and a circle's or a co-op's list of them, are
//! for the circle's people, its facilitators and staff (see `crate::access`).

use super::model::{Meeting, MeetingSummary};
use crate::error::AppError;
use crate::mail::OutboxMessage;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{jobs, model::check_meeting, store},
    crate::access,
    crate::accounts::session::require_user,
    crate::i18n::T,
    crate::state::app_state,
    crate::ui::forms::{go_to, plain_form},
};


#[server(endpoint = "meetings/of_circle")]
pub async fn circle_meetings(circle_id: i64) -> Result<Vec<MeetingSummary>, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    access::visible(access::sees_inside_circle(&state.db, &caller, circle_id).await?)?;
    Ok(store::of_circle(&state.db, circle_id, &caller.time_zone).await?.0)
}

#[server(endpoint = "meetings/of_coop")]
pub async fn coop_meetings(organisation_id: i64) -> Result<Vec<MeetingSummary>, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    access::visible(access::sees_coop_file(&state.db, &caller, organisation_id).await?)?;
    store::of_organisation(&state.db, organisation_id, &caller.time_zone).await
}

#[server(endpoint = "meetings/get")]
pub async fn get_meeting(id: i64) -> Result<Meeting, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let row = store::row(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let standing = access::circle_standing(&state.db, &caller, row.circle_id).await?;
    let (can_manage, can_rsvp) = (standing.runs(), standing.takes_part());
    // Where it meets (a dial-in PIN, a link) and what was said are for the circle's people,
    // its facilitators and the staff.
    access::visible(can_manage || can_rsvp || access::oversees(&caller))?;
    store::view(&state.db, &row, caller.user_id, &caller.time_zone, can_manage, can_rsvp).await
}

/// Schedule (id 0) or change a meeting. Times are typed in UK time (Europe/London).
#[server(endpoint = "meetings/save")]
#[allow(clippy::too_many_arguments)]
pub async fn save_meeting(
    id: i64,
    circle_id: i64,
    title: String,
    date: String,
    time: String,
    duration: String,
    delivery: String,
    #[server(default)] location: String,
    #[server(default)] agenda: String,
) -> Result<String, AppError> {
    let kept = [title.clone(), date.clone(), time.clone(), duration.clone(), location.clone(), agenda.clone()];
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let circle_id = if id == 0 {
            circle_id
        } else {
            store::row(&state.db, id).await?.ok_or(AppError::NotFound)?.circle_id
        };
        crate::circles::store::one(&state.db, circle_id).await?.ok_or(AppError::NotFound)?;
        access::allow(access::runs_circle(&state.db, &caller, circle_id).await?)?;
        let input = check_meeting(&title, &date, &time, &duration, &delivery, &location, &agenda)?;
        let starts_at = store::local_to_utc(&input.date, &input.time, crate::time::DEFAULT_ZONE)
            .ok_or_else(|| AppError::invalid("time", T::ErrTimeSkipped))?;
        if id == 0 && starts_at < crate::time::now() {
            return Err(AppError::invalid("date", T::ErrMeetingInPast));
        }
        let id = if id == 0 {
            store::create(&state.db, circle_id, &input, starts_at, caller.user_id).await?
        } else {
            store::update(&state.db, id, &input, starts_at).await?;
            id
        };
        jobs::plan_reminder(&state.db, id, starts_at).await?;
        // Due at once when the meeting is less than a day away.
        state.wake_worker();
        tracing::info!(meeting = id, circle = circle_id, by = caller.user_id, "meeting saved");
        Ok(go_to(&format!("/meetings/{id}?done=saved")))
    }
    .await;
    let fields = ["title", "date", "time", "duration", "location", "agenda"];
    let keep: Vec<(&str, &str)> = fields.iter().copied().zip(kept.iter().map(String::as_str)).collect();
    plain_form(result, &keep).await
}

/// Cancel: the reminder is withdrawn, the people are told, calendars mark it cancelled.
#[server(endpoint = "meetings/cancel")]
pub async fn cancel_meeting(id: i64) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let row = store::row(&state.db, id).await?.ok_or(AppError::NotFound)?;
        access::allow(access::runs_circle(&state.db, &caller, row.circle_id).await?)?;
        if !store::cancel(&state.db, id).await? {
            return Err(AppError::invalid("cancel", T::ErrMeetingAlreadyCancelled));
        }
        jobs::cancel_pending(&state.db, id, jobs::REMINDER).await?;
        jobs::enqueue(&state.db, jobs::CANCELLED, id, "", crate::time::now()).await?;
        state.wake_worker();
        go_to(&format!("/meetings/{id}?done=cancelled"));
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

#[server(endpoint = "meetings/rsvp")]
pub async fn rsvp(meeting_id: i64, answer: String) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let row = store::row(&state.db, meeting_id).await?.ok_or(AppError::NotFound)?;
        access::allow(access::takes_part(&state.db, &caller, row.circle_id).await?)?;
        if !super::model::RSVP_ANSWERS.iter().any(|(k, _)| *k == answer) {
            return Err(AppError::invalid("answer", T::ErrChooseOne));
        }
        if row.status != "scheduled" {
            return Err(AppError::invalid("answer", T::ErrMeetingAlreadyCancelled));
        }
        store::set_rsvp(&state.db, meeting_id, caller.user_id, &answer).await?;
        go_to(&format!("/meetings/{meeting_id}?done=rsvp"));
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

/// A facilitator's own reminder, sent now to everyone in the circle.
#[server(endpoint = "meetings/remind")]
pub async fn send_reminder(meeting_id: i64, message: String) -> Result<(), AppError> {
    let kept = message.clone();
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let row = store::row(&state.db, meeting_id).await?.ok_or(AppError::NotFound)?;
        access::allow(access::runs_circle(&state.db, &caller, row.circle_id).await?)?;
        let message = message.trim();
        if message.is_empty() {
            return Err(AppError::invalid("reminder-message", T::ErrMessageMissing));
        }
        if message.chars().count() > 2000 {
            return Err(AppError::invalid("reminder-message", T::ErrWordsTooLong));
        }
        crate::accounts::rate_limit::take_mail_allowance(&state.db, caller.user_id).await?;
        jobs::enqueue(&state.db, jobs::CUSTOM, meeting_id, message, crate::time::now()).await?;
        state.wake_worker();
        go_to(&format!("/meetings/{meeting_id}?done=reminder"));
        Ok(())
    }
    .await;
    plain_form(result, &[("reminder-message", &kept)]).await
}

/// Whether the caller has a calendar feed.
#[server(endpoint = "meetings/feed")]
pub async fn has_calendar_feed() -> Result<bool, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    store::has_feed(&state.db, caller.user_id).await
}

/// A new private feed address (any older one stops working). Shown once: only its hash is kept.
#[server(endpoint = "meetings/new_feed")]
pub async fn new_calendar_feed() -> Result<String, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let (token, hash) = crate::accounts::session::new_token();
    store::set_feed(&state.db, caller.user_id, &hash).await?;
    // Only the hash is stored, so the address is shown once, on the next page: it travels in a
    // cookie for that page alone (HttpOnly, two minutes, taken by `/account`), never in the URL
    // and never in the database.
    feed_once::hand_over(&token, state.settings.secure_cookies);
    go_to("/account?done=feed#calendar");
    Ok(feed_url(&state.settings.public_url, &token))
}

/// The address of a calendar feed.
#[cfg(feature = "ssr")]
pub fn feed_url(public_url: &str, token: &str) -> String {
    format!("{}/calendar/{token}.ics", public_url.trim_end_matches('/'))
}

/// A new feed's address, from the server function that made it to the account page that shows
/// it once.
#[cfg(feature = "ssr")]
pub mod feed_once {
    use http::header::SET_COOKIE;
    use leptos::prelude::use_context;

    const COOKIE: &str = "cc_feed";

    fn set(value: &str, max_age: i64, secure: bool) {
        let secure = if secure { "; Secure" } else { "" };
        let cookie = format!("{COOKIE}={value}; Path=/account; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
        if let (Some(response), Ok(v)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&cookie)) {
            response.append_header(SET_COOKIE, v);
        }
    }

    pub fn hand_over(token: &str, secure: bool) {
        set(token, 120, secure);
    }

    /// The token handed over to this page, if any; the cookie is forgotten as it is read.
    pub fn take(secure: bool) -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        let token = crate::accounts::session::cookie_value(&parts.headers, COOKIE)?.to_string();
        set("", 0, secure);
        (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then_some(token)
    }
}

/// The address of the feed made just before this page was loaded (shown once), if any.
#[server(endpoint = "meetings/new_feed_address")]
pub async fn new_feed_address() -> Result<Option<String>, AppError> {
    let state = app_state()?;
    require_user()?;
    Ok(feed_once::take(state.settings.secure_cookies).map(|token| feed_url(&state.settings.public_url, &token)))
}

#[server(endpoint = "meetings/revoke_feed")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        store::delete_feed(&state.db, caller.user_id).await?;
        go_to("/account?done=feed#calendar");
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

/// The messages sent to the caller (every automated message is kept in the outbox).
#[server(endpoint = "meetings/my_messages")]
pub async fn my_messages() -> Result<Vec<OutboxMessage>, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    crate::mail::messages(&state.db, Some(caller.user_id), 50, &caller.time_zone).await
}
