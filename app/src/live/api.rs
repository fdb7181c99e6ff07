//! Live session server functions: start a session, load it, join by code, and act. Every act
//! goes through [`crate::live::model::decide`] on the server, which refuses facilitator
//! commands from anyone else.

use super::model::Envelope;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::model::{Actor, Command, Item, PollKind, redact_for},
    super::store,
    crate::accounts::{session::Caller, session::require_user},
    crate::i18n::T,
    crate::state::{AppState, app_state},
    crate::ui::forms::{go_to, plain_form},
};

/// A live session as a page loads it: the log so far (redacted for the viewer) and who they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveSnapshot {
    pub session_id: i64,
    pub meeting_id: i64,
    pub code: String,
    pub viewer: i64,
    pub facilitator: bool,
    pub events: Vec<Envelope>,
    /// Server clock (ms), so the page's timer agrees with the room.
    pub now: i64,
    /// The circle's co-ops, for capturing actions: (id, name).
    pub organisations: Vec<(i64, String)>,
}

/// What the viewer may do in a session.
#[cfg(feature = "ssr")]
pub struct Access {
    pub facilitator: bool,
    pub meeting_id: i64,
    pub circle_id: i64,
    /// The session's join code (for those who may be there).
    pub code: String,
}

/// Facilitators of the meeting's circle and admins run it; the circle's people take part;
/// anyone else is told it does not exist.
#[cfg(feature = "ssr")]
pub async fn access(state: &AppState, caller: &Caller, session_id: i64) -> Result<Access, AppError> {
    let session = store::session(&state.db, session_id).await?.ok_or(AppError::NotFound)?;
    let meeting = crate::meetings::store::row(&state.db, session.meeting_id).await?.ok_or(AppError::NotFound)?;
    let standing = crate::access::circle_standing(&state.db, caller, meeting.circle_id).await?;
    let facilitator = standing.runs();
    if !facilitator && !standing.takes_part() {
        return Err(AppError::NotFound);
    }
    Ok(Access { facilitator, meeting_id: session.meeting_id, circle_id: meeting.circle_id, code: session.code })
}

/// Start the live session of a meeting (or go back to it).
#[server(endpoint = "live/start")]
pub async fn start_session(meeting_id: i64) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let meeting = crate::meetings::store::row(&state.db, meeting_id).await?.ok_or(AppError::NotFound)?;
        if !crate::access::runs_circle(&state.db, &caller, meeting.circle_id).await? {
            return Err(AppError::Forbidden);
        }
        if meeting.status != "scheduled" {
            return Err(AppError::invalid("start", T::ErrMeetingAlreadyCancelled));
        }
        let id = store::create(&state.db, meeting_id, caller.user_id).await?;
        let agenda = crate::meetings::store::agenda(&state.db, meeting_id)
            .await?
            .into_iter()
            .map(|i| Item { title: i.title, minutes: i.minutes })
            .collect();
        state.live.start(&state.db, id, caller.user_id, &meeting.title, agenda).await?;
        tracing::info!(session = id, meeting = meeting_id, by = caller.user_id, "live session started");
        Ok(go_to(&format!("/live/{id}")))
    }
    .await;
    plain_form(result, &[]).await
}

/// The session of a meeting, if started: its id.
#[server(endpoint = "live/of_meeting")]
pub async fn session_of_meeting(meeting_id: i64) -> Result<Option<(i64, String, String)>, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    // The join code lets people into the room: only for those who see inside the circle.
    let meeting = crate::meetings::store::row(&state.db, meeting_id).await?.ok_or(AppError::NotFound)?;
    crate::access::visible(crate::access::sees_inside_circle(&state.db, &caller, meeting.circle_id).await?)?;
    Ok(store::session_of_meeting(&state.db, meeting_id).await?.map(|s| (s.id, s.code, s.status)))
}

#[server(endpoint = "live/view")]
pub async fn live_view(session_id: i64) -> Result<LiveSnapshot, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let access = access(&state, &caller, session_id).await?;
    let live = state.live.session(&state.db, session_id).await?;
    let current = live.state.lock().await.clone();
    let viewer = store::viewer(&state.db, session_id, caller.user_id, access.facilitator).await?;
    let events = store::events_after(&state.db, session_id, 0)
        .await?
        .iter()
        .map(|e| redact_for(&current, e, &viewer))
        .collect();
    let organisations = crate::circles::store::coops_of(&state.db, access.circle_id).await?;
    Ok(LiveSnapshot {
        session_id,
        meeting_id: access.meeting_id,
        code: access.code,
        viewer: caller.user_id,
        facilitator: access.facilitator,
        events,
        now: chrono::Utc::now().timestamp_millis(),
        organisations,
    })
}

/// Join by the short code shown to the room.
#[server(endpoint = "live/join")]
pub async fn join_by_code(code: String) -> Result<String, AppError> {
    let kept = code.clone();
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let id = store::session_by_code(&state.db, &code)
            .await?
            .ok_or_else(|| AppError::invalid("code", T::ErrLiveCodeUnknown))?;
        access(&state, &caller, id).await.map_err(|_| AppError::invalid("code", T::ErrLiveCodeUnknown))?;
        Ok(go_to(&format!("/live/{id}")))
    }
    .await;
    plain_form(result, &[("code", &kept)]).await
}

/// Turn a form's fields into a command (the same forms work with and without JavaScript).
#[cfg(feature = "ssr")]
fn command_from_form(kind: &str, a: &str, b: &str, c: &str, d: &str, flag: bool, picks: &std::collections::BTreeMap<String, String>) -> Option<Command> {
    let int = |s: &str| s.trim().parse::<i64>().ok();
    let index = |s: &str| s.trim().parse::<usize>().ok();
    Some(match kind {
        "check_in" => Command::CheckIn,
        "raise_hand" => Command::RaiseHand,
        "lower_hand" => Command::LowerHand,
        "vote" => {
            let mut choices: Vec<usize> = picks.keys().filter_map(|k| index(k)).collect();
            if let Some(single) = index(b) {
                choices.push(single);
            }
            Command::Vote { poll: index(a)?, choices }
        }
        "write_note" => Command::WriteNote { item: index(a)?, text: b.to_string() },
        "check_in_person" => Command::CheckInPerson { name: a.to_string(), how: b.to_string() },
        "mark_attendance" => Command::MarkAttendance { person: int(a)?, status: b.to_string() },
        "start_item" => Command::StartItem { index: index(a)? },
        "start_timer" => Command::StartTimer { seconds: int(a)? * 60 },
        "pause_timer" => Command::PauseTimer,
        "extend_timer" => Command::ExtendTimer { seconds: int(a)? * 60 },
        "fair_order" => Command::FairOrder,
        "call_speaker" => Command::CallSpeaker { person: int(a)? },
        "set_note_taker" => Command::SetNoteTaker { person: int(a) },
        "open_poll" => Command::OpenPoll {
            question: a.to_string(),
            kind: match b {
                "multiple" => PollKind::Multiple,
                "fist_to_five" => PollKind::FistToFive,
                "thumbs" => PollKind::Thumbs,
                _ => PollKind::Single,
            },
            options: c.lines().map(String::from).collect(),
            anonymous: flag,
        },
        "reveal_poll" => Command::RevealPoll { poll: index(a)? },
        "capture_action" => Command::CaptureAction { what: a.to_string(), organisation_id: int(b), organisation: String::new(), who: c.to_string(), due: d.to_string() },
        "close" => Command::Close,
        _ => return None,
    })
}

/// Act in a session. Facilitator commands from anyone else are refused here, on the server.
#[server(endpoint = "live/act")]
#[allow(clippy::too_many_arguments)]
pub async fn live_act(
    session_id: i64,
    kind: String,
    #[server(default)] a: String,
    #[server(default)] b: String,
    #[server(default)] c: String,
    #[server(default)] d: String,
    #[server(default)] flag: Option<String>,
    #[server(default)] picks: std::collections::BTreeMap<String, String>,
) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        // A person's allowance of acts in this session, before any work is done for them.
        if !state.live.allow(session_id, caller.user_id) {
            tracing::debug!(session = session_id, user = caller.user_id, "live acts rate-limited");
            return Err(AppError::RateLimited { retry_after_minutes: 1 });
        }
        let access = access(&state, &caller, session_id).await?;
        if [&a, &b, &c, &d].iter().any(|s| s.chars().count() > super::model::NOTE_MAX) || picks.len() > super::model::OPTIONS_MAX {
            return Err(AppError::BadRequest);
        }
        let mut command = command_from_form(&kind, &a, &b, &c, &d, flag.is_some(), &picks).ok_or(AppError::BadRequest)?;
        // An action belongs to one of the circle's co-ops: take its name from the database.
        if let Command::CaptureAction { organisation_id: Some(org), organisation, .. } = &mut command {
            let name = crate::circles::store::member_coop_name(&state.db, access.circle_id, *org).await?;
            *organisation = name.ok_or_else(|| AppError::invalid("live", T::ErrLiveInvalid))?;
        }
        // (For a vote in an anonymous poll, the hub adds the voter's ballot key.)
        let actor = Actor { user_id: caller.user_id, name: caller.name.clone(), facilitator: access.facilitator, ballot_key: None };
        let env = state.live.append(&state.db, session_id, &actor, command).await?;
        keep_outcome(&state.db, &state.live, session_id, access.meeting_id, &env).await?;
        go_to(&format!("/live/{session_id}"));
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

/// What an event leaves in the rest of the portal: an action captured for a co-op joins its
/// programme's proposals, and a closed session's summary is kept for its meeting's page.
#[cfg(feature = "ssr")]
pub async fn keep_outcome(db: &crate::db::Db, hub: &super::hub::Hub, session_id: i64, meeting_id: i64, env: &Envelope) -> Result<(), AppError> {
    match &env.event {
        super::model::Event::ActionCaptured { what, organisation_id: Some(org), who, due, .. } => {
            store::record_action(db, *org, meeting_id, what, who, due).await
        }
        super::model::Event::Closed { .. } => {
            let live = hub.session(db, session_id).await?;
            let summary = serde_json::to_string(&super::summary::Summary::of(&live.state.lock().await.clone()))
                .map_err(|e| AppError::internal("summary", e))?;
            store::close(db, session_id, &summary).await
        }
        _ => Ok(()),
    }
}
