//! Onboarding server functions: the applicant's (start, save, submit, follow) and the
//! advisor's (queue, claim, contacts, needs summary, decide, propose a circle). Each checks
//! who is calling and whether this application is theirs to see or change.

use super::application::{ApplicationSummary, ApplicationView, Fields};
use super::questionnaire::Questionnaire;
use super::review::{QueueItem, Review};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::application::{Status, check_draft, check_submit, needs_of},
    super::recommend::{CoopFit, recommend},
    super::review::{CONTACT_CHANNELS, MESSAGE_MAX, SUMMARY_MAX},
    super::{review_store, store},
    crate::access,
    crate::accounts::{session::Caller, session::require_user},
    crate::i18n::T,
    crate::mail::notify,
    crate::state::{AppState, app_state},
    crate::time::when,
    crate::ui::forms::{go_to, plain_form},
};

/// The questionnaire new applications answer.
#[server(endpoint = "onboarding/questionnaire")]
pub async fn current_questionnaire() -> Result<Questionnaire, AppError> {
    let state = app_state()?;
    require_user()?;
    store::questionnaire(&state.db, None).await
}

/// Start an application (or go back to the draft already started).
#[server(endpoint = "onboarding/start")]
pub async fn start_application() -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let id = match store::open_draft_of(&state.db, caller.user_id).await? {
            Some(id) => id,
            None => {
                let q = store::questionnaire(&state.db, None).await?;
                let mut fields = Fields::new();
                fields.insert("contact_name".into(), caller.name.clone());
                fields.insert("contact_email".into(), caller.email.clone());
                store::create_application(
                    &state.db,
                    Some(caller.user_id),
                    caller.user_id,
                    "online",
                    q.version,
                    &fields,
                    "",
                )
                .await?
            }
        };
        Ok(go_to(&format!("/apply/{id}")))
    }
    .await;
    plain_form(result, &[]).await
}

#[server(endpoint = "onboarding/mine")]
pub async fn my_applications() -> Result<Vec<ApplicationSummary>, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    store::applications_of(&state.db, caller.user_id, &caller.time_zone).await
}

/// The applicant, or the advisor who started it for a co-op that has not claimed it yet.
#[cfg(feature = "ssr")]
fn may_edit(caller: &Caller, row: &store::ApplicationRow) -> bool {
    access::edits_application(caller, row.applicant_id, row.started_by)
}

/// Load an application the caller may see: its applicant, or an advisor or admin. Anyone else
/// is told it does not exist, so ids cannot be probed.
#[cfg(feature = "ssr")]
async fn visible_application(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<store::ApplicationRow, AppError> {
    let row = store::application(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    access::visible(access::sees_application(caller, row.applicant_id))?;
    Ok(row)
}

#[cfg(feature = "ssr")]
async fn view_of(
    state: &AppState,
    caller: &Caller,
    row: &store::ApplicationRow,
) -> Result<ApplicationView, AppError> {
    Ok(ApplicationView {
        id: row.id,
        status: row.status(),
        channel: row.channel.clone(),
        questionnaire: store::questionnaire(&state.db, Some(row.questionnaire_version)).await?,
        fields: row.fields(),
        history: store::history(&state.db, row.id, &caller.time_zone).await?,
        updated: when(row.updated_at, &caller.time_zone),
        organisation_id: row.organisation_id,
        can_edit: row.status().editable() && may_edit(caller, row),
        revision: row.revision,
        // A new id for each page that shows the form (see `store::save_fields`).
        writer: crate::accounts::session::new_token().0[..16].to_string(),
    })
}

#[server(endpoint = "onboarding/get")]
pub async fn get_application(id: i64) -> Result<ApplicationView, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let row = visible_application(&state, &caller, id).await?;
    view_of(&state, &caller, &row).await
}

/// Save what was typed (autosave, "Save draft", or "Continue", which also checks everything
/// and then goes to the check-your-answers page). What was typed is saved even when the
/// checks fail, so a person never loses it.
#[server(endpoint = "onboarding/save")]
pub async fn save_application(
    id: i64,
    version: i64,
    #[server(default)] fields: Fields,
    #[server(default)] intent: String,
    /// The draft's revision the page was showing; a save based on an older one is refused…
    #[server(default)] revision: Option<i64>,
    /// …unless this same page (its random id) made the newer one.
    #[server(default)] writer: String,
) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let row = visible_application(&state, &caller, id).await?;
        access::allow(may_edit(&caller, &row))?;
        if !row.status().editable() {
            return Err(AppError::invalid("needs", T::ErrAlreadySubmitted));
        }
        if version != row.questionnaire_version {
            return Err(AppError::invalid("needs", T::ErrQuestionnaireChanged));
        }
        let q = store::questionnaire(&state.db, Some(row.questionnaire_version)).await?;
        let clean = check_draft(&q, &fields)?;
        if writer.len() > 64 {
            return Err(AppError::BadRequest);
        }
        let revision = match store::save_fields(&state.db, id, &q, &clean, revision, &writer).await? {
            store::Saved::As(revision) => revision,
            // Never overwrite a newer draft: the page takes it instead (see the form).
            store::Saved::Stale => return Err(AppError::invalid("revision", T::ErrDraftNewer)),
            store::Saved::NotEditable => return Err(AppError::invalid("needs", T::ErrAlreadySubmitted)),
        };
        if intent == "check" {
            check_submit(&q, &clean)?;
            Ok(go_to(&format!("/apply/{id}/check")))
        } else {
            // The page learns the revision it now stands on from the address it is given.
            Ok(go_to(&format!("/apply/{id}?done=saved&revision={revision}")))
        }
    }
    .await;
    plain_form(result, &[]).await
}

#[server(endpoint = "onboarding/submit")]
pub async fn submit_application(id: i64) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let row = visible_application(&state, &caller, id).await?;
        access::allow(may_edit(&caller, &row))?;
        let q = store::questionnaire(&state.db, Some(row.questionnaire_version)).await?;
        let data = check_submit(&q, &row.fields())?;
        let from = row.status();
        if !store::change_status(&state.db, id, &[Status::Draft, Status::MoreInfo], Status::Submitted, caller.user_id, "").await? {
            return Err(AppError::invalid("needs", T::ErrAlreadySubmitted));
        }
        let args = [("organisation", data.org_name.as_str())];
        if let Some(applicant) = row.applicant_id {
            notify(&state, applicant, T::MailSubmittedSubject, T::MailSubmittedBody, &args, "/apply").await?;
        }
        if let (Status::MoreInfo, Some(advisor)) = (from, row.advisor_id) {
            notify(&state, advisor, T::MailResubmittedSubject, T::MailResubmittedBody, &args, &format!("/advice/{id}")).await?;
        }
        tracing::info!(application = id, user_id = caller.user_id, "application submitted");
        Ok(go_to("/apply?done=submitted"))
    }
    .await;
    plain_form(result, &[]).await
}

// ----- Advisors -----

#[cfg(feature = "ssr")]
fn require_advisor() -> Result<Caller, AppError> {
    let caller = require_user()?;
    access::allow(access::is_staff(&caller))?;
    Ok(caller)
}

#[server(endpoint = "onboarding/queue")]
pub async fn review_queue(
    #[server(default)] status: String,
    #[server(default)] theme: String,
    #[server(default)] region: String,
    #[server(default)] sector: String,
) -> Result<Vec<QueueItem>, AppError> {
    let state = app_state()?;
    let caller = require_advisor()?;
    let status = if status.is_empty() {
        None
    } else {
        Some(Status::parse(&status).ok_or(AppError::BadRequest)?)
    };
    if [&theme, &region, &sector].iter().any(|s| s.len() > 100) {
        return Err(AppError::BadRequest);
    }
    review_store::queue(&state.db, status, &theme, &region, &sector, &caller.time_zone).await
}

#[server(endpoint = "onboarding/review")]
pub async fn get_review(id: i64) -> Result<Review, AppError> {
    let state = app_state()?;
    let caller = require_advisor()?;
    let row = store::application(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let application = view_of(&state, &caller, &row).await?;
    let applicant = match row.applicant_id {
        Some(uid) => crate::accounts::store::name_and_email(&state.db, uid).await?,
        None => None,
    };
    let advisor = match row.advisor_id {
        Some(uid) => crate::accounts::store::name_of(&state.db, uid).await?.map(|name| (uid, name)),
        None => None,
    };
    let needs = needs_of(&application.questionnaire, &application.fields);
    let get = |k: &str| application.fields.get(k).cloned().unwrap_or_default();
    let (sector, region, delivery) = (get("sector"), get("region"), get("delivery"));
    let circles = crate::circles::store::all(&state.db).await?;
    let recommendations = recommend(
        &CoopFit {
            needs: &needs,
            sector: &sector,
            region: &region,
            delivery: &delivery,
            organisation_id: row.organisation_id,
        },
        &circles,
    );
    let (applicant, applicant_email) = applicant.unwrap_or_else(|| (String::new(), row.claim_email.clone()));
    Ok(Review {
        claimed_by_me: row.advisor_id == Some(caller.user_id),
        applicant,
        applicant_email,
        advisor,
        needs_summary: row.needs_summary.clone(),
        contacts: review_store::contacts(&state.db, id, &caller.time_zone).await?,
        recommendations,
        application,
    })
}

/// Take an application: it is now this advisor's, and "in review" if it was waiting.
#[server(endpoint = "onboarding/claim")]
pub async fn claim_application(id: i64) -> Result<(), AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_advisor()?;
        let row = store::application(&state.db, id).await?.ok_or(AppError::NotFound)?;
        if !row.status().decidable() {
            return Err(AppError::invalid("claim", T::ErrNotWaiting));
        }
        review_store::set_advisor(&state.db, id, caller.user_id).await?;
        store::change_status(&state.db, id, &[Status::Submitted], Status::InReview, caller.user_id, "").await?;
        go_to(&format!("/advice/{id}?done=claimed"));
        Ok(())
    }
    .await;
    plain_form(result, &[]).await
}

#[server(endpoint = "onboarding/add_contact")]
pub async fn add_contact(
    id: i64,
    channel: String,
    date: String,
    summary: String,
) -> Result<(), AppError> {
    let kept_summary = summary.clone();
    let kept_date = date.clone();
    let result = async move {
        let state = app_state()?;
        let caller = require_advisor()?;
        store::application(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let mut errors = Vec::new();
        if !CONTACT_CHANNELS.iter().any(|(k, _)| *k == channel) {
            errors.push(crate::error::FieldError::new("contact-channel", T::ErrChooseOne));
        }
        let happened = parse_date(&date);
        match happened {
            None => errors.push(crate::error::FieldError::new("contact-date", T::ErrDateInvalid)),
            Some(t) if t > crate::time::now() + 86400 => {
                errors.push(crate::error::FieldError::new("contact-date", T::ErrDateFuture))
            }
            _ => {}
        }
        let summary = summary.trim();
        if summary.is_empty() {
            errors.push(crate::error::FieldError::new("contact-summary", T::ErrSummaryMissing));
        } else if summary.chars().count() > SUMMARY_MAX {
            errors.push(crate::error::FieldError::new("contact-summary", T::ErrWordsTooLong));
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        review_store::add_contact(&state.db, id, caller.user_id, &channel, happened.unwrap_or_default(), summary).await?;
        go_to(&format!("/advice/{id}?done=contact#contacts"));
        Ok(())
    }
    .await;
    plain_form(result, &[("contact-summary", &kept_summary), ("contact-date", &kept_date)]).await
}

/// "2026-11-27" as the UTC midday of that day (a contact's day matters, not its minute).
#[cfg(feature = "ssr")]
fn parse_date(raw: &str) -> Option<i64> {
    let date = chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(12, 0, 0)?.and_utc().timestamp())
}

#[server(endpoint = "onboarding/save_summary")]
pub async fn save_needs_summary(id: i64, summary: String) -> Result<(), AppError> {
    let kept = summary.clone();
    let result = async move {
        let state = app_state()?;
        require_advisor()?;
        store::application(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let summary = summary.trim();
        if summary.chars().count() > SUMMARY_MAX {
            return Err(AppError::invalid("needs_summary", T::ErrWordsTooLong));
        }
        review_store::set_summary(&state.db, id, summary).await?;
        go_to(&format!("/advice/{id}?done=summary#summary"));
        Ok(())
    }
    .await;
    plain_form(result, &[("needs_summary", &kept)]).await
}

/// Approve, ask for more information, or decline (with a reason). The applicant is told by
/// email in their language; every change is kept in the history.
#[server(endpoint = "onboarding/decide")]
pub async fn decide_application(
    id: i64,
    decision: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let kept = message.clone();
    let result = async move {
        let state = app_state()?;
        let caller = require_advisor()?;
        let row = store::application(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let message = message.trim();
        if message.chars().count() > MESSAGE_MAX {
            return Err(AppError::invalid("decision-message", T::ErrWordsTooLong));
        }
        if !row.status().decidable() {
            return Err(AppError::invalid("decision", T::ErrNotWaiting));
        }
        let org_name = row.org_name.clone();
        let args = [("organisation", org_name.as_str()), ("message", message)];
        match decision.as_str() {
            "approve" => {
                let q = store::questionnaire(&state.db, Some(row.questionnaire_version)).await?;
                let data = check_submit(&q, &row.fields())?;
                let org = review_store::approve(&state.db, id, &data, caller.user_id, message)
                    .await?
                    .ok_or_else(|| AppError::invalid("decision", T::ErrNotWaiting))?;
                if let Some(applicant) = row.applicant_id {
                    notify(&state, applicant, T::MailApprovedSubject, T::MailApprovedBody, &args, &format!("/coops/{org}")).await?;
                }
                tracing::info!(application = id, organisation = org, advisor = caller.user_id, "application approved");
            }
            "more_info" | "decline" => {
                if message.is_empty() {
                    return Err(AppError::invalid("decision-message", T::ErrMessageMissing));
                }
                let (to, subject, body) = if decision == "more_info" {
                    (Status::MoreInfo, T::MailMoreInfoSubject, T::MailMoreInfoBody)
                } else {
                    (Status::Declined, T::MailDeclinedSubject, T::MailDeclinedBody)
                };
                if !store::change_status(&state.db, id, &[Status::Submitted, Status::InReview], to, caller.user_id, message).await? {
                    return Err(AppError::invalid("decision", T::ErrNotWaiting));
                }
                if let Some(applicant) = row.applicant_id {
                    let link = if to == Status::MoreInfo { format!("/apply/{id}") } else { "/apply".to_string() };
                    notify(&state, applicant, subject, body, &args, &link).await?;
                }
            }
            _ => return Err(AppError::invalid("decision", T::ErrChooseOne)),
        }
        go_to(&format!("/advice/{id}?done=decided"));
        Ok(())
    }
    .await;
    plain_form(result, &[("decision-message", &kept)]).await
}

/// When no circle fits: create one in the "forming" state around this co-op's main need.
/// Its first member is the co-op once approved (at once if it already is).
#[server(endpoint = "onboarding/propose_circle")]
pub async fn propose_circle(id: i64, name: String, purpose: String) -> Result<String, AppError> {
    let kept_name = name.clone();
    let kept_purpose = purpose.clone();
    let result = async move {
        let state = app_state()?;
        let caller = require_advisor()?;
        let row = store::application(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let name = name.trim();
        let purpose = purpose.trim();
        let mut errors = Vec::new();
        if name.is_empty() {
            errors.push(crate::error::FieldError::new("circle-name", T::ErrCircleNameMissing));
        } else if name.chars().count() > 120 {
            errors.push(crate::error::FieldError::new("circle-name", T::ErrTextTooLong));
        }
        if purpose.chars().count() > 1000 {
            errors.push(crate::error::FieldError::new("circle-purpose", T::ErrWordsTooLong));
        }
        let q = store::questionnaire(&state.db, Some(row.questionnaire_version)).await?;
        let fields = row.fields();
        let needs = needs_of(&q, &fields);
        let Some(main) = needs
            .iter()
            .max_by_key(|n| match n.urgency.as_str() { "high" => 3, "medium" => 2, _ => 1 })
        else {
            errors.push(crate::error::FieldError::new("circle-name", T::ErrNeedsMissing));
            return Err(AppError::Invalid(errors));
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
        let circle = crate::circles::store::create(
            &state.db,
            name,
            &main.theme,
            purpose,
            &get("sector"),
            "",
            &if get("delivery").is_empty() { "online".to_string() } else { get("delivery") },
            "forming",
            &main.issues,
            row.organisation_id,
        )
        .await?;
        if row.organisation_id.is_none() {
            // Not a member yet: it joins this circle when it is approved.
            super::review_store::propose_circle_for(&state.db, circle, id).await?;
        }
        tracing::info!(application = id, circle, advisor = caller.user_id, "circle proposed");
        Ok(go_to(&format!("/circles/{circle}?done=proposed")))
    }
    .await;
    plain_form(result, &[("circle-name", &kept_name), ("circle-purpose", &kept_purpose)]).await
}

// ----- On behalf of a co-op -----

/// An advisor starts an application after a phone call or an email, and the co-op's contact
/// is emailed a link to claim it (valid 14 days).
#[server(endpoint = "onboarding/start_on_behalf")]
pub async fn start_on_behalf(
    org_name: String,
    contact_email: String,
    channel: String,
) -> Result<String, AppError> {
    let (kept_name, kept_email) = (org_name.clone(), contact_email.clone());
    let result = async move {
        let state = app_state()?;
        let caller = require_advisor()?;
        let mut errors = Vec::new();
        let org_name = org_name.trim();
        if org_name.is_empty() {
            errors.push(crate::error::FieldError::new("behalf-org", T::ErrOrgNameMissing));
        } else if org_name.chars().count() > super::application::SHORT_MAX {
            errors.push(crate::error::FieldError::new("behalf-org", T::ErrTextTooLong));
        }
        let email = match crate::accounts::check_email(&contact_email) {
            Ok(email) => email,
            Err(e) => {
                errors.push(crate::error::FieldError::new("behalf-email", e.message));
                String::new()
            }
        };
        if !matches!(channel.as_str(), "phone" | "email") {
            errors.push(crate::error::FieldError::new("behalf-channel", T::ErrChooseOne));
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        crate::accounts::rate_limit::take_mail_allowance(&state.db, caller.user_id).await?;
        let q = store::questionnaire(&state.db, None).await?;
        let mut fields = Fields::new();
        fields.insert("org_name".into(), org_name.to_string());
        fields.insert("contact_email".into(), email.clone());
        let id = store::create_application(&state.db, None, caller.user_id, &channel, q.version, &fields, &email).await?;
        store::await_claim(&state.db, id, crate::time::now() + super::review::CLAIM_DAYS * 86400).await?;
        // The link is made when the mail is delivered, and is in the mail only; the outbox
        // keeps a placeholder.
        crate::mail::notify_address_secret(
            &state,
            &email,
            None,
            caller.locale,
            T::MailClaimSubject,
            T::MailClaimBody,
            &[("organisation", org_name), ("advisor", &caller.name)],
            crate::mail::AccessLink::Claim { application: id },
        )
        .await?;
        tracing::info!(application = id, advisor = caller.user_id, channel, "application started on behalf of a co-op");
        Ok(go_to(&format!("/apply/{id}")))
    }
    .await;
    plain_form(result, &[("behalf-org", &kept_name), ("behalf-email", &kept_email)]).await
}

/// Applications an advisor started for co-ops that have not claimed them yet.
#[server(endpoint = "onboarding/on_behalf")]
pub async fn started_on_behalf() -> Result<Vec<ApplicationSummary>, AppError> {
    let state = app_state()?;
    let caller = require_advisor()?;
    store::unclaimed_started_by(&state.db, caller.user_id, &caller.time_zone).await
}

#[server(endpoint = "onboarding/check_claim")]
pub async fn check_claim(token: String) -> Result<super::review::LinkInfo, AppError> {
    let state = app_state()?;
    require_user()?;
    let hash = crate::accounts::session::hash_token(&token);
    store::claim_info(&state.db, &hash).await?.ok_or(AppError::LinkExpired)
}

/// The co-op's contact takes over the application an advisor started for it. When it was
/// already approved, they join the co-op as its representative. The link belongs to the
/// address it was sent to: the account must have confirmed that very address.
#[server(endpoint = "onboarding/claim_link")]
pub async fn claim_link(token: String) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let hash = crate::accounts::session::hash_token(&token);
        let sent_to = store::claim_email(&state.db, &hash).await?.ok_or(AppError::LinkExpired)?;
        let email = crate::accounts::store::link_address_check(&state.db, caller.user_id, &sent_to).await?;
        let id = store::take_claim(&state.db, &hash, caller.user_id, &email).await?.ok_or(AppError::LinkExpired)?;
        let row = store::application(&state.db, id).await?.ok_or(AppError::NotFound)?;
        if let Some(org) = row.organisation_id {
            crate::organisations::store::join(&state.db, org, caller.user_id, true).await?;
        }
        tracing::info!(application = id, user_id = caller.user_id, "application claimed");
        Ok(go_to(&format!("/apply/{id}")))
    }
    .await;
    plain_form(result, &[]).await
}
