//! A progress report's first words, from a closed live session's summary: who took part (the
//! co-op's own people by name, the others only counted), the notes per agenda item, the
//! results of polls that were revealed, and the actions captured for this co-op. Each goes in
//! the template's section for it, when the template has that section.

use super::template::{KIND_TEXT, Template};
use crate::i18n::{Locale, T};
use crate::live::summary::Summary;
use std::collections::BTreeMap;

pub fn answers(template: &Template, summary: &Summary, organisation_id: i64, own_people: &[String], meeting: &str, locale: Locale) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut put = |key: &str, text: String| {
        if !text.trim().is_empty() && template.section(key).is_some_and(|s| s.kind == KIND_TEXT) {
            out.insert(key.to_string(), text.trim().chars().take(super::model::ANSWER_MAX).collect());
        }
    };
    let present: Vec<&(String, String, String)> = summary.attendance.iter().filter(|(_, a, _)| a != "apologies").collect();
    let ours: Vec<String> = present.iter().filter(|(name, _, _)| own_people.contains(name)).map(|(name, _, _)| name.clone()).collect();
    let mut summary_text = locale.tf(
        T::FromSessionAttendance,
        &[("meeting", meeting), ("count", &present.len().to_string()), ("ours", &ours.len().to_string())],
    );
    if !ours.is_empty() {
        summary_text.push_str(&format!(" ({})", ours.join(", ")));
    }
    if !summary.notes.is_empty() {
        summary_text.push_str("\n\n");
        summary_text.push_str(locale.t(T::FromSessionNotes));
        for (item, notes) in &summary.notes {
            summary_text.push_str(&format!("\n- {item}: {notes}"));
        }
    }
    put("summary", summary_text);
    let polls: Vec<String> = summary
        .polls
        .iter()
        .filter(|p| p.revealed)
        .map(|p| {
            let tally: Vec<String> = p.options.iter().zip(&p.tally).map(|(o, n)| format!("{o} ({n})")).collect();
            format!("- {}: {}", p.question, tally.join(", "))
        })
        .collect();
    if !polls.is_empty() {
        put("learned", format!("{}\n{}", locale.t(T::FromSessionPolls), polls.join("\n")));
    }
    let actions: Vec<String> = summary
        .actions
        .iter()
        .filter(|a| a.organisation_id == Some(organisation_id))
        .map(|a| {
            let said: Vec<&str> = [a.who.as_str(), a.due.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
            if said.is_empty() { format!("- {}", a.what) } else { format!("- {} ({})", a.what, said.join(", ")) }
        })
        .collect();
    if !actions.is_empty() {
        put("next", format!("{}\n{}", locale.t(T::FromSessionActions), actions.join("\n")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::model::Action;
    use crate::live::summary::PollResult;
    use crate::reports::template::{PROGRESS, defaults};

    #[test]
    fn a_session_fills_the_progress_report_without_naming_other_coops_people() {
        let (key, content) = defaults().into_iter().find(|(k, _)| *k == PROGRESS).unwrap();
        let template = Template { id: 1, key: key.into(), version: 1, title: content.title, sections: content.sections };
        let summary = Summary {
            title: "Board elections".into(),
            attendance: vec![
                ("Tom Whitaker".into(), "present".into(), "in_person".into()),
                ("Sam Other".into(), "present".into(), "phone".into()),
                ("Away Person".into(), "apologies".into(), "".into()),
            ],
            notes: vec![("Check-in".into(), "All well".into())],
            polls: vec![
                PollResult { question: "Ready?".into(), options: vec!["Yes".into(), "No".into()], tally: vec![3, 1], revealed: true },
                PollResult { question: "Secret?".into(), options: vec!["A".into()], tally: vec![2], revealed: false },
            ],
            actions: vec![
                Action { what: "Rewrite the rules".into(), organisation_id: Some(7), organisation: "Mill".into(), who: "Tom".into(), due: "2027-09-01".into() },
                Action { what: "Not ours".into(), organisation_id: Some(8), organisation: "Other".into(), who: "".into(), due: "".into() },
            ],
        };
        let a = answers(&template, &summary, 7, &["Tom Whitaker".to_string()], "Circle meeting", Locale::En);
        let text = &a["summary"];
        assert!(text.contains("2 took part, 1 from our co-op (Tom Whitaker)"), "{text}");
        assert!(!text.contains("Sam Other") && !text.contains("Away Person"), "{text}");
        assert!(text.contains("- Check-in: All well"), "{text}");
        assert!(a["learned"].contains("- Ready?: Yes (3), No (1)") && !a["learned"].contains("Secret"), "{}", a["learned"]);
        assert!(a["next"].contains("- Rewrite the rules (Tom, 2027-09-01)") && !a["next"].contains("Not ours"), "{}", a["next"]);
        assert!(!a.contains_key("standing"), "a choice is the co-op's to make");
    }
}
