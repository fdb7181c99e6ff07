//! The live session's WebSocket: `/live/{id}/socket?after=N`.
//!
//! Receive-only: people act through server functions (checked like any other), and the socket
//! delivers the session's events after N, then every new one, redacted for the viewer. A
//! socket that falls behind the broadcast is resynced from the log; one that drops resumes with
//! the last sequence it saw. Signed-in participants only, from this site only, small messages.

use app::accounts::session::RequestCaller;
use app::live::model::{Envelope, SessionState, redact_for};
use app::state::AppState;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
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
    let viewer = caller.user_id;
    upgrade
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |ws| serve(ws, state, id, viewer, access.facilitator, after.after))
}

async fn serve(mut ws: WebSocket, state: AppState, id: i64, viewer: i64, facilitator: bool, mut last: i64) {
    let Ok(live) = state.live.session(&state.db, id).await else {
        return;
    };
    // Subscribe before reading the log, so nothing falls between the two.
    let mut rx = live.tx.subscribe();
    if send_from_log(&mut ws, &state, &live, id, viewer, facilitator, &mut last).await.is_err() {
        return;
    }
    let mut beat = tokio::time::interval(std::time::Duration::from_secs(15));
    loop {
        tokio::select! {
            received = rx.recv() => match received {
                Ok(env) if env.seq <= last => {}
                Ok(env) if env.seq == last + 1 => {
                    let seen = {
                        let current = live.state.lock().await;
                        redact_for(&current, &env, viewer, facilitator)
                    };
                    if send(&mut ws, std::slice::from_ref(&seen)).await.is_err() {
                        return;
                    }
                    last = env.seq;
                }
                // A gap, or this socket fell behind the broadcast: read the log instead.
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    if send_from_log(&mut ws, &state, &live, id, viewer, facilitator, &mut last).await.is_err() {
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

async fn send_from_log(
    ws: &mut WebSocket,
    state: &AppState,
    live: &app::live::hub::Live,
    id: i64,
    viewer: i64,
    facilitator: bool,
    last: &mut i64,
) -> Result<(), ()> {
    let events = app::live::store::events_after(&state.db, id, *last).await.map_err(|_| ())?;
    if events.is_empty() {
        return send(ws, &[]).await;
    }
    let current: SessionState = live.state.lock().await.clone();
    let seen: Vec<Envelope> = events.iter().map(|e| redact_for(&current, e, viewer, facilitator)).collect();
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
