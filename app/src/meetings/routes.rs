//! The iCalendar downloads, as plain HTTP routes (a calendar app cannot call server functions):
//! `/meetings/{id}/calendar.ics` for someone signed in, and `/calendar/{token}.ics`, the private
//! feed, which needs no session (calendar apps have none) and stops working when revoked.

use super::{ical, store};
use crate::accounts::session::RequestCaller;
use crate::state::AppState;
use axum::extract::{Extension, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

fn ics(body: String, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

pub async fn meeting_ics(
    State(state): State<AppState>,
    Extension(caller): Extension<RequestCaller>,
    Path(id): Path<i64>,
) -> Response {
    let Some(caller) = caller.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(Some(row)) = store::row(&state.db, id).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The same rule as the meeting's page (`meetings::api::get_meeting`).
    if !crate::access::sees_inside_circle(&state.db, &caller, row.circle_id).await.unwrap_or(false) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let description = store::description(&state.db, &row).await.unwrap_or_default();
    let event = store::event(&row, &description, &state.settings.public_url);
    ics(ical::calendar(&row.circle_name, &[event]), &format!("meeting-{id}.ics"))
}

pub async fn feed_ics(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let hash = crate::accounts::session::hash_token(token);
    let Ok(Some(user_id)) = store::feed_owner(&state.db, &hash).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(rows) = store::of_person(&state.db, user_id).await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let mut descriptions = Vec::with_capacity(rows.len());
    for row in &rows {
        descriptions.push(store::description(&state.db, row).await.unwrap_or_default());
    }
    let events: Vec<ical::Event> = rows
        .iter()
        .zip(&descriptions)
        .map(|(r, d)| store::event(r, d, &state.settings.public_url))
        .collect();
    // The activities the person carries out, on their due dates.
    let Ok(activities) = crate::programmes::store::due_dates_of(&state.db, user_id).await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let base = state.settings.public_url.trim_end_matches('/');
    let days: Vec<ical::DayEvent> = activities
        .iter()
        .map(|a| ical::DayEvent {
            uid: format!("activity-{}@coop-circles", a.id),
            sequence: a.sequence,
            date: &a.due_on,
            title: &a.what,
            description: &a.organisation_name,
            url: format!("{base}/coops/{}/programme#activity-{}", a.organisation_id, a.id),
            cancelled: a.status == "dropped",
            updated_at: a.updated_at,
        })
        .collect();
    ics(ical::calendar_with_days("Co-op Circles", &events, &days), "co-op-circles.ics")
}
