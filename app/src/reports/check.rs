//! Checking a report's answers: a draft only for what can be stored (known sections, length),
//! a submission for what the template asks (required sections, numbers, choices). Every
//! problem is named by its section's field.

use super::model::ANSWER_MAX;
use super::template::{KIND_CHOICE, KIND_EVIDENCE, KIND_NUMBER, Template, takes_words};
use crate::error::{AppError, FieldError};
use crate::i18n::T;
use std::collections::BTreeMap;

pub use super::model::field;

/// Words as typed, trimmed, without NUL characters: no form sends one, and PostgreSQL cannot
/// store one in a text column (the insert would fail, a 500 for a stray byte).
pub fn words(value: &str) -> String {
    value.replace('\0', "").trim().to_string()
}

/// A page's writer id (see `ui::autosave`): a short token of letters and digits, or none.
pub fn writer_ok(writer: &str) -> bool {
    writer.len() <= 64 && writer.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What a draft may hold: answers to the template's sections, trimmed, each within bounds.
pub fn draft(template: &Template, fields: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, AppError> {
    // A section the template does not have (or one that takes no answer): no page sends that.
    if fields.keys().any(|key| template.section(key).is_none_or(|s| !takes_words(&s.kind))) {
        return Err(AppError::BadRequest);
    }
    let mut errors = Vec::new();
    let mut clean = BTreeMap::new();
    // In the template's order, so the errors are listed as the page shows the sections.
    for section in &template.sections {
        let Some(value) = fields.get(&section.key) else { continue };
        let value = words(value);
        if value.chars().count() > ANSWER_MAX {
            errors.push(FieldError::new(&field(&section.key), T::ErrWordsTooLong));
        } else if !value.is_empty() {
            clean.insert(section.key.clone(), value);
        }
    }
    if errors.is_empty() { Ok(clean) } else { Err(AppError::Invalid(errors)) }
}

/// What a submission needs: every required section answered (an evidence section with a file:
/// `with_files` names the sections that have one), numbers that are numbers, choices among the
/// options.
pub fn submission(template: &Template, answers: &BTreeMap<String, String>, with_files: &std::collections::BTreeSet<String>) -> Result<(), AppError> {
    let mut errors = Vec::new();
    for section in &template.sections {
        let answer = answers.get(&section.key).map(String::as_str).unwrap_or("");
        let name = field(&section.key);
        if section.kind == KIND_EVIDENCE {
            if section.required && !with_files.contains(&section.key) {
                errors.push(FieldError::new(&name, T::ErrEvidenceMissing));
            }
            continue;
        }
        if answer.is_empty() {
            if section.required {
                errors.push(FieldError::new(&name, T::ErrSectionMissing));
            }
            continue;
        }
        match section.kind.as_str() {
            KIND_NUMBER if answer.replace(',', ".").parse::<f64>().map(|n| !n.is_finite() || n < 0.0).unwrap_or(true) => {
                errors.push(FieldError::new(&name, T::ErrNumberInvalid));
            }
            KIND_CHOICE if !section.options.iter().any(|(k, _)| k == answer) => {
                errors.push(FieldError::new(&name, T::ErrChooseOne));
            }
            _ => {}
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Invalid(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::template::{PROGRESS, defaults};

    fn progress() -> Template {
        let (key, content) = defaults().into_iter().find(|(k, _)| *k == PROGRESS).unwrap();
        Template { id: 1, key: key.into(), version: 1, title: content.title, sections: content.sections }
    }

    #[test]
    fn a_draft_keeps_known_answers_and_a_submission_needs_what_is_required() {
        let t = progress();
        let mut fields = BTreeMap::new();
        fields.insert("summary".to_string(), "  We met twice.  ".to_string());
        fields.insert("people".to_string(), "".to_string());
        let clean = draft(&t, &fields).unwrap();
        assert_eq!(clean.get("summary").map(String::as_str), Some("We met twice."));
        assert!(!clean.contains_key("people"));
        fields.insert("nonsense".to_string(), "x".to_string());
        assert_eq!(draft(&t, &fields), Err(AppError::BadRequest));
        fields.remove("nonsense");
        fields.insert("learned".to_string(), "x".repeat(ANSWER_MAX + 1));
        assert_eq!(draft(&t, &fields).unwrap_err().for_field("section-learned"), Some(T::ErrWordsTooLong));
        // Errors come in the order of the page's sections, not of the keys' names.
        fields.insert("summary".to_string(), "x".repeat(ANSWER_MAX + 1));
        let err = draft(&t, &fields).unwrap_err();
        let named: Vec<&str> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["section-summary", "section-learned"]);
        fields.insert("activities".to_string(), "x".to_string());
        assert_eq!(draft(&t, &fields), Err(AppError::BadRequest));
        // NUL characters (which PostgreSQL cannot store) are left out; a writer id is a token.
        let mut nul = BTreeMap::new();
        nul.insert("summary".to_string(), " We met\0 twice. \0".to_string());
        assert_eq!(draft(&t, &nul).unwrap().get("summary").map(String::as_str), Some("We met twice."));
        assert!(writer_ok("") && writer_ok("0123456789abcdef") && !writer_ok("a\0b") && !writer_ok(&"a".repeat(65)));

        let err = submission(&t, &BTreeMap::new(), &Default::default()).unwrap_err();
        let fields: Vec<&str> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["section-summary", "section-standing"]);
        let mut answers = BTreeMap::new();
        answers.insert("summary".to_string(), "We met".to_string());
        answers.insert("standing".to_string(), "sideways".to_string());
        answers.insert("people".to_string(), "a dozen".to_string());
        let err = submission(&t, &answers, &Default::default()).unwrap_err();
        assert_eq!(err.for_field("section-standing"), Some(T::ErrChooseOne));
        assert_eq!(err.for_field("section-people"), Some(T::ErrNumberInvalid));
        answers.insert("standing".to_string(), "on_track".to_string());
        answers.insert("people".to_string(), "12,5".to_string());
        assert_eq!(submission(&t, &answers, &Default::default()), Ok(()));

        // A required evidence section is answered by a file, never by words.
        let mut with_evidence = t.clone();
        with_evidence.sections.push(crate::reports::template::Section {
            key: "evidence".into(),
            kind: KIND_EVIDENCE.into(),
            required: true,
            ..t.sections[0].clone()
        });
        let err = submission(&with_evidence, &answers, &Default::default()).unwrap_err();
        assert_eq!(err.for_field("section-evidence"), Some(T::ErrEvidenceMissing));
        assert_eq!(submission(&with_evidence, &answers, &["evidence".to_string()].into()), Ok(()));
        let mut words = BTreeMap::new();
        words.insert("evidence".to_string(), "a photo".to_string());
        assert_eq!(draft(&with_evidence, &words), Err(AppError::BadRequest));
    }
}
