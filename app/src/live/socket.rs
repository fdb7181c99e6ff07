//! The browser's end of the live socket: fold what arrives into the page's state, resume from
//! the last sequence after a drop (backing off, and at once when the phone is back online),
//! and say how the connection stands. When the server closes it because the viewer's access
//! ended (signed out elsewhere, removed from the circle), it stops and asks for a reload.

use super::model::{Envelope, SessionState};
#[cfg(feature = "hydrate")]
use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use serde::Deserialize;

/// The server's close code when the viewer may no longer follow the session.
pub const CLOSE_ACCESS_ENDED: u16 = 4403;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Live,
    Reconnecting,
    /// No JavaScript socket at all: the page shows the state as loaded.
    Offline,
}

#[cfg(feature = "hydrate")]
#[derive(Deserialize)]
struct Batch {
    events: Vec<Envelope>,
    now: i64,
}

/// Fold a batch into the state: the next event applies; a repeat is skipped; a gap means we
/// missed something, so the caller reconnects from what we have.
pub fn fold_batch(state: &mut SessionState, events: &[Envelope]) -> bool {
    for env in events {
        if env.seq <= state.seq {
            continue;
        }
        if state.apply(env).is_err() {
            return false;
        }
    }
    true
}

/// Keep a socket open for the session while the page lives.
#[cfg(feature = "hydrate")]
pub fn keep_connected(session: i64, state: RwSignal<SessionState>, connection: RwSignal<Connection>, offset: RwSignal<i64>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    let socket: StoredValue<Option<WebSocket>, LocalStorage> = StoredValue::new_local(None);
    let attempts = StoredValue::new(0u32);
    let stopped = StoredValue::new(false);
    // The phone says it is offline: stop trying until it is back.
    let offline = StoredValue::new(false);

    #[allow(clippy::too_many_arguments)]
    fn open(
        session: i64,
        state: RwSignal<SessionState>,
        connection: RwSignal<Connection>,
        offset: RwSignal<i64>,
        socket: StoredValue<Option<WebSocket>, LocalStorage>,
        attempts: StoredValue<u32>,
        stopped: StoredValue<bool>,
        offline: StoredValue<bool>,
    ) {
        if stopped.get_value() || offline.get_value() {
            return;
        }
        let location = window().location();
        let scheme = if location.protocol().ok().as_deref() == Some("https:") { "wss" } else { "ws" };
        let host = location.host().unwrap_or_default();
        let after = state.with_untracked(|s| s.seq);
        let Ok(ws) = WebSocket::new(&format!("{scheme}://{host}/live/{session}/socket?after={after}")) else {
            connection.set(Connection::Offline);
            return;
        };
        connection.set(if attempts.get_value() == 0 { Connection::Connecting } else { Connection::Reconnecting });
        let on_open = Closure::<dyn FnMut()>::new(move || {
            attempts.set_value(0);
            connection.set(Connection::Live);
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        on_open.forget();
        let ws_for_message = ws.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else { return };
            let Ok(batch) = serde_json::from_str::<Batch>(&text) else { return };
            offset.set(batch.now - web_sys::js_sys::Date::now() as i64);
            let mut in_order = true;
            state.update(|s| in_order = fold_batch(s, &batch.events));
            if !in_order {
                // Something was missed: start again from what we have.
                let _ = ws_for_message.close();
            }
        });
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let this = ws.clone();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
            // Only the current socket reconnects (an old one closing late must not).
            let current = socket.with_value(|ws| ws.as_ref() == Some(&this));
            if stopped.get_value() || !current {
                return;
            }
            if event.code() == CLOSE_ACCESS_ENDED {
                // Trying again would be refused: say the page needs a reload.
                stopped.set_value(true);
                connection.set(Connection::Offline);
                return;
            }
            connection.set(Connection::Reconnecting);
            let n = attempts.get_value();
            attempts.set_value(n + 1);
            let wait = [500u64, 1000, 2000, 4000, 8000][(n as usize).min(4)];
            set_timeout(
                move || open(session, state, connection, offset, socket, attempts, stopped, offline),
                std::time::Duration::from_millis(wait),
            );
        });
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        on_close.forget();
        socket.set_value(Some(ws));
    }

    open(session, state, connection, offset, socket, attempts, stopped, offline);
    let close = move || {
        socket.with_value(|ws| {
            if let Some(ws) = ws {
                let _ = ws.close();
            }
        })
    };
    // Offline: say so at once rather than wait for the socket to notice.
    let went_offline = window_event_listener(leptos::ev::offline, move |_| {
        offline.set_value(true);
        connection.set(Connection::Reconnecting);
        close();
    });
    // Back online: resume from the last event seen, without waiting for the back-off.
    let online = window_event_listener(leptos::ev::online, move |_| {
        offline.set_value(false);
        attempts.set_value(1);
        if connection.get_untracked() != Connection::Live {
            close();
            open(session, state, connection, offset, socket, attempts, stopped, offline);
        }
    });
    on_cleanup(move || {
        stopped.set_value(true);
        online.remove();
        went_offline.remove();
        socket.with_value(|ws| {
            if let Some(ws) = ws {
                let _ = ws.close();
            }
        });
    });
}
