//! The durable job queue: every email (`mail::queue`) and the meeting reminders
//! (`meetings::jobs`) are jobs in the `jobs` table, so they survive a restart.
//!
//! A worker takes one due job by moving it to `running` with a lease (one UPDATE that succeeds
//! for one worker only; on PostgreSQL the row is chosen `FOR UPDATE SKIP LOCKED`, so several
//! instances share the work without waiting on each other). While the job runs, the worker
//! renews the lease every third of it (a heartbeat), so a long job is never taken from a live
//! worker; a worker that dies stops renewing, and the job is taken again once the lease runs
//! out (`--job-lease-seconds`, 60 s by default). A job that fails is tried again later, backing off
//! (1, 2, 4, 8 and 16 minutes), then marked failed. Each instance runs one worker: it wakes
//! when a job is queued ([`AppState::wake_worker`]) and looks for due jobs every few seconds
//! anyway. Finished jobs are pruned after [`KEEP_FINISHED_DAYS`].

use crate::db::{Backend, Db};
use crate::error::AppResult;
use crate::state::AppState;
use crate::time::now;

/// How long a job stays a worker's after its last heartbeat, by default: how long a job whose
/// worker died waits to be taken again. A live worker renews it every third of it, however long
/// the job runs (an export of large evidence, or an SMTP conversation, which lettre gives up
/// after a 60 s silence), so it need not cover the longest job.
pub const DEFAULT_LEASE: i64 = 60;
/// The shortest lease allowed: timestamps are whole seconds, so a lease of 1 s could run out
/// a few milliseconds after it was taken, before the first heartbeat.
pub const MIN_LEASE: i64 = 2;
/// The first try and five more.
pub const MAX_ATTEMPTS: i64 = 6;
/// Finished jobs (done, failed, cancelled) are deleted this long after they finished.
pub const KEEP_FINISHED_DAYS: i64 = 7;

/// How long to wait after the `attempts`-th failed try: 1, 2, 4, 8, 16 minutes.
pub fn retry_delay(attempts: i64) -> i64 {
    60 << (attempts - 1).clamp(0, 10)
}

/// A job as a worker holds it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub meeting_id: Option<i64>,
    pub outbox_id: Option<i64>,
    pub payload: String,
    /// How many times it has been taken, this time included.
    pub attempts: i64,
}

/// What running a job came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Try again later (or give up, after [`MAX_ATTEMPTS`]).
    Retry(String),
    /// Do not try again.
    GiveUp(String),
}

/// Queue a job, inside the caller's transaction (or on a connection).
pub async fn enqueue_in(
    conn: &mut sqlx::AnyConnection,
    kind: &str,
    meeting_id: Option<i64>,
    outbox_id: Option<i64>,
    payload: &str,
    run_at: i64,
) -> AppResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO jobs (kind, meeting_id, outbox_id, payload, run_at, status, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
    )
    .bind(kind)
    .bind(meeting_id)
    .bind(outbox_id)
    .bind(payload)
    .bind(run_at)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Queue a job on its own.
pub async fn enqueue(db: &Db, kind: &str, meeting_id: Option<i64>, payload: &str, run_at: i64) -> AppResult<i64> {
    let mut conn = db.pool.acquire().await?;
    enqueue_in(&mut conn, kind, meeting_id, None, payload, run_at).await
}

/// Take one due job, if any, for `lease` seconds: a pending one whose time has come, or a
/// running one whose worker's lease ran out (it died).
pub async fn take(db: &Db, lease: i64) -> AppResult<Option<Job>> {
    let t = now();
    let due = "(status = 'pending' AND run_at <= $2) OR (status = 'running' AND locked_until < $2)";
    // On PostgreSQL a row another instance is taking is skipped, not waited for.
    let lock = match db.backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET status = 'running', locked_until = $1, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM jobs WHERE {due} ORDER BY run_at, id LIMIT 1{lock}) AND ({due}) \
         RETURNING id, kind, meeting_id, outbox_id, payload, attempts"
    );
    Ok(sqlx::query_as(&sql)
        .bind(t + lease)
        .bind(t)
        .fetch_optional(&db.pool)
        .await?)
}

/// Hold `job` for `lease` seconds more. Only while it is still ours: still `running`, and not
/// taken since (each take counts an attempt), so a worker whose lease ran out cannot take the
/// job back from the one now running it. Says whether it was renewed.
pub async fn renew(db: &Db, job: &Job, lease: i64) -> AppResult<bool> {
    let renewed = sqlx::query("UPDATE jobs SET locked_until = $1 WHERE id = $2 AND status = 'running' AND attempts = $3")
        .bind(now() + lease)
        .bind(job.id)
        .bind(job.attempts)
        .execute(&db.pool)
        .await?;
    Ok(renewed.rows_affected() == 1)
}

/// Renews a job's lease every third of it until dropped. A task of its own rather than a branch
/// of a `select!` beside the job: a job that keeps its thread busy between two awaits would
/// hold up a heartbeat polled in its own task.
struct Heartbeat(tokio::task::JoinHandle<()>);

impl Heartbeat {
    fn start(db: &Db, job: &Job, lease: i64) -> Heartbeat {
        let (db, job) = (db.clone(), job.clone());
        let every = std::time::Duration::from_millis((lease.max(MIN_LEASE) * 1000 / 3) as u64);
        Heartbeat(tokio::spawn(async move {
            let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                beat.tick().await;
                match renew(&db, &job, lease).await {
                    Ok(true) => {}
                    // Taken by another worker once ours ran out (the database was out of reach
                    // for longer than the lease): not ours to renew any more.
                    Ok(false) => {
                        tracing::warn!(job = job.id, kind = job.kind, attempts = job.attempts, "job's lease lost: another worker may run it");
                        return;
                    }
                    // Tried again at the next beat: the lease has two thirds of its time left.
                    Err(e) => tracing::warn!(job = job.id, kind = job.kind, error = %e, "could not renew a job's lease"),
                }
            }
        }))
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Run every job that is due now (those it queues on the way too); returns how many ran.
pub async fn run_due(state: &AppState) -> AppResult<usize> {
    let lease = state.settings.job_lease_secs;
    let mut ran = 0;
    while let Some(job) = take(&state.db, lease).await? {
        ran += 1;
        let heartbeat = Heartbeat::start(&state.db, &job, lease);
        let outcome = run(state, &job).await.unwrap_or_else(|e| Outcome::Retry(e.to_string()));
        // Stopped before the outcome is written; a beat still on its way then finds the job no
        // longer `running` and changes nothing.
        drop(heartbeat);
        finish(&state.db, &job, outcome).await?;
    }
    Ok(ran)
}

async fn run(state: &AppState, job: &Job) -> AppResult<Outcome> {
    match job.kind.as_str() {
        crate::mail::MAIL_JOB => crate::mail::run_job(state, job).await,
        crate::accounts::api::RESET_JOB => crate::accounts::api::run_reset_request(state, job).await,
        kind if crate::meetings::jobs::KINDS.contains(&kind) => {
            crate::meetings::jobs::run(state, job).await?;
            Ok(Outcome::Done)
        }
        kind if crate::reports::jobs::KINDS.contains(&kind) => {
            crate::reports::jobs::run(state, job).await?;
            Ok(Outcome::Done)
        }
        kind if crate::programmes::jobs::KINDS.contains(&kind) => {
            crate::programmes::jobs::run(state, job).await?;
            Ok(Outcome::Done)
        }
        crate::portfolio::export::EXPORT => crate::portfolio::export::run(state, job).await,
        kind => Ok(Outcome::GiveUp(format!("unknown kind of job: {kind}"))),
    }
}

/// Record what came of a job: done, due again later, or failed for good. Fenced like
/// [`renew`]: a worker that lost the job (its lease ran out and another took it) records
/// nothing, so it cannot mark done, or due again, a job another worker is running.
async fn finish(db: &Db, job: &Job, outcome: Outcome) -> AppResult<()> {
    let t = now();
    let outcome = match outcome {
        Outcome::Retry(e) if job.attempts >= MAX_ATTEMPTS => Outcome::GiveUp(e),
        other => other,
    };
    let (set, at, error) = match &outcome {
        Outcome::Done => ("status = 'done', done_at = $3, locked_until = NULL", t, None),
        Outcome::Retry(e) => {
            tracing::warn!(job = job.id, kind = job.kind, attempts = job.attempts, error = %e, "job failed; it will be tried again");
            ("status = 'pending', run_at = $3, locked_until = NULL, last_error = $4", t + retry_delay(job.attempts), Some(e))
        }
        Outcome::GiveUp(e) => {
            tracing::warn!(job = job.id, kind = job.kind, attempts = job.attempts, error = %e, "job failed");
            ("status = 'failed', done_at = $3, locked_until = NULL, last_error = $4", t, Some(e))
        }
    };
    let sql = format!("UPDATE jobs SET {set} WHERE id = $1 AND status = 'running' AND attempts = $2");
    let mut query = sqlx::query(&sql).bind(job.id).bind(job.attempts).bind(at);
    if let Some(e) = error {
        query = query.bind(e.as_str());
    }
    if query.execute(&db.pool).await?.rows_affected() == 0 {
        tracing::warn!(job = job.id, kind = job.kind, attempts = job.attempts, "job's outcome not recorded: another worker took it");
        return Ok(());
    }
    // A message still waiting (the job failed before its SMTP conversation) is marked failed
    // too, so the admin sees it.
    if let (Outcome::GiveUp(e), Some(outbox_id)) = (&outcome, job.outbox_id) {
        crate::mail::gave_up(db, outbox_id, e).await?;
    }
    Ok(())
}

/// The worker: runs due jobs when woken ([`AppState::wake_worker`], as soon as a job is
/// queued) and every `every` anyway (reminders fall due, retries come round), for as long as
/// the server runs.
pub fn spawn_worker(state: AppState, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = state.jobs_wake.notified() => {}
            }
            if let Err(e) = run_due(&state).await {
                tracing::warn!(error = %e, "job worker");
            }
        }
    });
}

/// Delete finished jobs older than [`KEEP_FINISHED_DAYS`] and messages older than
/// [`crate::mail::KEEP_DAYS`] (with any job still pointing at them); returns how many of each.
pub async fn prune(db: &Db, at: i64) -> AppResult<(u64, u64)> {
    let jobs = sqlx::query(
        "DELETE FROM jobs WHERE status IN ('done', 'failed', 'cancelled') AND COALESCE(done_at, created_at) < $1",
    )
    .bind(at - KEEP_FINISHED_DAYS * 86400)
    .execute(&db.pool)
    .await?
    .rows_affected();
    let messages = crate::mail::prune(db, at).await?;
    Ok((jobs, messages))
}
