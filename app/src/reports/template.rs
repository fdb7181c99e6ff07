//! Report templates are data, like the needs questionnaire: each key (a progress report, a
//! final report, a follow-up) has numbered versions; a report keeps the version it was started
//! on. The first versions are written here and stored at first start.

use crate::i18n::Locale;
use crate::onboarding::questionnaire::Text;
use serde::{Deserialize, Serialize};

/// What a section asks for.
pub const KIND_TEXT: &str = "text";
pub const KIND_NUMBER: &str = "number";
pub const KIND_CHOICE: &str = "choice";
/// A table of the programme's activities (the goal's, or all), shown as they stand: no answer.
pub const KIND_ACTIVITIES: &str = "activities";
/// Evidence files (photos, PDF, office documents): the files are the answer.
pub const KIND_EVIDENCE: &str = "evidence";

/// Sections answered in words (the others show a table or hold files).
pub fn takes_words(kind: &str) -> bool {
    kind != KIND_ACTIVITIES && kind != KIND_EVIDENCE
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub key: String,
    pub title: Text,
    pub guidance: Text,
    pub kind: String,
    /// For a number: what it counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// For a choice: (key, words).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<(String, Text)>,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// The stored version's id (what a report points at).
    pub id: i64,
    pub key: String,
    pub version: i64,
    pub title: Text,
    pub sections: Vec<Section>,
}

impl Section {
    /// An answer in words: a choice by its option's words, a number with its unit. The report
    /// page and the portfolio both show answers this way.
    pub fn answer_text(&self, answer: &str, locale: Locale) -> String {
        match self.kind.as_str() {
            KIND_CHOICE => self.options.iter().find(|(k, _)| k == answer).map(|(_, t)| t.get(locale).to_string()).unwrap_or_else(|| answer.to_string()),
            KIND_NUMBER => match &self.unit {
                Some(unit) if !answer.is_empty() => format!("{answer} {}", unit.get(locale)),
                _ => answer.to_string(),
            },
            _ => answer.to_string(),
        }
    }
}

impl Template {
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    pub fn title_in(&self, locale: Locale) -> &str {
        self.title.get(locale)
    }
}

/// A template's stored content (its id, key and version are columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    pub title: Text,
    pub sections: Vec<Section>,
}

/// What an admin may publish: a title in both languages and 1 to 30 sections, each with a
/// short lower-case key used once, a known kind, a title in both languages; a choice has two or
/// more options (keys used once, words in both languages); the activities table is never
/// required (there is nothing to answer). Returns the first problem.
pub fn check(content: &Content) -> Result<(), crate::i18n::T> {
    use crate::i18n::T;
    let both = |t: &Text| !t.en.trim().is_empty() && !t.fr.trim().is_empty() && t.en.chars().count() <= 500 && t.fr.chars().count() <= 500;
    let key_ok = |k: &str| (1..=40).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !both(&content.title) {
        return Err(T::ErrTemplateTitle);
    }
    if content.sections.is_empty() || content.sections.len() > 30 {
        return Err(T::ErrTemplateSections);
    }
    let mut seen = std::collections::BTreeSet::new();
    for s in &content.sections {
        if !key_ok(&s.key) || !seen.insert(s.key.as_str()) {
            return Err(T::ErrTemplateKey);
        }
        if ![KIND_TEXT, KIND_NUMBER, KIND_CHOICE, KIND_ACTIVITIES, KIND_EVIDENCE].contains(&s.kind.as_str()) {
            return Err(T::ErrTemplateKind);
        }
        let guidance_ok = s.guidance.en.chars().count() <= 500 && s.guidance.fr.chars().count() <= 500;
        if !both(&s.title) || !guidance_ok || s.unit.as_ref().is_some_and(|u| !both(u)) {
            return Err(T::ErrTemplateWords);
        }
        let mut options = std::collections::BTreeSet::new();
        let options_ok = s.options.iter().all(|(k, t)| key_ok(k) && options.insert(k.as_str()) && both(t));
        if (s.kind == KIND_CHOICE) != (s.options.len() >= 2) || !options_ok || s.options.len() > 20 {
            return Err(T::ErrTemplateOptions);
        }
        if s.kind == KIND_ACTIVITIES && s.required {
            return Err(T::ErrTemplateKind);
        }
    }
    Ok(())
}

pub const PROGRESS: &str = "progress";
pub const FINAL: &str = "final";
pub const FOLLOW_UP: &str = "follow_up";
/// The templates a co-op chooses from when it starts a report (a follow-up is raised for it).
pub const CHOSEN_BY_COOPS: &[&str] = &[PROGRESS, FINAL];

fn text(key: &str, kind: &str, title: (&str, &str), guidance: (&str, &str), required: bool) -> Section {
    Section {
        key: key.into(),
        title: Text::new(title.0, title.1),
        guidance: Text::new(guidance.0, guidance.1),
        kind: kind.into(),
        unit: None,
        options: Vec::new(),
        required,
    }
}

/// The versions we ship, oldest first: (key, version, content). Version 1 is each template as
/// first shipped; version 2 adds a section for evidence files. A version is stored at start
/// unless the key already has it or a later one (an admin's own is never overwritten).
pub fn shipped() -> Vec<(&'static str, i64, Content)> {
    let mut versions: Vec<(&'static str, i64, Content)> = defaults().into_iter().map(|(k, c)| (k, 1, c)).collect();
    for (key, first) in defaults() {
        let mut next = first.clone();
        let guidance = match key {
            FOLLOW_UP => ("A photo or a document that shows how it stands now, if you have one.", "Une photo ou un document qui montre où en sont les choses, si vous en avez."),
            _ => ("Photos, minutes, leaflets: files that show the work (up to 20 MB each).", "Photos, comptes rendus, dépliants : des fichiers qui montrent le travail (20 Mo chacun au plus)."),
        };
        next.sections.push(text("evidence", KIND_EVIDENCE, ("Evidence", "Pièces justificatives"), guidance, false));
        versions.push((key, 2, next));
    }
    versions
}

/// The first version of each template.
pub fn defaults() -> Vec<(&'static str, Content)> {
    let on_track = vec![
        ("on_track".to_string(), Text::new("On track", "Dans les temps")),
        ("some_delay".to_string(), Text::new("Some delay", "Un peu de retard")),
        ("off_track".to_string(), Text::new("Off track: we need help", "En difficulté : nous avons besoin d'aide")),
    ];
    let still_used = vec![
        ("yes".to_string(), Text::new("Yes, fully", "Oui, entièrement")),
        ("partly".to_string(), Text::new("Partly", "En partie")),
        ("no".to_string(), Text::new("No", "Non")),
    ];
    vec![
        (
            PROGRESS,
            Content {
                title: Text::new("Progress report", "Rapport d'étape"),
                sections: vec![
                    text("summary", KIND_TEXT, ("What happened since the last report", "Ce qui s'est passé depuis le dernier rapport"), ("In a few sentences, in your own words.", "En quelques phrases, avec vos mots."), true),
                    text("activities", KIND_ACTIVITIES, ("Activities", "Activités"), ("As they stand in the programme today.", "Telles qu'elles figurent aujourd'hui dans le programme."), false),
                    Section {
                        options: on_track,
                        ..text("standing", KIND_CHOICE, ("Where the work stands", "Où en est le travail"), ("Against the dates you set.", "Par rapport aux dates que vous avez fixées."), true)
                    },
                    Section {
                        unit: Some(Text::new("people", "personnes")),
                        ..text("people", KIND_NUMBER, ("People involved", "Personnes impliquées"), ("How many members took part in the activities.", "Combien de membres ont participé aux activités."), false)
                    },
                    text("learned", KIND_TEXT, ("What you learned", "Ce que vous avez appris"), ("From the circle, and from trying.", "Du cercle, et en essayant."), false),
                    text("next", KIND_TEXT, ("What comes next", "La suite"), ("The next steps, and any help you need.", "Les prochaines étapes, et l'aide dont vous avez besoin."), false),
                ],
            },
        ),
        (
            FINAL,
            Content {
                title: Text::new("Final report", "Rapport final"),
                sections: vec![
                    text("outcome", KIND_TEXT, ("The outcome", "Le résultat"), ("What is different now, against the outcome you set.", "Ce qui a changé, par rapport au résultat attendu."), true),
                    text("measure", KIND_TEXT, ("The measure", "La mesure"), ("Where the measure started and where it is now.", "D'où la mesure est partie et où elle en est."), false),
                    text("activities", KIND_ACTIVITIES, ("Activities", "Activités"), ("As they stand in the programme today.", "Telles qu'elles figurent aujourd'hui dans le programme."), false),
                    text("lasting", KIND_TEXT, ("How it will last", "Comment cela va durer"), ("Who keeps it going, and how.", "Qui le fait vivre, et comment."), true),
                    text("advice", KIND_TEXT, ("Advice for another co-op", "Un conseil pour une autre coopérative"), ("What you would tell a co-op starting the same work.", "Ce que vous diriez à une coopérative qui commence le même travail."), false),
                ],
            },
        ),
        (
            FOLLOW_UP,
            Content {
                title: Text::new("Follow-up report", "Rapport de suivi"),
                sections: vec![
                    Section {
                        options: still_used,
                        ..text("still_used", KIND_CHOICE, ("Is it still in use?", "Est-ce toujours en usage ?"), ("What the work changed: is it still how you do things?", "Ce que le travail a changé : est-ce toujours ainsi que vous faites ?"), true)
                    },
                    text("since", KIND_TEXT, ("What happened since", "Ce qui s'est passé depuis"), ("What held, what slipped, and why.", "Ce qui a tenu, ce qui a glissé, et pourquoi."), true),
                ],
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_template_is_checked_before_it_is_published() {
        use crate::i18n::T;
        let (_, good) = defaults().into_iter().next().unwrap();
        assert_eq!(check(&good), Ok(()));
        let mut bad = good.clone();
        bad.title.fr.clear();
        assert_eq!(check(&bad), Err(T::ErrTemplateTitle));
        let mut bad = good.clone();
        bad.sections[1].key = bad.sections[0].key.clone();
        assert_eq!(check(&bad), Err(T::ErrTemplateKey));
        let mut bad = good.clone();
        bad.sections[0].key = "Has Spaces".into();
        assert_eq!(check(&bad), Err(T::ErrTemplateKey));
        let mut bad = good.clone();
        bad.sections[0].kind = "essay".into();
        assert_eq!(check(&bad), Err(T::ErrTemplateKind));
        let mut bad = good.clone();
        let choice = bad.sections.iter_mut().find(|s| s.kind == KIND_CHOICE).unwrap();
        choice.options.truncate(1);
        assert_eq!(check(&bad), Err(T::ErrTemplateOptions));
        let mut bad = good.clone();
        bad.sections.clear();
        assert_eq!(check(&bad), Err(T::ErrTemplateSections));
    }

    #[test]
    fn default_templates_have_unique_keys_both_languages_and_what_their_kind_needs() {
        for (key, content) in defaults() {
            let mut seen = std::collections::BTreeSet::new();
            assert!(!content.title.en.is_empty() && !content.title.fr.is_empty(), "{key}");
            for s in &content.sections {
                assert!(seen.insert(s.key.clone()), "{key}: {} twice", s.key);
                assert!(!s.title.en.is_empty() && !s.title.fr.is_empty(), "{key}.{}", s.key);
                assert_eq!(s.kind == KIND_CHOICE, !s.options.is_empty(), "{key}.{}", s.key);
                assert!(s.kind != KIND_ACTIVITIES || !s.required, "{key}.{}: nothing to answer", s.key);
            }
        }
        for (key, version, content) in shipped() {
            assert_eq!(check(&content), Ok(()), "{key} v{version}");
        }
        assert!(shipped().iter().filter(|(_, v, _)| *v == 2).all(|(_, _, c)| c.sections.iter().any(|s| s.kind == KIND_EVIDENCE)));
    }
}
