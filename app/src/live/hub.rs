//! The live hub (server only): per session, the folded state and a broadcast channel to the
//! sockets of this instance. Appending is serialised per session; the database's primary key
//! on (session, seq) settles races between instances. On PostgreSQL every append is announced
//! with NOTIFY (its payload says which session and up to which number), and each instance's
//! listener catches its copy up from the log and broadcasts; an instance that already holds
//! that number (its own append) reads nothing.
//!
//! The hub also holds each person's allowance of acts per session (a token bucket, in memory
//! per instance), and tells sockets to re-check their viewer's access at once (on sign-out,
//! a password change, removal from a circle), on every instance.

use super::model::{Actor, Command, Envelope, Event, SessionState, decide, envelope_actor};
use super::store;
use crate::db::{Backend, Db};
use crate::error::{AppError, AppResult};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;
use tokio::sync::{Mutex, broadcast};

/// How many events a slow socket may fall behind before it is resynced from the log.
const CHANNEL: usize = 256;
pub const NOTIFY_CHANNEL: &str = "cc_live";
/// A NOTIFY payload asking every instance's sockets of a person (0: everyone) to re-check.
const RECHECK_PREFIX: &str = "recheck:";

/// Acts a person may make in one session: this many a second, in bursts of up to `BURST`.
pub const ACTS_PER_SECOND: f64 = 10.0;
pub const BURST: f64 = 20.0;
/// Above this many tracked (session, person) pairs, the full (idle) ones are dropped.
const TRACKED: usize = 10_000;

struct Bucket {
    tokens: f64,
    at: Instant,
}

pub struct Live {
    pub tx: broadcast::Sender<Envelope>,
    pub state: Mutex<SessionState>,
    /// The last number applied to `state`, readable without waiting for its lock: the
    /// listener skips a NOTIFY it already holds without queueing behind an append.
    applied: AtomicI64,
}

impl Live {
    fn new() -> Self {
        Live { tx: broadcast::channel(CHANNEL).0, state: Mutex::new(SessionState::default()), applied: AtomicI64::new(0) }
    }

    /// Apply one event to the locked state and pass it on to this instance's sockets.
    fn apply(&self, state: &mut SessionState, env: Envelope) -> bool {
        if state.apply(&env).is_err() {
            return false;
        }
        self.applied.store(state.seq, Ordering::Release);
        let _ = self.tx.send(env);
        true
    }
}

pub struct Hub {
    sessions: std::sync::Mutex<HashMap<i64, Arc<Live>>>,
    allowance: std::sync::Mutex<HashMap<(i64, i64), Bucket>>,
    /// Person ids (0: everyone) whose sockets must re-check their access now.
    recheck: broadcast::Sender<i64>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub { sessions: Default::default(), allowance: Default::default(), recheck: broadcast::channel(CHANNEL).0 }
    }
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
        let live = self.copy(id).0;
        self.catch_up(db, id, &live).await?;
        Ok(live)
    }

    /// The session's copy, and whether it was just made (empty).
    fn copy(&self, id: i64) -> (Arc<Live>, bool) {
        let mut sessions = self.sessions.lock().expect("hub lock");
        let mut made = false;
        let live = sessions
            .entry(id)
            .or_insert_with(|| {
                made = true;
                Arc::new(Live::new())
            })
            .clone();
        (live, made)
    }

    /// Apply (and broadcast) whatever the log holds beyond our copy.
    pub async fn catch_up(&self, db: &Db, id: i64, live: &Live) -> AppResult<()> {
        let mut state = live.state.lock().await;
        for env in store::events_after(db, id, state.seq).await? {
            live.apply(&mut state, env);
        }
        Ok(())
    }

    /// Take one act from `user`'s allowance in session `id`; false when it is spent.
    pub fn allow(&self, id: i64, user: i64) -> bool {
        let now = Instant::now();
        let mut buckets = self.allowance.lock().expect("allowance lock");
        if buckets.len() >= TRACKED {
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * ACTS_PER_SECOND < BURST);
        }
        let bucket = buckets.entry((id, user)).or_insert(Bucket { tokens: BURST, at: now });
        bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * ACTS_PER_SECOND).min(BURST);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Listen for "re-check now" requests (a person's id, or 0 for everyone).
    pub fn rechecks(&self) -> broadcast::Receiver<i64> {
        self.recheck.subscribe()
    }

    /// Make the open sockets of `user_id` (0: of everyone), on every instance, re-check at once
    /// that their viewer may still follow their session — to call when a person signs out,
    /// changes or resets their password, loses a role, or leaves (or their co-op leaves) a
    /// circle. Sockets also re-check on their own every few seconds.
    pub async fn recheck_user(&self, db: &Db, user_id: i64) {
        let _ = self.recheck.send(user_id);
        if db.backend == Backend::Postgres {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(NOTIFY_CHANNEL)
                .bind(format!("{RECHECK_PREFIX}{user_id}"))
                .execute(&db.pool)
                .await;
            if let Err(e) = sent {
                tracing::warn!(error = %e, "live recheck notify");
            }
        }
    }

    /// For a vote in an anonymous poll still open: the actor's ballot key, made with the poll's
    /// secret (which the first vote creates).
    async fn ballot_key(db: &Db, id: i64, state: &SessionState, actor: &Actor, command: &Command) -> AppResult<Option<String>> {
        let Command::Vote { poll, .. } = command else { return Ok(None) };
        if !state.polls.get(*poll).is_some_and(|p| p.anonymous && !p.revealed) || state.closed {
            return Ok(None);
        }
        Ok(store::poll_secret(db, id, *poll, true).await?.map(|secret| store::ballot_key(&secret, actor.user_id)))
    }

    /// Decide, store and broadcast one command. Returns the stored event.
    pub async fn append(&self, db: &Db, id: i64, actor: &Actor, command: Command) -> AppResult<Envelope> {
        // A copy already served is not read again first: if another instance appended since,
        // the number this one takes is taken, the insert says so, and we catch up then.
        let (live, made) = self.copy(id);
        if made {
            self.catch_up(db, id, &live).await?;
        }
        for _ in 0..5 {
            let mut state = live.state.lock().await;
            let at = chrono::Utc::now().timestamp_millis();
            let actor = Actor { ballot_key: Self::ballot_key(db, id, &state, actor, &command).await?, ..actor.clone() };
            let event = decide(&state, &actor, command.clone(), at).map_err(|r| AppError::invalid("live", r.text()))?;
            let env = Envelope { seq: state.seq + 1, at, actor: envelope_actor(&event, actor.user_id), event };
            if store::insert(db, id, &env).await? {
                if !live.apply(&mut state, env.clone()) {
                    return Err(AppError::internal("live apply", "a decided event did not apply"));
                }
                drop(state);
                // A revealed poll, or a closed session, needs its ballot secrets no more.
                let forget = match &env.event {
                    Event::PollRevealed { poll, .. } => Some(Some(*poll)),
                    Event::Closed { .. } => Some(None),
                    _ => None,
                };
                if let Some(poll) = forget
                    && let Err(e) = store::forget_poll_secrets(db, id, poll).await
                {
                    tracing::warn!(error = %e, session = id, "forget poll secrets");
                }
                if db.backend == Backend::Postgres {
                    sqlx::query("SELECT pg_notify($1, $2)")
                        .bind(NOTIFY_CHANNEL)
                        .bind(format!("{id}:{}", env.seq))
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

    /// Only for sessions this instance already serves: a NOTIFY that session `id` has events
    /// up to `seq` (none: unknown, read the log). Nothing is read when this copy has them
    /// already: every NOTIFY of this instance's own appends.
    pub async fn notified(&self, db: &Db, id: i64, seq: Option<i64>) -> AppResult<()> {
        let live = self.sessions.lock().expect("hub lock").get(&id).cloned();
        if let Some(live) = live {
            if seq.is_some_and(|seq| live.applied.load(Ordering::Acquire) >= seq) {
                return Ok(());
            }
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
            live.apply(&mut state, env);
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
                            let _ = hub.notified(&db, id, None).await;
                        }
                        while let Ok(n) = listener.recv().await {
                            if let Some(user) = n.payload().strip_prefix(RECHECK_PREFIX) {
                                if let Ok(user) = user.parse::<i64>() {
                                    let _ = hub.recheck.send(user);
                                }
                            } else if let Some((id, seq)) = announced(n.payload())
                                && let Err(e) = hub.notified(&db, id, seq).await
                            {
                                tracing::warn!(error = %e, "live catch-up");
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

/// A NOTIFY's session and last number: "12:40" (or "12" from an instance of the version
/// before: read the log).
fn announced(payload: &str) -> Option<(i64, Option<i64>)> {
    match payload.split_once(':') {
        Some((id, seq)) => Some((id.parse().ok()?, Some(seq.parse().ok()?))),
        None => Some((payload.parse().ok()?, None)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn notifications_say_session_and_number() {
        assert_eq!(super::announced("12:40"), Some((12, Some(40))));
        assert_eq!(super::announced("12"), Some((12, None)));
        assert_eq!(super::announced("recheck:3"), None);
        assert_eq!(super::announced("x:1"), None);
    }
}
