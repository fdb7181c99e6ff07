//! Programme server functions. A co-op's programme is read by those who see its file, changed
//! by its representative and its circles' facilitators, and commented on by advisors (see
//! `crate::access`). Every record named by id is checked to belong to the co-op named.

use super::model::Programme;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use {
    super::{check, jobs, store},
    crate::access,
    crate::accounts::session::{Caller, require_user},
    crate::i18n::T,
    crate::state::{AppState, app_state},
    crate::ui::forms::{go_to, plain_form},
};

/// The co-op exists and the caller may change its programme (else 404 for those who may not
/// even read it, 403 for readers).
#[cfg(feature = "ssr")]
async fn editor(state: &AppState, caller: &Caller, organisation_id: i64) -> Result<(), AppError> {
    store::organisation_name(&state.db, organisation_id).await?.ok_or(AppError::NotFound)?;
    let standing = access::coop_standing(&state.db, caller, organisation_id).await?;
    access::visible(standing.sees_programme())?;
    access::allow(standing.edits_programme())
}

#[server(endpoint = "programmes/get")]
/// `all`: the whole history of changes. `first`: only the first activities of each goal
/// (`ACTIVITIES_SHOWN`), and every one of `goal`; else every activity.
pub async fn get_programme(
    organisation_id: i64,
    #[server(default)] all: bool,
    #[server(default)] first: bool,
    #[server(default)] goal: Option<i64>,
) -> Result<Programme, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let name = store::organisation_name(&state.db, organisation_id).await?.ok_or(AppError::NotFound)?;
    let standing = access::coop_standing(&state.db, &caller, organisation_id).await?;
    access::visible(standing.sees_programme())?;
    let locale = caller.page_locale();
    let today = store::today();
    let choices = store::choices(&state.db, organisation_id, locale).await?;
    let listed = if first {
        store::Listed::First { per_goal: super::model::ACTIVITIES_SHOWN as i64, all_of: goal }
    } else {
        store::Listed::All
    };
    let goals = store::goals(&state.db, organisation_id, &choices, locale, &today, listed).await?;
    let mut progress = super::model::Progress::default();
    for goal in &goals {
        progress.add(goal.progress);
    }
    let (proposals, decided) = store::proposals(&state.db, organisation_id, &caller.time_zone).await?;
    let shown = if all { super::model::HISTORY_ALL } else { super::model::HISTORY_SHOWN };
    let (comments, history, history_more) = store::history(&state.db, organisation_id, &caller.time_zone, shown).await?;
    Ok(Programme {
        organisation_id,
        organisation_name: name,
        goals,
        progress,
        proposals,
        decided,
        comments,
        history,
        history_more,
        choices,
        can_edit: standing.edits_programme(),
        can_comment: access::comments_on_programme(&caller),
    })
}

/// Add (id 0) or change a goal.
#[server(endpoint = "programmes/save_goal")]
#[allow(clippy::too_many_arguments)]
pub async fn save_goal(
    organisation_id: i64,
    id: i64,
    title: String,
    #[server(default)] issues: BTreeMap<String, String>,
    #[server(default)] outcome: String,
    #[server(default)] measure: String,
    #[server(default)] circle: String,
) -> Result<String, AppError> {
    let ticked = issues.keys().cloned().collect::<Vec<_>>().join(" ");
    let kept = [title.clone(), outcome.clone(), measure.clone(), circle.clone(), ticked];
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        editor(&state, &caller, organisation_id).await?;
        if id != 0 && store::goal_owner(&state.db, id).await? != Some(organisation_id) {
            return Err(AppError::NotFound);
        }
        let choices = store::choices(&state.db, organisation_id, caller.page_locale()).await?;
        let input = check::goal(&title, &issues, &outcome, &measure, &circle, &choices)?;
        let id = store::save_goal(&state.db, organisation_id, id, &input, caller.user_id).await?;
        tracing::info!(goal = id, organisation = organisation_id, by = caller.user_id, "programme goal saved");
        Ok(go_to(&format!("/coops/{organisation_id}/programme?done=goal#goal-{id}")))
    }
    .await;
    plain_form(result, &[("title", &kept[0]), ("outcome", &kept[1]), ("measure", &kept[2]), ("circle", &kept[3]), ("issues", &kept[4])]).await
}

/// Add (id 0) or change an activity: what, who, when, its status and what happened. Its
/// reminders follow its owner and due date.
#[server(endpoint = "programmes/save_activity")]
#[allow(clippy::too_many_arguments)]
pub async fn save_activity(
    organisation_id: i64,
    id: i64,
    #[server(default)] goal: String,
    #[server(default)] what: String,
    #[server(default)] owner: String,
    #[server(default)] owner_name: String,
    #[server(default)] starts_on: String,
    #[server(default)] due_on: String,
    #[server(default)] status: String,
    #[server(default)] drop_reason: String,
    #[server(default)] note: String,
) -> Result<String, AppError> {
    let kept = [goal.clone(), what.clone(), owner.clone(), owner_name.clone(), starts_on.clone(), due_on.clone(), status.clone(), drop_reason.clone(), note.clone()];
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        editor(&state, &caller, organisation_id).await?;
        let before = if id == 0 {
            None
        } else {
            let facts = store::activity_facts(&state.db, id).await?.ok_or(AppError::NotFound)?;
            if facts.organisation_id != organisation_id {
                return Err(AppError::NotFound);
            }
            Some(facts)
        };
        let choices = store::choices(&state.db, organisation_id, caller.page_locale()).await?;
        let goals = store::goal_ids(&state.db, organisation_id).await?;
        let form = check::ActivityForm {
            goal_id: &goal,
            what: &what,
            owner: &owner,
            owner_name: &owner_name,
            starts_on: &starts_on,
            due_on: &due_on,
            status: if status.is_empty() { "planned" } else { &status },
            drop_reason: &drop_reason,
            note: &note,
        };
        let input = check::activity(&form, &goals, &choices)?;
        let id = store::save_activity(&state.db, organisation_id, before.as_ref(), &input, caller.user_id).await?;
        jobs::plan(&state.db, id).await?;
        state.wake_worker();
        tracing::info!(activity = id, organisation = organisation_id, by = caller.user_id, "programme activity saved");
        Ok(go_to(&format!("/coops/{organisation_id}/programme?done=activity#activity-{id}")))
    }
    .await;
    let fields = ["goal", "what", "owner", "owner_name", "starts_on", "due_on", "status", "drop_reason", "note"];
    let keep: Vec<(&str, &str)> = fields.iter().copied().zip(kept.iter().map(String::as_str)).collect();
    plain_form(result, &keep).await
}

/// Accept an action captured in a live session as an activity of a goal (its words, owner and
/// dates may be edited on the way).
#[server(endpoint = "programmes/accept_proposal")]
#[allow(clippy::too_many_arguments)]
pub async fn accept_proposal(
    id: i64,
    #[server(default)] goal: String,
    #[server(default)] what: String,
    #[server(default)] owner: String,
    #[server(default)] owner_name: String,
    #[server(default)] starts_on: String,
    #[server(default)] due_on: String,
) -> Result<String, AppError> {
    let kept = [goal.clone(), what.clone(), owner.clone(), owner_name.clone(), starts_on.clone(), due_on.clone()];
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let proposal = store::proposal_facts(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let organisation_id = proposal.organisation_id;
        editor(&state, &caller, organisation_id).await?;
        if proposal.status != "open" {
            return Err(AppError::invalid("decision", T::ErrProposalDecided));
        }
        let choices = store::choices(&state.db, organisation_id, caller.page_locale()).await?;
        let goals = store::goal_ids(&state.db, organisation_id).await?;
        let form = check::ActivityForm {
            goal_id: &goal,
            what: &what,
            owner: &owner,
            owner_name: &owner_name,
            starts_on: &starts_on,
            due_on: &due_on,
            status: "planned",
            drop_reason: "",
            note: "",
        };
        let input = check::activity(&form, &goals, &choices)?;
        let activity = store::accept_proposal(&state.db, &proposal, &input, caller.user_id)
            .await?
            .ok_or_else(|| AppError::invalid("decision", T::ErrProposalDecided))?;
        jobs::plan(&state.db, activity).await?;
        state.wake_worker();
        tracing::info!(proposal = id, activity, by = caller.user_id, "proposal accepted");
        Ok(go_to(&format!("/coops/{organisation_id}/programme?done=accepted#activity-{activity}")))
    }
    .await;
    let fields = ["goal", "what", "owner", "owner_name", "starts_on", "due_on"];
    let keep: Vec<(&str, &str)> = fields.iter().copied().zip(kept.iter().map(String::as_str)).collect();
    plain_form(result, &keep).await
}

/// Drop an action captured in a live session, saying why (it stays on record).
#[server(endpoint = "programmes/drop_proposal")]
pub async fn drop_proposal(id: i64, #[server(default)] reason: String) -> Result<String, AppError> {
    let kept = reason.clone();
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let proposal = store::proposal_facts(&state.db, id).await?.ok_or(AppError::NotFound)?;
        editor(&state, &caller, proposal.organisation_id).await?;
        if proposal.status != "open" {
            return Err(AppError::invalid("reason", T::ErrProposalDecided));
        }
        let reason = check::reason(&reason)?;
        if !store::drop_proposal(&state.db, &proposal, &reason, caller.user_id).await? {
            return Err(AppError::invalid("reason", T::ErrProposalDecided));
        }
        Ok(go_to(&format!("/coops/{}/programme?done=dropped#proposals", proposal.organisation_id)))
    }
    .await;
    plain_form(result, &[("reason", &kept)]).await
}

/// An advisor's comment on the programme, or on one of its goals.
#[server(endpoint = "programmes/comment")]
pub async fn comment_on_programme(organisation_id: i64, #[server(default)] goal: String, #[server(default)] text: String) -> Result<String, AppError> {
    let kept = [text.clone(), goal.clone()];
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        store::organisation_name(&state.db, organisation_id).await?.ok_or(AppError::NotFound)?;
        access::visible(access::sees_programme(&state.db, &caller, organisation_id).await?)?;
        access::allow(access::comments_on_programme(&caller))?;
        let goal_id = match goal.trim() {
            "" => None,
            g => match g.parse::<i64>() {
                Ok(id) if store::goal_owner(&state.db, id).await? == Some(organisation_id) => Some(id),
                _ => return Err(AppError::invalid("goal", T::ErrChooseGoal)),
            },
        };
        let text = text.replace('\0', "");
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::invalid("text", T::ErrCommentMissing));
        }
        if text.chars().count() > super::model::WORDS_MAX {
            return Err(AppError::invalid("text", T::ErrWordsTooLong));
        }
        store::comment(&state.db, organisation_id, goal_id, text, caller.user_id).await?;
        Ok(go_to(&format!("/coops/{organisation_id}/programme?done=comment#comments")))
    }
    .await;
    plain_form(result, &[("text", &kept[0]), ("goal", &kept[1])]).await
}

/// How the caller hears of the activities they own: each reminder as it comes, a weekly
/// digest, or nothing.
#[server(endpoint = "programmes/reminders")]
pub async fn set_reminders(mode: String) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        if !super::model::REMINDER_MODES.iter().any(|(k, _)| *k == mode) {
            return Err(AppError::invalid("reminders", T::ErrChooseOne));
        }
        jobs::set_mode(&state.db, caller.user_id, &mode).await?;
        Ok(go_to("/account?done=reminders#reminders"))
    }
    .await;
    plain_form(result, &[]).await
}

/// The caller's choice of reminders.
#[server(endpoint = "programmes/my_reminders")]
pub async fn my_reminders() -> Result<String, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    jobs::mode(&state.db, caller.user_id).await
}
