//! A membership application: what was typed (kept as named fields, so a draft can hold anything
//! half-written), the checks for saving a draft and for submitting, and its status.
//!
//! Field names are the inputs' ids: organisation fields by name (`org_name` …) and the needs
//! analysis as `{theme}-issue-{key}`, `{theme}-urgency`, `{theme}-words`.

use super::questionnaire::Questionnaire;
use crate::accounts::check_email;
use crate::circles::theme_label;
use crate::error::{AppError, FieldError};
use crate::i18n::T;
use crate::organisations::vocab::{self, is_choice};
use crate::time::When;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub type Fields = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Draft,
    Submitted,
    InReview,
    MoreInfo,
    Approved,
    Declined,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Submitted,
        Status::InReview,
        Status::MoreInfo,
        Status::Approved,
        Status::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::InReview => "in_review",
            Status::MoreInfo => "more_info",
            Status::Approved => "approved",
            Status::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> T {
        match self {
            Status::Draft => T::StatusDraft,
            Status::Submitted => T::StatusSubmitted,
            Status::InReview => T::StatusInReview,
            Status::MoreInfo => T::StatusMoreInfo,
            Status::Approved => T::StatusApproved,
            Status::Declined => T::StatusDeclined,
        }
    }

    /// The applicant may change the answers only before submitting, or when asked for more.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::MoreInfo)
    }

    /// An advisor may decide only on a submitted application.
    pub fn decidable(self) -> bool {
        matches!(self, Status::Submitted | Status::InReview)
    }
}

pub const CHANNELS: &[(&str, T)] = &[
    ("online", T::ChannelOnline),
    ("phone", T::ChannelPhone),
    ("email", T::ChannelEmail),
];

pub const URGENCIES: &[(&str, T)] = &[
    ("low", T::UrgencyLow),
    ("medium", T::UrgencyMedium),
    ("high", T::UrgencyHigh),
];

/// The organisation part of the form, in page order: (field, label, kind).
pub const ORG_FIELDS: &[&str] = &[
    "org_name",
    "legal_form",
    "registration_number",
    "sector",
    "nation",
    "region",
    "members_count",
    "staff_count",
    "website",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "contact_preference",
    "delivery",
];

pub const SHORT_MAX: usize = 200;
pub const WORDS_MAX: usize = 2000;
pub const COUNT_MAX: i64 = 10_000_000;

/// One theme of the needs analysis, as answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeNeed {
    pub theme: String,
    pub issues: Vec<String>,
    pub urgency: String,
    pub words: String,
}

/// A checked, complete application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationData {
    pub org_name: String,
    pub legal_form: String,
    pub registration_number: String,
    pub sector: String,
    pub nation: String,
    pub region: String,
    pub members_count: i64,
    pub staff_count: i64,
    pub website: String,
    pub contact_name: String,
    pub contact_role: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub contact_preference: String,
    pub delivery: String,
    pub needs: Vec<ThemeNeed>,
}

fn needs_key(theme: &str, part: &str) -> String {
    format!("{theme}-{part}")
}

pub fn issue_field(theme: &str, key: &str) -> String {
    format!("{theme}-issue-{key}")
}

pub fn urgency_field(theme: &str) -> String {
    needs_key(theme, "urgency")
}

pub fn words_field(theme: &str) -> String {
    needs_key(theme, "words")
}

/// Is `name` a field of this questionnaire's form?
fn known_field(q: &Questionnaire, name: &str) -> Result<bool, ()> {
    if ORG_FIELDS.contains(&name) {
        return Ok(true);
    }
    let Some((theme, rest)) = name.split_once('-') else {
        return Ok(false);
    };
    if theme_label(theme).is_none() {
        return Err(());
    }
    let Some(questions) = q.theme(theme) else {
        return Ok(false);
    };
    Ok(match rest {
        "urgency" | "words" => true,
        _ => rest
            .strip_prefix("issue-")
            .is_some_and(|key| questions.issues.iter().any(|i| i.key == key)),
    })
}

/// Tidy and bound what was typed. Used for drafts, which may be incomplete but never unbounded
/// or carrying fields the questionnaire does not ask. Empty fields are dropped.
pub fn check_draft(q: &Questionnaire, fields: &Fields) -> Result<Fields, AppError> {
    if fields.len() > 300 {
        return Err(AppError::BadRequest);
    }
    let mut errors = Vec::new();
    let mut clean = Fields::new();
    for (name, value) in fields {
        match known_field(q, name) {
            Err(()) => errors.push(FieldError::new("needs", T::ErrUnknownTheme)),
            Ok(false) => errors.push(FieldError::new("needs", T::ErrUnknownQuestion)),
            Ok(true) => {
                let value = value.trim();
                let max = if name.ends_with("-words") {
                    WORDS_MAX
                } else {
                    SHORT_MAX
                };
                if value.chars().count() > max {
                    errors.push(FieldError::new(
                        name,
                        if max == WORDS_MAX {
                            T::ErrWordsTooLong
                        } else {
                            T::ErrTextTooLong
                        },
                    ));
                } else if !value.is_empty() {
                    clean.insert(name.clone(), value.to_string());
                }
            }
        }
    }
    errors.dedup();
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// The needs analysis as answered so far (themes with anything ticked or written).
pub fn needs_of(q: &Questionnaire, fields: &Fields) -> Vec<ThemeNeed> {
    q.themes
        .iter()
        .filter_map(|theme| {
            let issues: Vec<String> = theme
                .issues
                .iter()
                .filter(|i| fields.contains_key(&issue_field(&theme.theme, &i.key)))
                .map(|i| i.key.clone())
                .collect();
            let words = fields
                .get(&words_field(&theme.theme))
                .cloned()
                .unwrap_or_default();
            let urgency = fields
                .get(&urgency_field(&theme.theme))
                .cloned()
                .unwrap_or_default();
            (!issues.is_empty() || !words.is_empty()).then(|| ThemeNeed {
                theme: theme.theme.clone(),
                issues,
                urgency,
                words,
            })
        })
        .collect()
}

/// Everything a submitted application must hold. Errors name their fields, in page order.
pub fn check_submit(q: &Questionnaire, fields: &Fields) -> Result<ApplicationData, AppError> {
    let fields = check_draft(q, fields)?;
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let mut errors = Vec::new();
    let mut required = |name: &str, message: T| {
        let value = get(name);
        if value.is_empty() {
            errors.push(FieldError::new(name, message));
        }
        value
    };
    let org_name = required("org_name", T::ErrOrgNameMissing);
    let legal_form = required("legal_form", T::ErrChooseOne);
    let sector = required("sector", T::ErrChooseOne);
    let nation = required("nation", T::ErrChooseOne);
    let region = required("region", T::ErrChooseOne);
    let members_raw = required("members_count", T::ErrCountMissing);
    let staff_raw = required("staff_count", T::ErrCountMissing);
    let contact_name = required("contact_name", T::ErrNameMissing);
    let contact_email_raw = required("contact_email", T::ErrEmailMissing);
    let contact_preference = required("contact_preference", T::ErrChooseOne);
    let delivery = required("delivery", T::ErrChooseOne);

    let mut choice = |name: &str, value: &str, list: vocab::Choices| {
        if !value.is_empty() && !is_choice(list, value) {
            errors.push(FieldError::new(name, T::ErrChooseOne));
        }
    };
    choice("legal_form", &legal_form, vocab::LEGAL_FORMS);
    choice("sector", &sector, vocab::SECTORS);
    choice("nation", &nation, vocab::NATIONS);
    choice("contact_preference", &contact_preference, vocab::CONTACT_PREFERENCES);
    choice("delivery", &delivery, vocab::DELIVERY);
    if !region.is_empty() && !nation.is_empty() && vocab::nation_of(&region) != Some(nation.as_str())
    {
        errors.push(FieldError::new("region", T::ErrRegionNotInNation));
    }
    let mut count = |name: &str, raw: &str| -> i64 {
        if raw.is_empty() {
            return 0;
        }
        match raw.replace([',', ' '], "").parse::<i64>() {
            Ok(n) if (0..=COUNT_MAX).contains(&n) => n,
            _ => {
                errors.push(FieldError::new(name, T::ErrCountInvalid));
                0
            }
        }
    };
    let members_count = count("members_count", &members_raw);
    let staff_count = count("staff_count", &staff_raw);
    let website = get("website");
    let website_ok = website.is_empty()
        || ((website.starts_with("https://") || website.starts_with("http://"))
            && website.len() > 10
            && !website.contains(char::is_whitespace));
    if !website_ok {
        errors.push(FieldError::new("website", T::ErrWebsiteInvalid));
    }
    let contact_email = if contact_email_raw.is_empty() {
        String::new()
    } else {
        match check_email(&contact_email_raw) {
            Ok(email) => email,
            Err(_) => {
                errors.push(FieldError::new("contact_email", T::ErrEmailInvalid));
                String::new()
            }
        }
    };
    let contact_phone = get("contact_phone");
    if contact_preference == "phone" && contact_phone.is_empty() {
        errors.push(FieldError::new("contact_phone", T::ErrPhoneNeeded));
    }
    if !contact_phone.is_empty()
        && !contact_phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-".contains(c))
    {
        errors.push(FieldError::new("contact_phone", T::ErrPhoneInvalid));
    }
    let needs = needs_of(q, &fields);
    if needs.is_empty() {
        errors.push(FieldError::new("needs", T::ErrNeedsMissing));
    }
    for need in &needs {
        let field = urgency_field(&need.theme);
        if need.urgency.is_empty() {
            errors.push(FieldError::new(&field, T::ErrUrgencyMissing));
        } else if !URGENCIES.iter().any(|(k, _)| *k == need.urgency) {
            errors.push(FieldError::new(&field, T::ErrChooseOne));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(ApplicationData {
        org_name,
        legal_form,
        registration_number: get("registration_number"),
        sector,
        nation,
        region,
        members_count,
        staff_count,
        website,
        contact_name,
        contact_role: get("contact_role"),
        contact_email,
        contact_phone,
        contact_preference,
        delivery,
        needs,
    })
}

/// One change of status, with who made it and the message that went with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub at: When,
    pub by: String,
    pub from: Status,
    pub to: Status,
    pub message: String,
}

/// An application as its applicant (or an advisor) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: i64,
    pub status: Status,
    pub channel: String,
    pub questionnaire: Questionnaire,
    pub fields: Fields,
    pub history: Vec<StatusChange>,
    pub updated: When,
    /// The member profile once approved.
    pub organisation_id: Option<i64>,
    /// True for the applicant (or the advisor filling it in for them) while it is editable.
    pub can_edit: bool,
    /// The saved draft's revision (see `store::save_fields`).
    pub revision: i64,
    /// This page's id as a writer of the draft.
    pub writer: String,
}

/// A line of someone's list of applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: i64,
    pub org_name: String,
    pub status: Status,
    pub updated: When,
    /// The last message to the applicant (asking for more, or a reason to decline).
    pub last_message: String,
    pub organisation_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> Fields {
        [
            ("org_name", "Co-operative XYZ"),
            ("legal_form", "worker"),
            ("sector", "food"),
            ("nation", "england"),
            ("region", "North West"),
            ("members_count", "14"),
            ("staff_count", "1,200"),
            ("contact_name", "Ada"),
            ("contact_email", "Ada@XYZ.coop"),
            ("contact_preference", "email"),
            ("delivery", "online"),
            ("people-issue-induction", "on"),
            ("people-urgency", "high"),
            ("people-words", "  Our induction is out of date.  "),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn a_complete_application_passes_tidied() {
        let data = check_submit(&Questionnaire::first(), &complete()).unwrap();
        assert_eq!(data.contact_email, "ada@xyz.coop");
        assert_eq!(data.staff_count, 1200);
        assert_eq!(
            data.needs,
            vec![ThemeNeed {
                theme: "people".into(),
                issues: vec!["induction".into()],
                urgency: "high".into(),
                words: "Our induction is out of date.".into()
            }]
        );
    }

    #[test]
    fn missing_and_wrong_fields_are_named() {
        let q = Questionnaire::first();
        let mut f = complete();
        f.remove("org_name");
        f.insert("region".into(), "Glasgow".into());
        f.insert("members_count".into(), "lots".into());
        f.insert("contact_preference".into(), "phone".into());
        f.remove("people-urgency");
        let err = check_submit(&q, &f).unwrap_err();
        assert_eq!(err.for_field("org_name"), Some(T::ErrOrgNameMissing));
        assert_eq!(err.for_field("region"), Some(T::ErrRegionNotInNation));
        assert_eq!(err.for_field("members_count"), Some(T::ErrCountInvalid));
        assert_eq!(err.for_field("contact_phone"), Some(T::ErrPhoneNeeded));
        assert_eq!(err.for_field("people-urgency"), Some(T::ErrUrgencyMissing));
    }

    #[test]
    fn needs_are_required_and_unknown_questions_refused() {
        let q = Questionnaire::first();
        let mut f = complete();
        f.retain(|k, _| !k.starts_with("people-"));
        assert_eq!(
            check_submit(&q, &f).unwrap_err().for_field("needs"),
            Some(T::ErrNeedsMissing)
        );
        let mut f = complete();
        f.insert("astrology-urgency".into(), "high".into());
        assert_eq!(
            check_draft(&q, &f).unwrap_err().for_field("needs"),
            Some(T::ErrUnknownTheme)
        );
        let mut f = complete();
        f.insert("people-issue-telepathy".into(), "on".into());
        assert_eq!(
            check_draft(&q, &f).unwrap_err().for_field("needs"),
            Some(T::ErrUnknownQuestion)
        );
    }

    #[test]
    fn a_draft_may_be_incomplete_but_not_oversized() {
        let q = Questionnaire::first();
        let mut f = Fields::new();
        f.insert("org_name".into(), "  Half".into());
        f.insert("website".into(), "".into());
        assert_eq!(check_draft(&q, &f).unwrap().len(), 1);
        f.insert("people-words".into(), "x".repeat(WORDS_MAX + 1));
        assert_eq!(
            check_draft(&q, &f).unwrap_err().for_field("people-words"),
            Some(T::ErrWordsTooLong)
        );
    }
}
