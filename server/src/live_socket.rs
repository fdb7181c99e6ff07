//! The live session's WebSocket: `/live/{id}/socket?after=N`.
//!
//! Receive-only: people act through server functions (checked like any other), and the socket
//! delivers the session's events after N, then every new one, redacted for the viewer. A
//! socket that falls behind the broadcast is resynced from the log; one that drops resumes with
//! the last sequence it saw. Signed-in participants only, from this site only, small messages.
//!
//! Access is not settled once at the upgrade: every few seconds (and at once when the hub is
//! told that a person signed out, changed their password or left a circle) the socket checks
//! that its viewer's sign-in session still exists and that they still take part; if not, it
//! closes with [`CLOSE_ACCESS_ENDED`] and sends nothing more. The check also picks up a viewer
//! who became, or stopped being, a facilitator.

use app::accounts::session::{Caller, RequestCaller};
use app::live::model::{Envelope, Event, SessionState, Viewer, redact_for};
use app::state::AppState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;

#[derive(Deserialize)]
pub struct After {
    #[serde(default)]
    after: i64,
}

/// What the server sends: a batch of events and the server's clock (ms) for the timer.
#[derive(Serialize)]
struct Batch<'a> {
    events: &'a [Envelope],
    now: i64,
}

/// Nothing a browser sends is needed; anything larger than this is refused.
const MAX_MESSAGE: usize = 1024;

/// How often a socket re-checks its viewer's access (each socket adds up to a second of
/// jitter, so a room's sockets do not all ask at once).
pub const RECHECK: std::time::Duration = std::time::Duration::from_secs(3);

/// The close code when the viewer may no longer follow the session (a private-use code): the
/// page stops reconnecting and asks for a reload.
pub const CLOSE_ACCESS_ENDED: u16 = app::live::socket::CLOSE_ACCESS_ENDED;

pub async fn socket(
    State(state): State<AppState>,
    Extension(caller): Extension<RequestCaller>,
    Path(id): Path<i64>,
    Query(after): Query<After>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !crate::middleware::same_site_headers(&state, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(caller) = caller.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let access = match app::live::api::access(&state, &caller, id).await {
        Ok(access) => access,
        Err(e) => return StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN).into_response(),
    };
    let viewer = match app::live::store::viewer(&state.db, id, caller.user_id, access.facilitator).await {
        Ok(viewer) => viewer,
        Err(e) => return StatusCode::from_u16(e.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE).into_response(),
    };
    upgrade
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |ws| serve(ws, state, id, caller, viewer, after.after))
}

/// The viewer as this socket knows them, with their ballot keys looked up as polls need them.
struct Watcher {
    caller: Caller,
    viewer: Viewer,
    /// Anonymous polls whose secret this socket has looked up (found or not).
    looked: std::collections::BTreeSet<usize>,
}

impl Watcher {
    /// Before redacting a vote in an anonymous poll we have no key for: look the key up once.
    async fn prepare(&mut self, state: &AppState, id: i64, env: &Envelope) {
        if let Event::Voted { poll, key, .. } = &env.event
            && !key.is_empty()
            && !self.viewer.keys.contains_key(poll)
            && self.looked.insert(*poll)
            && let Ok(fresh) = app::live::store::viewer(&state.db, id, self.viewer.id, self.viewer.facilitator).await
        {
            self.viewer.keys.extend(fresh.keys);
        }
    }

    /// Whether the viewer may still follow the session (their sign-in session alive, and still
    /// one of its people). A database that cannot answer right now keeps the socket as it is.
    async fn still_allowed(&mut self, state: &AppState, id: i64) -> bool {
        let caller = &self.caller;
        let settings = &state.settings;
        let signed_in = app::live::store::signed_in(
            &state.db,
            caller.session_id,
            caller.user_id,
            settings.session_idle_secs,
            settings.session_absolute_secs,
        )
        .await;
        match signed_in {
            Ok(false) => return false,
            Ok(true) => {}
            Err(_) => return true,
        }
        let Ok(roles) = app::accounts::store::roles_of(&state.db, caller.user_id).await else {
            return true;
        };
        let fresh = Caller { roles, ..caller.clone() };
        match app::live::api::access(state, &fresh, id).await {
            Ok(access) => {
                self.caller = fresh;
                self.viewer.facilitator = access.facilitator;
                true
            }
            Err(app::error::AppError::NotFound | app::error::AppError::Forbidden | app::error::AppError::SignInRequired) => false,
            Err(_) => true,
        }
    }
}

async fn serve(mut ws: WebSocket, state: AppState, id: i64, caller: Caller, viewer: Viewer, mut last: i64) {
    let Ok(live) = state.live.session(&state.db, id).await else {
        return;
    };
    let user = caller.user_id;
    let mut watcher = Watcher { caller, viewer, looked: Default::default() };
    // Subscribe before reading the log, so nothing falls between the two.
    let mut rx = live.tx.subscribe();
    let mut rechecks = state.live.rechecks();
    if send_from_log(&mut ws, &state, &live, id, &mut watcher, &mut last).await.is_err() {
        return;
    }
    let mut beat = tokio::time::interval(std::time::Duration::from_secs(15));
    let period = RECHECK + std::time::Duration::from_millis(rand::random::<u64>() % 1000);
    let mut check = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    loop {
        // Biased: a pending re-check goes before any event waiting to be sent.
        tokio::select! {
            biased;
            kick = rechecks.recv() => {
                let for_us = match kick {
                    Ok(who) => who == 0 || who == user,
                    Err(RecvError::Lagged(_)) => true,
                    Err(RecvError::Closed) => false,
                };
                if for_us && !watcher.still_allowed(&state, id).await {
                    return end(ws).await;
                }
            }
            _ = check.tick() => {
                if !watcher.still_allowed(&state, id).await {
                    return end(ws).await;
                }
            }
            received = rx.recv() => match received {
                Ok(env) if env.seq <= last => {}
                Ok(env) if env.seq == last + 1 => {
                    watcher.prepare(&state, id, &env).await;
                    let seen = {
                        let current = live.state.lock().await;
                        redact_for(&current, &env, &watcher.viewer)
                    };
                    if send(&mut ws, std::slice::from_ref(&seen)).await.is_err() {
                        return;
                    }
                    last = env.seq;
                }
                // A gap, or this socket fell behind the broadcast: read the log instead.
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    if send_from_log(&mut ws, &state, &live, id, &mut watcher, &mut last).await.is_err() {
                        return;
                    }
                }
                Err(RecvError::Closed) => return,
            },
            incoming = ws.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {} // pings are answered by the library; nothing else is expected
            },
            _ = beat.tick() => {
                if send(&mut ws, &[]).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Tell the page its access ended, and stop.
async fn end(mut ws: WebSocket) {
    let frame = CloseFrame { code: CLOSE_ACCESS_ENDED, reason: "access ended".into() };
    let _ = ws.send(Message::Close(Some(frame))).await;
}

async fn send_from_log(
    ws: &mut WebSocket,
    state: &AppState,
    live: &app::live::hub::Live,
    id: i64,
    watcher: &mut Watcher,
    last: &mut i64,
) -> Result<(), ()> {
    let events = app::live::store::events_after(&state.db, id, *last).await.map_err(|_| ())?;
    if events.is_empty() {
        return send(ws, &[]).await;
    }
    for env in &events {
        watcher.prepare(state, id, env).await;
    }
    let current: SessionState = live.state.lock().await.clone();
    let seen: Vec<Envelope> = events.iter().map(|e| redact_for(&current, e, &watcher.viewer)).collect();
    for chunk in seen.chunks(200) {
        send(ws, chunk).await?;
    }
    *last = events.last().map(|e| e.seq).unwrap_or(*last);
    Ok(())
}

async fn send(ws: &mut WebSocket, events: &[Envelope]) -> Result<(), ()> {
    let batch = Batch { events, now: chrono::Utc::now().timestamp_millis() };
    let text = serde_json::to_string(&batch).map_err(|_| ())?;
    ws.send(Message::Text(text.into())).await.map_err(|_| ())
}
