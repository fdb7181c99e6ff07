//! A short-lived memory of session → caller, so that a busy person's requests do not each look
//! their session up in the database (one round trip on every request, and on SQLite a hop to
//! the connection's thread and back).
//!
//! It is honest on this instance: every write that changes what a [`Caller`] holds — signing
//! in and out, ending sessions, a new password, roles granted or removed, the language, a
//! confirmed address — goes through a store function that calls [`CallerCache::forget_user`]
//! or [`CallerCache::forget_session`] after it, so the next request reads the database again.
//! Idle and absolute session timeouts are checked on every hit, from the times the session
//! had when it was read. A lookup that raced with a forget is not kept (see `generation`).
//!
//! What it cannot see are writes made by another process on the same database: another
//! instance behind the same load balancer (PostgreSQL), or the command line (`server
//! create-admin`, a script run against the database). Those take effect within
//! [`CALLER_CACHE_TTL`], the longest an entry is trusted. So with several instances, signing
//! out, a new password or a role removed on one reaches the others within two seconds.
//! `server/tests/integration/accounts.rs` checks both sides.

use super::session::Caller;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a looked-up caller is trusted without asking the database again. Short, because
/// changes made by another instance or the command line wait this long to be seen; long
/// enough that a page and the requests it makes right after share one lookup.
pub const CALLER_CACHE_TTL: Duration = Duration::from_secs(2);

/// At most this many sessions are remembered; past it, the stale ones are dropped, then all.
const CAPACITY: usize = 20_000;

/// A caller as read with its session, and the session's times (for its timeouts).
#[derive(Debug, Clone)]
pub struct Cached {
    pub caller: Caller,
    pub created_at: i64,
    pub last_seen_at: i64,
}

struct Entry {
    cached: Cached,
    read_at: Instant,
}

#[derive(Default)]
struct Inner {
    /// By the SHA-256 of the session's token (never the token itself).
    entries: HashMap<String, Entry>,
    /// Moves on every forget. A lookup notes it before reading the database and keeps what it
    /// read only if it has not moved: otherwise a forget that came between the read and the
    /// keep would be undone by the stale row.
    generation: u64,
}

pub struct CallerCache {
    inner: Mutex<Inner>,
    ttl: Duration,
}

impl Default for CallerCache {
    fn default() -> Self {
        CallerCache::with_ttl(CALLER_CACHE_TTL)
    }
}

impl std::fmt::Debug for CallerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallerCache")
    }
}

impl CallerCache {
    /// A cache trusting what it read for `ttl` ([`CALLER_CACHE_TTL`] but in tests).
    pub fn with_ttl(ttl: Duration) -> Self {
        CallerCache { inner: Mutex::default(), ttl }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves the map whole (each step is one map call).
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The caller for a session, when it was read less than the cache's time to live ago.
    pub fn get(&self, token_hash: &str) -> Option<Cached> {
        let inner = self.lock();
        let entry = inner.entries.get(token_hash)?;
        (entry.read_at.elapsed() < self.ttl).then(|| entry.cached.clone())
    }

    /// Note this before reading a session from the database, and hand it to [`Self::keep`].
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Remember what was read, unless something was forgotten since `generation`.
    pub fn keep(&self, token_hash: String, generation: u64, cached: Cached) {
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        if inner.entries.len() >= CAPACITY {
            let ttl = self.ttl;
            inner.entries.retain(|_, e| e.read_at.elapsed() < ttl);
            if inner.entries.len() >= CAPACITY {
                inner.entries.clear();
            }
        }
        inner.entries.insert(token_hash, Entry { cached, read_at: Instant::now() });
    }

    /// The session was seen at `at` (its `last_seen_at` was just written).
    pub fn seen(&self, token_hash: &str, at: i64) {
        if let Some(entry) = self.lock().entries.get_mut(token_hash) {
            entry.cached.last_seen_at = at;
        }
    }

    /// Forget every session of this person: call after any write to their account, roles or
    /// sessions.
    pub fn forget_user(&self, user_id: i64) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.retain(|_, e| e.cached.caller.user_id != user_id);
    }

    /// Forget one session: call after ending it.
    pub fn forget_session(&self, session_id: i64) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.retain(|_, e| e.cached.caller.session_id != session_id);
    }

    /// Forget everything: for writes that may touch anyone (and for tests that write to the
    /// database behind the server's back, as another process would).
    pub fn forget_all(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    fn cached(user_id: i64, session_id: i64) -> Cached {
        Cached {
            caller: Caller {
                user_id,
                session_id,
                name: "X".into(),
                email: "x@example.coop".into(),
                roles: vec![],
                locale: Locale::En,
                time_zone: "Europe/London".into(),
                email_verified: true,
            },
            created_at: 0,
            last_seen_at: 0,
        }
    }

    #[test]
    fn a_forget_drops_the_person_or_the_session_at_once() {
        let cache = CallerCache::default();
        for (hash, user, session) in [("a", 1, 10), ("b", 1, 11), ("c", 2, 20)] {
            let g = cache.generation();
            cache.keep(hash.into(), g, cached(user, session));
        }
        assert!(cache.get("a").is_some() && cache.get("c").is_some());
        cache.forget_session(10);
        assert!(cache.get("a").is_none() && cache.get("b").is_some());
        cache.forget_user(1);
        assert!(cache.get("b").is_none() && cache.get("c").is_some());
        cache.forget_all();
        assert!(cache.get("c").is_none());
    }

    #[test]
    fn an_entry_is_trusted_only_for_its_time_to_live() {
        let cache = CallerCache::with_ttl(Duration::from_millis(50));
        let g = cache.generation();
        cache.keep("a".into(), g, cached(1, 10));
        assert!(cache.get("a").is_some());
        std::thread::sleep(Duration::from_millis(60));
        assert!(cache.get("a").is_none(), "read again from the database once stale");
    }

    #[test]
    fn a_lookup_that_raced_with_a_forget_is_not_kept() {
        let cache = CallerCache::default();
        let before_read = cache.generation();
        // The session's person changes (and is forgotten) while their old row is being read.
        cache.forget_user(1);
        cache.keep("a".into(), before_read, cached(1, 10));
        assert!(cache.get("a").is_none());
        // A lookup that started after the forget is kept.
        let g = cache.generation();
        cache.keep("a".into(), g, cached(1, 10));
        assert!(cache.get("a").is_some());
    }
}
