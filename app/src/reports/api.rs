//! Report server functions. A co-op's reports are read by those who see its programme and
//! written by those who change it (see `crate::access`); advisors review them. Every report is
//! checked to be the caller's to read before anything of it is said.

use super::model::{CoopReports, ReportView};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use {
    super::model::{ACCEPTED, CHANGES_REQUESTED, DRAFT, SUBMITTED, editable},
    super::{check, jobs, store},
    crate::access,
    crate::accounts::session::{Caller, require_user},
    crate::i18n::T,
    crate::state::{AppState, app_state},
    crate::ui::forms::{go_to, plain_form},
};

/// The report, when the caller may read it (else 404, as for a report that does not exist).
#[cfg(feature = "ssr")]
async fn readable(state: &AppState, caller: &Caller, id: i64) -> Result<store::ReportRow, AppError> {
    let row = store::row(&state.db, id).await?.ok_or(AppError::NotFound)?;
    access::visible(access::sees_programme(&state.db, caller, row.organisation_id).await?)?;
    Ok(row)
}

#[server(endpoint = "reports/of_coop")]
pub async fn reports_of_coop(organisation_id: i64) -> Result<CoopReports, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let name = crate::programmes::store::organisation_name(&state.db, organisation_id).await?.ok_or(AppError::NotFound)?;
    let standing = access::coop_standing(&state.db, &caller, organisation_id).await?;
    access::visible(standing.sees_programme())?;
    let locale = caller.page_locale();
    let mut templates = Vec::new();
    for key in super::template::CHOSEN_BY_COOPS {
        if let Some(t) = store::latest(&state.db, key).await? {
            templates.push((t.key.clone(), t.title_in(locale).to_string()));
        }
    }
    let goals = crate::programmes::store::goal_titles(&state.db, organisation_id).await?;
    Ok(CoopReports {
        organisation_id,
        organisation_name: name,
        reports: store::of_organisation(&state.db, organisation_id, &caller.time_zone, 200).await?,
        templates,
        goals,
        can_write: standing.edits_programme(),
    })
}

/// Start a report on the newest version of a template, on the whole programme or one goal.
#[server(endpoint = "reports/start")]
pub async fn start_report(organisation_id: i64, #[server(default)] template: String, #[server(default)] goal: String) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        crate::programmes::store::organisation_name(&state.db, organisation_id).await?.ok_or(AppError::NotFound)?;
        let standing = access::coop_standing(&state.db, &caller, organisation_id).await?;
        access::visible(standing.sees_programme())?;
        access::allow(standing.edits_programme())?;
        let mut errors = Vec::new();
        let chosen = if super::template::CHOSEN_BY_COOPS.contains(&template.as_str()) {
            store::latest(&state.db, &template).await?
        } else {
            None
        };
        if chosen.is_none() {
            errors.push(crate::error::FieldError::new("template", T::ErrChooseOne));
        }
        let goal_id = match goal.trim() {
            "" => None,
            g => match g.parse::<i64>() {
                Ok(id) if crate::programmes::store::goal_owner(&state.db, id).await? == Some(organisation_id) => Some(id),
                _ => {
                    errors.push(crate::error::FieldError::new("goal", T::ErrChooseGoal));
                    None
                }
            },
        };
        let Some(template) = chosen.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let locale = caller.page_locale();
        let mut title = template.title_in(locale).to_string();
        if let Some(goal_id) = goal_id {
            let (_, goal_title) = crate::programmes::store::goal(&state.db, goal_id).await?.ok_or(AppError::NotFound)?;
            title = format!("{title}: {goal_title}");
        }
        let id = store::create(&state.db, organisation_id, goal_id, template.id, &title, Some(caller.user_id), None).await?;
        tracing::info!(report = id, organisation = organisation_id, by = caller.user_id, "report started");
        Ok(go_to(&format!("/reports/{id}")))
    }
    .await;
    plain_form(result, &[]).await
}

#[server(endpoint = "reports/get")]
pub async fn get_report(id: i64) -> Result<ReportView, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let row = readable(&state, &caller, id).await?;
    let locale = caller.page_locale();
    let zone = caller.time_zone.clone();
    let template = store::template(&state.db, row.template_id).await?;
    let goal: Option<(i64, String)> = match row.goal_id {
        Some(g) => crate::programmes::store::goal(&state.db, g).await?,
        None => None,
    };
    let follows = match row.follows_id {
        Some(f) => store::row(&state.db, f).await?.map(|r| (r.id, r.title)),
        None => None,
    };
    let activities = if template.sections.iter().any(|s| s.kind == super::template::KIND_ACTIVITIES) {
        store::activity_lines(&state.db, row.organisation_id, row.goal_id, locale).await?
    } else {
        Vec::new()
    };
    Ok(ReportView {
        id,
        organisation_id: row.organisation_id,
        organisation_name: crate::programmes::store::organisation_name(&state.db, row.organisation_id).await?.unwrap_or_default(),
        goal,
        answers: row.answers(),
        title: row.title.clone(),
        status: row.status.clone(),
        revision: row.revision,
        writer: crate::accounts::session::new_token().0[..16].to_string(),
        follows,
        follow_up_on: row.follow_up_on.clone(),
        comments: store::comments(&state.db, id, &zone).await?,
        history: store::history(&state.db, id, &zone).await?,
        activities,
        files: store::files(&state.db, id, &zone).await?,
        max_file_bytes: state.files.max_bytes() as i64,
        can_edit: editable(&row.status) && access::edits_programme(&state.db, &caller, row.organisation_id).await?,
        can_review: row.status == SUBMITTED && access::reviews_reports(&caller),
        template,
    })
}

/// Save the draft's answers (`intent=save`, as one types or on "Save draft") or save and go
/// to the check page (`intent=check`). What was typed is saved even when the checks fail.
#[server(endpoint = "reports/save")]
pub async fn save_report(
    id: i64,
    version: i64,
    #[server(default)] fields: BTreeMap<String, String>,
    #[server(default)] intent: String,
    #[server(default)] revision: Option<i64>,
    #[server(default)] writer: String,
) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let row = readable(&state, &caller, id).await?;
        let (template, clean, revision) = super::draft::save(&state, &caller, &row, version, &fields, revision, &writer).await?;
        if intent == "check" {
            check::submission(&template, &clean, &store::sections_with_files(&state.db, id).await?)?;
            Ok(go_to(&format!("/reports/{id}/check")))
        } else {
            Ok(go_to(&format!("/reports/{id}?done=saved&revision={revision}")))
        }
    }
    .await;
    plain_form(result, &[]).await
}

/// Send the checked report to the mutual's advisors.
#[server(endpoint = "reports/submit")]
pub async fn submit_report(id: i64) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let row = readable(&state, &caller, id).await?;
        access::allow(access::edits_programme(&state.db, &caller, row.organisation_id).await?)?;
        let template = store::template(&state.db, row.template_id).await?;
        check::submission(&template, &row.answers(), &store::sections_with_files(&state.db, id).await?)?;
        if !store::change_status(&state.db, id, &[DRAFT, CHANGES_REQUESTED], SUBMITTED, caller.user_id, "", None).await? {
            return Err(AppError::invalid("report", T::ErrReportNotEditable));
        }
        tracing::info!(report = id, by = caller.user_id, "report submitted");
        Ok(go_to(&format!("/reports/{id}?done=submitted")))
    }
    .await;
    plain_form(result, &[]).await
}

/// Submitted reports waiting for an advisor, the longest-waiting first.
/// A page (from 1; past the last, the last) of the advisors' queue.
#[server(endpoint = "reports/queue")]
pub async fn report_queue(#[server(default)] page: i64) -> Result<super::model::ReportQueue, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    access::allow(access::reviews_reports(&caller))?;
    let wanted = page.max(1);
    let (mut reports, mut waiting) = store::queue(&state.db, &caller.time_zone, wanted).await?;
    let pages = |waiting: i64| ((waiting + super::model::QUEUE_PAGE - 1) / super::model::QUEUE_PAGE).max(1);
    // An old link to a page the queue has since shrunk below: show its last page instead.
    if reports.is_empty() && wanted > pages(waiting) {
        (reports, waiting) = store::queue(&state.db, &caller.time_zone, pages(waiting)).await?;
    }
    let page = wanted.min(pages(waiting));
    Ok(super::model::ReportQueue { reports, page, pages: pages(waiting), waiting })
}

/// An advisor's comment beside one section of a submitted report.
#[server(endpoint = "reports/comment")]
pub async fn comment_on_report(id: i64, #[server(default)] section: String, #[server(default)] text: String) -> Result<String, AppError> {
    let kept = text.clone();
    let field = check::field(&section);
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let row = readable(&state, &caller, id).await?;
        access::allow(access::reviews_reports(&caller))?;
        if row.status != SUBMITTED {
            return Err(AppError::invalid("report", T::ErrReportNotSubmitted));
        }
        let template = store::template(&state.db, row.template_id).await?;
        if template.section(&section).is_none() {
            return Err(AppError::BadRequest);
        }
        let text = check::words(&text);
        if text.is_empty() {
            return Err(AppError::invalid(&format!("comment-{section}"), T::ErrCommentMissing));
        }
        if text.chars().count() > super::model::ANSWER_MAX {
            return Err(AppError::invalid(&format!("comment-{section}"), T::ErrWordsTooLong));
        }
        store::comment(&state.db, id, &section, &text, caller.user_id).await?;
        Ok(go_to(&format!("/reports/{id}?done=comment#{field}")))
    }
    .await;
    plain_form(result, &[("comment-text", &kept)]).await
}

/// Accept (with an optional follow-up date) or ask for changes (with the reason).
#[server(endpoint = "reports/decide")]
pub async fn decide_report(id: i64, #[server(default)] decision: String, #[server(default)] reason: String, #[server(default)] follow_up_on: String) -> Result<String, AppError> {
    let kept = [reason.clone(), follow_up_on.clone(), decision.clone()];
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let row = readable(&state, &caller, id).await?;
        access::allow(access::reviews_reports(&caller))?;
        let reason = check::words(&reason);
        let reason = reason.as_str();
        if reason.chars().count() > super::model::ANSWER_MAX {
            return Err(AppError::invalid("reason", T::ErrWordsTooLong));
        }
        match decision.as_str() {
            "changes" => {
                if reason.is_empty() {
                    return Err(AppError::invalid("reason", T::ErrChangesReasonMissing));
                }
                if !store::change_status(&state.db, id, &[SUBMITTED], CHANGES_REQUESTED, caller.user_id, reason, None).await? {
                    return Err(AppError::invalid("decision", T::ErrReportNotSubmitted));
                }
                jobs::tell_coop(&state, &row, T::MailReportChangesSubject, T::MailReportChangesBody, reason, "changes").await?;
            }
            "accept" => {
                let mut errors = Vec::new();
                let date = crate::programmes::check::date(&follow_up_on, "follow_up_on", &mut errors);
                if !errors.is_empty() {
                    return Err(AppError::Invalid(errors));
                }
                if !date.is_empty() && date <= crate::programmes::store::today() {
                    return Err(AppError::invalid("follow_up_on", T::ErrFollowUpInPast));
                }
                if !store::change_status(&state.db, id, &[SUBMITTED], ACCEPTED, caller.user_id, reason, Some(&date)).await? {
                    return Err(AppError::invalid("decision", T::ErrReportNotSubmitted));
                }
                jobs::tell_coop(&state, &row, T::MailReportAcceptedSubject, T::MailReportAcceptedBody, reason, "accepted").await?;
            }
            _ => return Err(AppError::invalid("decision", T::ErrChooseOne)),
        }
        tracing::info!(report = id, by = caller.user_id, decision, "report decided");
        Ok(go_to(&format!("/reports/{id}?done=decided")))
    }
    .await;
    plain_form(result, &[("reason", &kept[0]), ("follow_up_on", &kept[1]), ("decision", &kept[2])]).await
}

/// The co-ops the caller may start a report for from this meeting's closed live session:
/// those of its circle whose programme the caller changes. (id, name)
#[server(endpoint = "reports/session_starts")]
pub async fn session_starts(meeting_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let meeting = crate::meetings::store::row(&state.db, meeting_id).await?.ok_or(AppError::NotFound)?;
    access::visible(access::sees_inside_circle(&state.db, &caller, meeting.circle_id).await?)?;
    if store::session_summary(&state.db, meeting_id).await?.is_none() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (id, name) in crate::circles::store::coops_of(&state.db, meeting.circle_id).await? {
        if access::edits_programme(&state.db, &caller, id).await? {
            out.push((id, name));
        }
    }
    Ok(out)
}

/// Start a progress report from a closed live session: attendance, the notes per agenda item,
/// revealed poll results and the co-op's actions are written into its sections, to be edited.
#[server(endpoint = "reports/start_from_session")]
pub async fn start_from_session(meeting_id: i64, organisation_id: i64) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let meeting = crate::meetings::store::row(&state.db, meeting_id).await?.ok_or(AppError::NotFound)?;
        access::visible(access::sees_inside_circle(&state.db, &caller, meeting.circle_id).await?)?;
        // The co-op must be one of the circle's, and its programme the caller's to change.
        if !crate::circles::store::coops_of(&state.db, meeting.circle_id).await?.iter().any(|(id, _)| *id == organisation_id) {
            return Err(AppError::NotFound);
        }
        let standing = access::coop_standing(&state.db, &caller, organisation_id).await?;
        access::visible(standing.sees_programme())?;
        access::allow(standing.edits_programme())?;
        let summary = store::session_summary(&state.db, meeting_id)
            .await?
            .ok_or_else(|| AppError::invalid("session", T::ErrSessionNotClosed))?;
        let template = store::latest(&state.db, super::template::PROGRESS).await?.ok_or(AppError::NotFound)?;
        let locale = caller.page_locale();
        let people: Vec<String> = store::people_names(&state.db, organisation_id).await?;
        let answers = super::from_session::answers(&template, &summary, organisation_id, &people, &meeting.title, locale);
        let title = format!("{}: {}", template.title_in(locale), meeting.title);
        let id = store::create(&state.db, organisation_id, None, template.id, &title, Some(caller.user_id), None).await?;
        store::set_meeting(&state.db, id, meeting_id).await?;
        store::save_answers(&state.db, id, &answers, None, "").await?;
        tracing::info!(report = id, meeting = meeting_id, by = caller.user_id, "report started from a session");
        Ok(go_to(&format!("/reports/{id}")))
    }
    .await;
    plain_form(result, &[]).await
}

/// Every template key's newest version (admins).
#[server(endpoint = "reports/templates")]
pub async fn report_templates() -> Result<Vec<super::template::Template>, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    access::allow(access::is_admin(&caller))?;
    let mut out = Vec::new();
    for (key, _) in super::template::defaults() {
        out.extend(store::latest(&state.db, key).await?);
    }
    Ok(out)
}

/// Publish a new version of a template (admins), given as JSON: reports already started keep
/// the version they were started on.
#[server(endpoint = "reports/publish_template")]
pub async fn publish_template(#[server(default)] key: String, #[server(default)] content: String) -> Result<String, AppError> {
    let kept = content.clone();
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        access::allow(access::is_admin(&caller))?;
        if !super::template::defaults().iter().any(|(k, _)| *k == key) {
            return Err(AppError::BadRequest);
        }
        let field = format!("template-{key}");
        if content.len() > 100_000 {
            return Err(AppError::invalid(&field, T::ErrWordsTooLong));
        }
        let parsed: super::template::Content =
            serde_json::from_str(&content.replace('\0', "")).map_err(|_| AppError::invalid(&field, T::ErrTemplateJson))?;
        super::template::check(&parsed).map_err(|message| AppError::invalid(&field, message))?;
        let version = store::publish(&state.db, &key, &parsed, caller.user_id).await?;
        tracing::info!(template = key, version, by = caller.user_id, "report template published");
        Ok(go_to(&format!("/admin/templates?done=published#template-{key}")))
    }
    .await;
    plain_form(result, &[("content", &kept)]).await
}
