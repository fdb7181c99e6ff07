//! Password hashing: argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane),
//! always run on the blocking pool so a sign-in never stalls the async runtime.
//!
//! A flood of sign-ups or sign-ins cannot exhaust memory: never more hashes run at once than
//! the machine has cores (a request waiting its turn holds no hashing memory; the blocking
//! pool alone would run 512 at once), and their 19 MiB of work memory is one buffer per
//! hashing slot, kept and reused, rather than allocated and freed by each hash — freed blocks
//! that size stay in the allocator's per-thread arenas, and 200 sign-ups left the server at
//! 650 MB that way. So hashing never takes more than cores × 19 MiB.

use crate::error::AppError;
use argon2::password_hash::{Output, ParamsString, PasswordHash, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::RngCore;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use tokio::sync::Semaphore;

/// How many hashes may run at once: the number of cores.
pub fn hashing_capacity() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
}

static HASHING: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(hashing_capacity())));
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most hashes that ever ran at once in this process.
pub fn peak_concurrent_hashes() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Run `work` on the blocking pool once a hashing slot is free. The slot goes with the work
/// onto the pool, so a request given up while its hash runs does not let another one start
/// before it ends.
async fn run_capped<R: Send + 'static>(
    what: &'static str,
    work: impl FnOnce() -> R + Send + 'static,
) -> Result<R, AppError> {
    let permit = HASHING
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| AppError::internal(what, e))?;
    tokio::task::spawn_blocking(move || {
        let running = RUNNING.fetch_add(1, Ordering::Relaxed) + 1;
        PEAK.fetch_max(running, Ordering::Relaxed);
        let result = work();
        RUNNING.fetch_sub(1, Ordering::Relaxed);
        drop(permit);
        result
    })
    .await
    .map_err(|e| AppError::internal(what, e))
}

fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters")
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

/// Work memory, one buffer per hash running (at most [`hashing_capacity`] of them).
static WORK_MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Run `f` with `blocks` blocks of reused work memory. Argon2's first pass writes every block
/// before reading it, so what a buffer held before does not matter.
fn with_work_memory<R>(blocks: usize, f: impl FnOnce(&mut [Block]) -> R) -> R {
    let mut buffer = WORK_MEMORY
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .pop()
        .unwrap_or_default();
    if buffer.len() < blocks {
        buffer.resize(blocks, Block::new());
    }
    let result = f(&mut buffer[..blocks]);
    WORK_MEMORY
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(buffer);
    result
}

fn hash_now(password: &str) -> Result<String, AppError> {
    let fail = |e: &dyn std::fmt::Display| AppError::internal("hash password", e);
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    let salt_string = SaltString::encode_b64(&salt).map_err(|e| fail(&e))?;
    let params = params();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    with_work_memory(params.block_count(), |memory| {
        hasher().hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, memory)
    })
    .map_err(|e| fail(&e))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| fail(&e))?,
        salt: Some(salt_string.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` gives `stored` (a PHC string), in the reused work memory; a hash made
/// with more memory than ours (none is) is checked the ordinary way.
fn verify_now(password: &str, stored: &str) -> Result<bool, AppError> {
    let fail = |e: &dyn std::fmt::Display| AppError::internal("stored hash", e);
    let parsed = PasswordHash::new(stored).map_err(|e| fail(&e))?;
    let params = Params::try_from(&parsed).map_err(|e| fail(&e))?;
    if params.block_count() > self::params().block_count() {
        return Ok(hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok());
    }
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| fail(&e))?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).map_err(|e| fail(&e))?,
        None => Version::default(),
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(fail(&"no salt or hash"));
    };
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes).map_err(|e| fail(&e))?;
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params.clone());
    with_work_memory(params.block_count(), |memory| {
        argon2.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, memory)
    })
    .map_err(|e| fail(&e))?;
    // `Output`'s equality takes the same time wherever the first difference is.
    Ok(Output::new(&out).map_err(|e| fail(&e))? == expected)
}

pub async fn hash(password: String) -> Result<String, AppError> {
    run_capped("hash task", move || hash_now(&password)).await?
}

/// A hash of nothing anyone knows, checked against when the email is unknown, so that the
/// answer takes as long as for a real account.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    hash_now(&hex::encode(secret)).expect("dummy hash")
});

/// Compute the dummy hash now rather than on the first unknown email.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// Check `password` against `stored`, or against the dummy hash when there is no account.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
    let matched = run_capped("verify task", move || verify_now(&password, &stored)).await??;
    Ok(known && matched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::PasswordHasher;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("correct horse battery".into(), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify("wrong horse battery".into(), Some(stored))
                .await
                .unwrap()
        );
    }

    #[test]
    fn reused_work_memory_gives_the_standard_hash() {
        // A buffer left dirty by another hash first.
        hash_now("something else entirely").unwrap();
        let ours = hash_now("correct horse battery").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        let salt = parsed.salt.unwrap();
        let standard = hasher()
            .hash_password(b"correct horse battery", salt)
            .unwrap()
            .to_string();
        assert_eq!(ours, standard);
        // And a hash made the standard way verifies in ours.
        let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
        let theirs = hasher()
            .hash_password(b"another password", &salt)
            .unwrap()
            .to_string();
        assert!(verify_now("another password", &theirs).unwrap());
        assert!(!verify_now("another passwore", &theirs).unwrap());
        assert!(verify_now("x", "not a hash").is_err());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_hashes_run_at_once_than_there_are_cores() {
        let tasks: Vec<_> = (0..3 * hashing_capacity() + 2)
            .map(|i| tokio::spawn(hash(format!("password number {i}"))))
            .collect();
        for task in tasks {
            assert!(task.await.unwrap().unwrap().starts_with("$argon2id$"));
        }
        let peak = peak_concurrent_hashes();
        assert!(
            (1..=hashing_capacity()).contains(&peak),
            "peak {peak}, capacity {}",
            hashing_capacity()
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(!verify("anything at all".into(), None).await.unwrap());
    }
}
