//! Queuing mail (on a request: the outbox row and its job, in one transaction) and
//! delivering it (the worker's mail job). See the module's documentation.

use super::{Delivery, DeliveryStatus};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, T};
use crate::jobs::{Job, MAX_ATTEMPTS, Outcome};
use crate::state::AppState;
use crate::time::now;
use serde::{Deserialize, Serialize};

/// The kind of job that delivers one outbox message.
pub const MAIL_JOB: &str = "mail";
/// Messages are deleted from the outbox this long after they were written.
pub const KEEP_DAYS: i64 = 90;

/// One message to queue.
#[derive(Debug, Clone, Copy)]
pub struct Letter<'a> {
    pub to_addr: &'a str,
    pub to_user: Option<i64>,
    pub subject: &'a str,
    /// As the outbox keeps it (with the placeholder, for a message whose link is made later).
    pub body: &'a str,
}

/// A link that gives access, made when its mail is delivered: the kind of link and the record
/// it opens — all a queued job knows of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessLink {
    /// A password reset for this account (a new `password_resets` row).
    Reset { user: i64 },
    /// A confirmation of the address the mail goes to, for this account.
    Confirm { user: i64 },
    /// This invitation (`organisation_invites`).
    Invite { invite: i64 },
    /// The claim link of this application.
    Claim { application: i64 },
    /// This read-only link to a portfolio version (`portfolio_shares`), for its reader.
    Share { share: i64 },
}

impl AccessLink {
    fn path(self) -> &'static str {
        match self {
            AccessLink::Reset { .. } => "/reset?token=",
            AccessLink::Confirm { .. } => "/confirm?token=",
            AccessLink::Invite { .. } => "/invite?token=",
            AccessLink::Claim { .. } => "/claim?token=",
            AccessLink::Share { .. } => "/shared?token=",
        }
    }
}

/// What the mail job needs to write a message with a link as delivered: which link, and the
/// text around it (the job's payload). Never a token.
#[derive(Debug, Serialize, Deserialize)]
struct LinkMail {
    link: AccessLink,
    locale: Locale,
    body: T,
    args: Vec<(String, String)>,
}

/// What a record's token hash is until its link is made: unique, and never the SHA-256 of
/// anything (a hash is 64 hex digits), so no token opens it.
pub fn unsent_link_hash() -> String {
    let (random, _) = crate::accounts::session::new_token();
    format!("unsent:{}", &random[..32])
}

/// Write the message to the outbox (`queued`) and the job that delivers it, on the caller's
/// transaction. With a `key`, a message already queued under that key is not queued again
/// (`None` is returned). `payload` is the job's ([`LinkMail`] as JSON, or empty).
pub async fn queue_in(
    conn: &mut sqlx::AnyConnection,
    letter: &Letter<'_>,
    payload: &str,
    key: Option<&str>,
) -> AppResult<Option<i64>> {
    let t = now();
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO outbox (to_addr, to_user, subject, body, created_at, status, detail, dedupe_key) \
         VALUES ($1, $2, $3, $4, $5, 'queued', '', $6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(letter.to_addr)
    .bind(letter.to_user)
    .bind(letter.subject)
    .bind(letter.body)
    .bind(t)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id,)) = row else {
        return Ok(None);
    };
    crate::jobs::enqueue_in(conn, MAIL_JOB, None, Some(id), payload, t).await?;
    Ok(Some(id))
}

/// The same in a transaction of its own; the worker is woken to deliver it at once.
async fn queue(state: &AppState, letter: &Letter<'_>, payload: &str, key: Option<&str>) -> AppResult<Option<i64>> {
    let mut tx = state.db.pool.begin().await?;
    let id = queue_in(&mut tx, letter, payload, key).await?;
    tx.commit().await?;
    state.wake_worker();
    Ok(id)
}

/// Email a person in their own language: `subject` and `body` are text keys, filled with
/// `args`; `{link}` in the body becomes `link` on this site's public address. Queued: the
/// worker delivers it.
pub async fn notify(
    state: &AppState,
    user_id: i64,
    subject: T,
    body: T,
    args: &[(&str, &str)],
    link: &str,
) -> AppResult<()> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT email, locale FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&state.db.pool)
            .await?;
    let Some((email, locale)) = row else {
        return Ok(());
    };
    let locale = Locale::parse(&locale).unwrap_or_default();
    notify_address(state, &email, Some(user_id), locale, subject, body, args, link).await
}

/// The same, to an address that may not have an account yet (a specialist).
#[allow(clippy::too_many_arguments)]
pub async fn notify_address(
    state: &AppState,
    email: &str,
    user_id: Option<i64>,
    locale: Locale,
    subject: T,
    body: T,
    args: &[(&str, &str)],
    link: &str,
) -> AppResult<()> {
    let url = format!("{}{link}", state.settings.public_url.trim_end_matches('/'));
    let mut all: Vec<(&str, &str)> = args.to_vec();
    all.push(("link", &url));
    let letter = Letter {
        to_addr: email,
        to_user: user_id,
        subject: &locale.tf(subject, &all),
        body: &locale.tf(body, &all),
    };
    queue(state, &letter, "", None).await?;
    Ok(())
}

/// The same for a message whose link gives access (a password reset, a confirmation, an
/// invitation, a claim): the outbox, the person's message list and the admin's outbox page
/// keep the message with the link replaced by [`T::MailLinkPlaceholder`] in the reader's
/// language; the job knows only which link to make, and the worker makes it as it delivers.
#[allow(clippy::too_many_arguments)]
pub async fn notify_address_secret(
    state: &AppState,
    email: &str,
    user_id: Option<i64>,
    locale: Locale,
    subject: T,
    body: T,
    args: &[(&str, &str)],
    link: AccessLink,
) -> AppResult<()> {
    queue_secret(state, None, email, user_id, locale, subject, body, args, link).await?;
    Ok(())
}

/// [`notify_address_secret`] at most once per `key`.
#[allow(clippy::too_many_arguments)]
pub async fn queue_secret(
    state: &AppState,
    key: Option<&str>,
    email: &str,
    user_id: Option<i64>,
    locale: Locale,
    subject: T,
    body: T,
    args: &[(&str, &str)],
    link: AccessLink,
) -> AppResult<Option<i64>> {
    let placeholder = locale.t(T::MailLinkPlaceholder);
    let mut all: Vec<(&str, &str)> = args.to_vec();
    all.push(("link", placeholder));
    // The subject never carries the link, even if a text were to ask for it.
    let letter = Letter {
        to_addr: email,
        to_user: user_id,
        subject: &locale.tf(subject, &all),
        body: &locale.tf(body, &all),
    };
    let payload = LinkMail {
        link,
        locale,
        body,
        args: args.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    };
    let payload = serde_json::to_string(&payload).map_err(|e| AppError::internal("mail payload", e))?;
    queue(state, &letter, &payload, key).await
}

// ----- The worker's side -----

/// Deliver one queued message (a job of kind [`MAIL_JOB`]).
pub async fn run_job(state: &AppState, job: &Job) -> AppResult<Outcome> {
    let db = &state.db;
    let Some(id) = job.outbox_id else {
        return Ok(Outcome::GiveUp("a mail job without its message".into()));
    };
    let row: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT to_addr, subject, body, status FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let Some((to_addr, subject, kept_body, status)) = row else {
        return Ok(Outcome::Done); // pruned: nothing to do
    };
    match DeliveryStatus::parse(&status) {
        DeliveryStatus::Queued => {}
        DeliveryStatus::Sending => {
            // Its worker stopped during the SMTP conversation (this job's lease ran out): the
            // server may have taken the message. Say so once; never send it blindly again.
            let detail = "interrupted while sending: it may or may not have arrived";
            set_status(db, id, DeliveryStatus::Sending, DeliveryStatus::Unknown, detail).await?;
            return Ok(Outcome::GiveUp(detail.into()));
        }
        // Delivered, or given up, already.
        _ => return Ok(Outcome::Done),
    }
    let link: Option<LinkMail> = if job.payload.is_empty() {
        None
    } else {
        Some(serde_json::from_str(&job.payload).map_err(|e| AppError::internal("mail payload", e))?)
    };

    // The link is made, and the message marked `sending`, in one step.
    let mut tx = db.pool.begin().await?;
    let body = match &link {
        None => kept_body,
        Some(mail) => match mint(&mut tx, mail.link, job.id, &to_addr).await? {
            Some(token) => {
                let url = format!(
                    "{}{}{token}",
                    state.settings.public_url.trim_end_matches('/'),
                    mail.link.path()
                );
                let mut args: Vec<(&str, &str)> =
                    mail.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                args.push(("link", &url));
                mail.locale.tf(mail.body, &args)
            }
            None => {
                tx.rollback().await?;
                let detail = "not sent: the link is no longer needed (used, or its record removed)";
                set_status(db, id, DeliveryStatus::Queued, DeliveryStatus::Failed, detail).await?;
                return Ok(Outcome::GiveUp(detail.into()));
            }
        },
    };
    let taken = sqlx::query("UPDATE outbox SET status = 'sending' WHERE id = $1 AND status = 'queued'")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if taken == 0 {
        tx.rollback().await?;
        return Ok(Outcome::Done);
    }
    tx.commit().await?;

    let sending = DeliveryStatus::Sending;
    match state.mailer.deliver(&to_addr, &subject, &body).await {
        Delivery::Sent => {
            set_status(db, id, sending, DeliveryStatus::Sent, "").await?;
            Ok(Outcome::Done)
        }
        Delivery::Held => {
            set_status(db, id, sending, DeliveryStatus::Held, "").await?;
            Ok(Outcome::Done)
        }
        Delivery::Refused(e) if job.attempts >= MAX_ATTEMPTS => {
            let detail = format!("{e} (tried {} times)", job.attempts);
            set_status(db, id, sending, DeliveryStatus::Failed, &detail).await?;
            Ok(Outcome::GiveUp(detail))
        }
        Delivery::Refused(e) => {
            // Waits for its next try; the reason shows meanwhile.
            set_status(db, id, sending, DeliveryStatus::Queued, &e).await?;
            Ok(Outcome::Retry(e))
        }
        Delivery::Uncertain(e) => {
            set_status(db, id, sending, DeliveryStatus::Unknown, &e).await?;
            Ok(Outcome::GiveUp(e))
        }
        Delivery::Unsendable(e) => {
            set_status(db, id, sending, DeliveryStatus::Failed, &e).await?;
            Ok(Outcome::GiveUp(e))
        }
    }
}

/// Make a fresh token for `link` and store its SHA-256 on the record, replacing one this job
/// made for an earlier try (never delivered). `None` when the record is gone or used.
async fn mint(
    conn: &mut sqlx::AnyConnection,
    link: AccessLink,
    job_id: i64,
    to_addr: &str,
) -> AppResult<Option<String>> {
    let (token, hash) = crate::accounts::session::new_token();
    let t = now();
    let made = match link {
        AccessLink::Reset { user } => {
            sqlx::query("DELETE FROM password_resets WHERE job_id = $1")
                .bind(job_id)
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, job_id) \
                 SELECT $1, id, $2, $3, $4 FROM users WHERE id = $5",
            )
            .bind(&hash)
            .bind(t)
            .bind(t + crate::accounts::RESET_SECS)
            .bind(job_id)
            .bind(user)
            .execute(&mut *conn)
            .await?
        }
        AccessLink::Confirm { user } => {
            sqlx::query("DELETE FROM email_confirmations WHERE job_id = $1 AND used_at IS NULL")
                .bind(job_id)
                .execute(&mut *conn)
                .await?;
            // It confirms the address it is sent to.
            sqlx::query(
                "INSERT INTO email_confirmations (token_hash, user_id, email, created_at, expires_at, job_id) \
                 SELECT $1, id, $2, $3, $4, $5 FROM users WHERE id = $6",
            )
            .bind(&hash)
            .bind(to_addr)
            .bind(t)
            .bind(t + crate::accounts::CONFIRM_DAYS * 86400)
            .bind(job_id)
            .bind(user)
            .execute(&mut *conn)
            .await?
        }
        AccessLink::Invite { invite } => {
            sqlx::query("UPDATE organisation_invites SET token_hash = $1 WHERE id = $2 AND accepted_at IS NULL")
                .bind(&hash)
                .bind(invite)
                .execute(&mut *conn)
                .await?
        }
        AccessLink::Claim { application } => {
            sqlx::query(
                "UPDATE applications SET claim_token_hash = $1 \
                 WHERE id = $2 AND applicant_id IS NULL AND claim_token_hash IS NOT NULL",
            )
            .bind(&hash)
            .bind(application)
            .execute(&mut *conn)
            .await?
        }
        // A withdrawn or expired link is not made again.
        AccessLink::Share { share } => {
            sqlx::query("UPDATE portfolio_shares SET token_hash = $1 WHERE id = $2 AND revoked_at IS NULL AND expires_at > $3")
                .bind(&hash)
                .bind(share)
                .bind(t)
                .execute(&mut *conn)
                .await?
        }
    };
    Ok((made.rows_affected() > 0).then_some(token))
}

/// Move a message from one status to the next, with the reason (or none).
async fn set_status(db: &Db, id: i64, from: DeliveryStatus, to: DeliveryStatus, detail: &str) -> AppResult<()> {
    sqlx::query("UPDATE outbox SET status = $1, detail = $2 WHERE id = $3 AND status = $4")
        .bind(to.as_str())
        .bind(detail)
        .bind(id)
        .bind(from.as_str())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Its job failed for good before the SMTP conversation (say, the database was away on every
/// try): the message still waiting is marked failed, for the admin to see.
pub async fn gave_up(db: &Db, outbox_id: i64, detail: &str) -> AppResult<()> {
    set_status(db, outbox_id, DeliveryStatus::Queued, DeliveryStatus::Failed, detail).await
}

/// Delete the messages written more than [`KEEP_DAYS`] before `at` (their jobs with them).
pub async fn prune(db: &Db, at: i64) -> AppResult<u64> {
    Ok(sqlx::query("DELETE FROM outbox WHERE created_at < $1")
        .bind(at - KEEP_DAYS * 86400)
        .execute(&db.pool)
        .await?
        .rows_affected())
}

/// The admin's outbox: the count of messages not delivered (failed or unknown), and the
/// newest `limit` messages.
pub async fn outbox(db: &Db, limit: i64, zone: &str) -> AppResult<super::OutboxList> {
    let (failed,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE status IN ('failed', 'unknown')")
            .fetch_one(&db.pool)
            .await?;
    let messages = messages(db, None, limit, zone).await?;
    Ok(super::OutboxList { failed, messages })
}

/// The newest `limit` messages, all of them or those to one person.
pub async fn messages(db: &Db, to_user: Option<i64>, limit: i64, zone: &str) -> AppResult<Vec<super::OutboxMessage>> {
    let columns = "SELECT id, to_addr, subject, body, created_at, status, detail FROM outbox";
    let rows: Vec<(i64, String, String, String, i64, String, String)> = match to_user {
        Some(user) => {
            sqlx::query_as(&format!("{columns} WHERE to_user = $1 ORDER BY id DESC LIMIT $2"))
                .bind(user)
                .bind(limit)
                .fetch_all(&db.pool)
                .await?
        }
        None => {
            sqlx::query_as(&format!("{columns} ORDER BY id DESC LIMIT $1"))
                .bind(limit)
                .fetch_all(&db.pool)
                .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(id, to_addr, subject, body, created, status, detail)| super::OutboxMessage {
            id,
            to_addr,
            subject,
            body,
            created: crate::time::when(created, zone),
            status: DeliveryStatus::parse(&status),
            detail,
        })
        .collect())
}
