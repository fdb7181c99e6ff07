//! Checking what a programme's forms send, before anything is stored: every problem is found
//! (not just the first) and named by its field.

use super::model::{Choices, OWNER_CIRCLE, OWNER_PERSON, OWNER_SPECIALIST, STATUSES, TITLE_MAX, WORDS_MAX};
use crate::error::{AppError, FieldError};
use crate::i18n::T;
use std::collections::BTreeMap;

#[derive(Debug)]
pub struct GoalInput {
    pub title: String,
    pub issues: Vec<String>,
    pub outcome: String,
    pub measure: String,
    pub circle_id: Option<i64>,
}

#[derive(Debug)]
pub struct ActivityInput {
    pub goal_id: i64,
    pub what: String,
    pub owner_kind: String,
    pub owner_user_id: Option<i64>,
    pub owner_name: String,
    pub starts_on: String,
    pub due_on: String,
    pub status: String,
    pub drop_reason: String,
    pub note: String,
}

/// What an activity form sends, as typed.
pub struct ActivityForm<'a> {
    pub goal_id: &'a str,
    pub what: &'a str,
    pub owner: &'a str,
    pub owner_name: &'a str,
    pub starts_on: &'a str,
    pub due_on: &'a str,
    pub status: &'a str,
    pub drop_reason: &'a str,
    pub note: &'a str,
}

fn words(value: &str, field: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    // PostgreSQL cannot store a NUL in text; no one types one.
    let value = value.replace('\0', "");
    let value = value.trim();
    if value.chars().count() > max {
        errors.push(FieldError::new(field, if max == TITLE_MAX { T::ErrTextTooLong } else { T::ErrWordsTooLong }));
    }
    value.to_string()
}

/// A calendar date as a date input sends it (YYYY-MM-DD), or empty.
pub fn date(value: &str, field: &str, errors: &mut Vec<FieldError>) -> String {
    let value = value.trim();
    if value.is_empty() {
        return String::new();
    }
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => d.format("%Y-%m-%d").to_string(),
        _ => {
            errors.push(FieldError::new(field, T::ErrDateInvalid));
            String::new()
        }
    }
}

pub fn goal(
    title: &str,
    issues: &BTreeMap<String, String>,
    outcome: &str,
    measure: &str,
    circle: &str,
    choices: &Choices,
) -> Result<GoalInput, AppError> {
    let mut errors = Vec::new();
    let title = words(title, "title", TITLE_MAX, &mut errors);
    if title.is_empty() {
        errors.push(FieldError::new("title", T::ErrGoalTitleMissing));
    }
    let keys: Vec<String> = issues.keys().cloned().collect();
    if keys.iter().any(|k| !choices.issues.iter().any(|(key, _)| key == k)) {
        errors.push(FieldError::new("issues", T::ErrUnknownQuestion));
    } else if keys.is_empty() && !choices.issues.is_empty() {
        errors.push(FieldError::new("issues", T::ErrGoalIssuesMissing));
    }
    let outcome = words(outcome, "outcome", WORDS_MAX, &mut errors);
    if outcome.is_empty() {
        errors.push(FieldError::new("outcome", T::ErrGoalOutcomeMissing));
    }
    let measure = words(measure, "measure", TITLE_MAX, &mut errors);
    let circle_id = match circle.trim() {
        "" => None,
        c => match c.parse::<i64>() {
            Ok(id) if choices.circles.iter().any(|(cid, _)| *cid == id) => Some(id),
            _ => {
                errors.push(FieldError::new("circle", T::ErrChooseOne));
                None
            }
        },
    };
    if errors.is_empty() {
        Ok(GoalInput { title, issues: keys, outcome, measure, circle_id })
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// `goals`: the ids of the programme's goals.
pub fn activity(form: &ActivityForm, goals: &[i64], choices: &Choices) -> Result<ActivityInput, AppError> {
    let mut errors = Vec::new();
    let goal_id = match form.goal_id.trim().parse::<i64>() {
        Ok(id) if goals.contains(&id) => id,
        _ => {
            errors.push(FieldError::new("goal", T::ErrChooseGoal));
            0
        }
    };
    let what = words(form.what, "what", TITLE_MAX, &mut errors);
    if what.is_empty() {
        errors.push(FieldError::new("what", T::ErrActivityWhatMissing));
    }
    let owner_name = words(form.owner_name, "owner_name", TITLE_MAX, &mut errors);
    let (owner_kind, owner_user_id) = match form.owner.trim() {
        OWNER_CIRCLE => (OWNER_CIRCLE, None),
        OWNER_SPECIALIST => {
            if owner_name.is_empty() {
                errors.push(FieldError::new("owner_name", T::ErrSpecialistNameMissing));
            }
            (OWNER_SPECIALIST, None)
        }
        other => match other.strip_prefix("person:").and_then(|id| id.parse::<i64>().ok()) {
            Some(id) if choices.people.iter().any(|(pid, _)| *pid == id) => (OWNER_PERSON, Some(id)),
            _ => {
                errors.push(FieldError::new("owner", T::ErrChooseOwner));
                (OWNER_PERSON, None)
            }
        },
    };
    let starts_on = date(form.starts_on, "starts_on", &mut errors);
    let due_on = date(form.due_on, "due_on", &mut errors);
    if !starts_on.is_empty() && !due_on.is_empty() && due_on < starts_on {
        errors.push(FieldError::new("due_on", T::ErrDueBeforeStart));
    }
    let status = form.status.trim();
    if !STATUSES.iter().any(|(k, _)| *k == status) {
        errors.push(FieldError::new("status", T::ErrChooseOne));
    }
    let drop_reason = words(form.drop_reason, "drop_reason", WORDS_MAX, &mut errors);
    if status == "dropped" && drop_reason.is_empty() {
        errors.push(FieldError::new("drop_reason", T::ErrDropReasonMissing));
    }
    let note = words(form.note, "note", WORDS_MAX, &mut errors);
    if errors.is_empty() {
        Ok(ActivityInput {
            goal_id,
            what,
            owner_kind: owner_kind.to_string(),
            owner_user_id,
            // A name is kept for a specialist only.
            owner_name: if owner_kind == OWNER_SPECIALIST { owner_name } else { String::new() },
            starts_on,
            due_on,
            status: status.to_string(),
            drop_reason: if status == "dropped" { drop_reason } else { String::new() },
            note,
        })
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// A reason given for dropping (a proposal), required.
pub fn reason(value: &str) -> Result<String, AppError> {
    let mut errors = Vec::new();
    let reason = words(value, "reason", WORDS_MAX, &mut errors);
    if reason.is_empty() {
        errors.push(FieldError::new("reason", T::ErrDropReasonMissing));
    }
    if errors.is_empty() { Ok(reason) } else { Err(AppError::Invalid(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Choices {
        Choices {
            issues: vec![("induction".into(), "Induction".into())],
            circles: vec![(3, "Circle".into())],
            people: vec![(7, "Ana".into())],
        }
    }

    fn form<'a>(owner: &'a str, status: &'a str, due: &'a str) -> ActivityForm<'a> {
        ActivityForm { goal_id: "1", what: "Write the induction pack", owner, owner_name: "", starts_on: "2027-01-10", due_on: due, status, drop_reason: "", note: "" }
    }

    #[test]
    fn a_goal_names_issues_the_coop_chose_and_one_of_its_circles() {
        let mut issues = BTreeMap::new();
        issues.insert("induction".to_string(), "on".to_string());
        let ok = goal(" Induct well ", &issues, "New members feel at home", "", "3", &choices()).unwrap();
        assert_eq!((ok.title.as_str(), ok.circle_id, ok.issues.len()), ("Induct well", Some(3), 1));
        issues.insert("made-up".to_string(), "on".to_string());
        let err = goal("", &issues, "", "", "99", &choices()).unwrap_err();
        let fields: Vec<&str> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "issues", "outcome", "circle"]);
        let none = goal("T", &BTreeMap::new(), "O", "", "", &choices()).unwrap_err();
        assert_eq!(none.for_field("issues"), Some(T::ErrGoalIssuesMissing));
    }

    #[test]
    fn an_activity_has_a_known_owner_sane_dates_and_a_reason_when_dropped() {
        let ok = activity(&form("person:7", "planned", "2027-02-01"), &[1], &choices()).unwrap();
        assert_eq!((ok.owner_user_id, ok.due_on.as_str()), (Some(7), "2027-02-01"));
        let err = activity(&form("person:8", "dropped", "2027-01-01"), &[1], &choices()).unwrap_err();
        assert_eq!(err.for_field("owner"), Some(T::ErrChooseOwner));
        assert_eq!(err.for_field("due_on"), Some(T::ErrDueBeforeStart));
        assert_eq!(err.for_field("drop_reason"), Some(T::ErrDropReasonMissing));
        let err = activity(&form("specialist", "finished", "31/01/2027"), &[2], &choices()).unwrap_err();
        for field in ["goal", "owner_name", "due_on", "status"] {
            assert!(err.for_field(field).is_some(), "{field}");
        }
        assert!(activity(&form("circle", "done", ""), &[1], &choices()).is_ok());
    }
}
