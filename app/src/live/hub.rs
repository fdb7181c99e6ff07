//! The live hub (server only): per session, the folded state and a broadcast channel to the
//! sockets of this instance. Appending is serialised per session; the database's primary key
//! on (session, seq) settles races between instances. On PostgreSQL every append is announced
//! with NOTIFY, and each instance's listener catches its copy up from the log and broadcasts.

use super::model::{Actor, Command, Envelope, Event, SessionState, decide};
use super::store;
use crate::db::{Backend, Db};
use crate::error::{AppError, AppResult};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, broadcast};

/// How many events a slow socket may fall behind before it is resynced from the log.
const CHANNEL: usize = 256;
pub const NOTIFY_CHANNEL: &str = "cc_live";

pub struct Live {
    pub tx: broadcast::Sender<Envelope>,
    pub state: Mutex<SessionState>,
}

#[derive(Default)]
pub struct Hub {
    sessions: std::sync::Mutex<HashMap<i64, Arc<Live>>>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub").finish_non_exhaustive()
    }
}

impl Hub {
    /// The session's live copy, loaded from the log the first time (so a restarted server
    /// carries on from what was stored).
    pub async fn session(&self, db: &Db, id: i64) -> AppResult<Arc<Live>> {
        let live = {
            let mut sessions = self.sessions.lock().expect("hub lock");
            sessions
                .entry(id)
                .or_insert_with(|| {
                    Arc::new(Live { tx: broadcast::channel(CHANNEL).0, state: Mutex::new(SessionState::default()) })
                })
                .clone()
        };
        self.catch_up(db, id, &live).await?;
        Ok(live)
    }

    /// Apply (and broadcast) whatever the log holds beyond our copy.
    pub async fn catch_up(&self, db: &Db, id: i64, live: &Live) -> AppResult<()> {
        let mut state = live.state.lock().await;
        for env in store::events_after(db, id, state.seq).await? {
            if state.apply(&env).is_ok() {
                let _ = live.tx.send(env);
            }
        }
        Ok(())
    }

    /// Decide, store and broadcast one command. Returns the stored event.
    pub async fn append(&self, db: &Db, id: i64, actor: &Actor, command: Command) -> AppResult<Envelope> {
        let live = self.session(db, id).await?;
        for _ in 0..5 {
            let mut state = live.state.lock().await;
            let at = chrono::Utc::now().timestamp_millis();
            let event = decide(&state, actor, command.clone(), at).map_err(|r| AppError::invalid("live", r.text()))?;
            let env = Envelope { seq: state.seq + 1, at, actor: actor.user_id, event };
            if store::insert(db, id, &env).await? {
                state.apply(&env).map_err(|r| AppError::internal("live apply", format!("{r:?}")))?;
                let _ = live.tx.send(env.clone());
                drop(state);
                if db.backend == Backend::Postgres {
                    sqlx::query("SELECT pg_notify($1, $2)")
                        .bind(NOTIFY_CHANNEL)
                        .bind(id.to_string())
                        .execute(&db.pool)
                        .await?;
                }
                return Ok(env);
            }
            // Another instance took this number: catch up, then decide again on the new state.
            drop(state);
            self.catch_up(db, id, &live).await?;
        }
        Err(AppError::Unavailable)
    }

    /// Only for sessions this instance already serves: a NOTIFY from another instance.
    pub async fn notified(&self, db: &Db, id: i64) -> AppResult<()> {
        let live = self.sessions.lock().expect("hub lock").get(&id).cloned();
        if let Some(live) = live {
            self.catch_up(db, id, &live).await?;
        }
        Ok(())
    }

    /// The first event of a session: its title and agenda.
    pub async fn start(&self, db: &Db, id: i64, actor: i64, title: &str, agenda: Vec<super::model::Item>) -> AppResult<()> {
        let live = self.session(db, id).await?;
        let mut state = live.state.lock().await;
        if state.seq > 0 {
            return Ok(());
        }
        let env = Envelope {
            seq: 1,
            at: chrono::Utc::now().timestamp_millis(),
            actor,
            event: Event::Started { title: title.to_string(), agenda },
        };
        if store::insert(db, id, &env).await? {
            let _ = state.apply(&env);
            let _ = live.tx.send(env);
        }
        Ok(())
    }
}

/// Listen for other instances' appends (PostgreSQL only) for as long as the server runs.
pub fn spawn_listener(hub: Arc<Hub>, db: Db, url: String) {
    if db.backend != Backend::Postgres {
        return;
    }
    tokio::spawn(async move {
        loop {
            match sqlx::postgres::PgListener::connect(&url).await {
                Ok(mut listener) => {
                    if listener.listen(NOTIFY_CHANNEL).await.is_ok() {
                        // After (re)connecting, catch every served session up: a NOTIFY may
                        // have been missed while the connection was down.
                        let ids: Vec<i64> = hub.sessions.lock().expect("hub lock").keys().copied().collect();
                        for id in ids {
                            let _ = hub.notified(&db, id).await;
                        }
                        while let Ok(n) = listener.recv().await {
                            if let Ok(id) = n.payload().parse::<i64>() {
                                if let Err(e) = hub.notified(&db, id).await {
                                    tracing::warn!(error = %e, "live catch-up");
                                }
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "live listener cannot connect"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    });
}
