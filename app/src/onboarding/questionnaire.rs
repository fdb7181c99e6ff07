//! The needs-analysis questionnaire is data, not code: a numbered version holds, for each
//! circle theme, the issues a co-op can tick, in English and French. An admin publishes a new
//! version without a deploy; each application keeps the version it answered.

use crate::circles::{THEMES, theme_label};
use crate::i18n::{Locale, T};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

impl Text {
    pub fn new(en: &str, fr: &str) -> Self {
        Text {
            en: en.into(),
            fr: fr.into(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.en,
            Locale::Fr => &self.fr,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueQuestion {
    pub key: String,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeQuestions {
    pub theme: String,
    pub issues: Vec<IssueQuestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub version: i64,
    pub themes: Vec<ThemeQuestions>,
}

pub const ISSUES_PER_THEME_MAX: usize = 20;
pub const ISSUE_TEXT_MAX: usize = 200;

impl Questionnaire {
    pub fn theme(&self, theme: &str) -> Option<&ThemeQuestions> {
        self.themes.iter().find(|t| t.theme == theme)
    }

    pub fn issue_text(&self, theme: &str, key: &str) -> Option<&Text> {
        self.theme(theme)?
            .issues
            .iter()
            .find(|i| i.key == key)
            .map(|i| &i.text)
    }

    /// Find an issue's text by key in any theme (circle issue keys are unique across themes).
    pub fn any_issue_text(&self, key: &str) -> Option<&Text> {
        self.themes
            .iter()
            .flat_map(|t| t.issues.iter())
            .find(|i| i.key == key)
            .map(|i| &i.text)
    }

    /// Check an edited questionnaire before it is published: every theme known and present
    /// once, issue keys short lower-case words unique across themes, both languages written.
    pub fn check(&self) -> Result<(), T> {
        let mut seen_themes = Vec::new();
        let mut seen_keys: Vec<&str> = Vec::new();
        for theme in &self.themes {
            if theme_label(&theme.theme).is_none() {
                return Err(T::ErrQuestionnaireTheme);
            }
            if seen_themes.contains(&theme.theme.as_str()) {
                return Err(T::ErrQuestionnaireTheme);
            }
            seen_themes.push(&theme.theme);
            if theme.issues.is_empty() || theme.issues.len() > ISSUES_PER_THEME_MAX {
                return Err(T::ErrQuestionnaireIssues);
            }
            for issue in &theme.issues {
                let key_ok = !issue.key.is_empty()
                    && issue.key.len() <= 40
                    && issue
                        .key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !key_ok || seen_keys.contains(&issue.key.as_str()) {
                    return Err(T::ErrQuestionnaireKey);
                }
                seen_keys.push(&issue.key);
                for text in [&issue.text.en, &issue.text.fr] {
                    if text.trim().is_empty() || text.chars().count() > ISSUE_TEXT_MAX {
                        return Err(T::ErrQuestionnaireText);
                    }
                }
            }
        }
        if seen_themes.len() != THEMES.len() {
            return Err(T::ErrQuestionnaireTheme);
        }
        Ok(())
    }

    /// Version 1, from the seed document's circle themes. Stored in the database at first start;
    /// from then on the stored versions are what counts.
    pub fn first() -> Questionnaire {
        let theme = |theme: &str, issues: &[(&str, &str, &str)]| ThemeQuestions {
            theme: theme.into(),
            issues: issues
                .iter()
                .map(|(key, en, fr)| IssueQuestion {
                    key: (*key).into(),
                    text: Text::new(en, fr),
                })
                .collect(),
        };
        Questionnaire {
            version: 1,
            themes: vec![
                theme(
                    "co_operative",
                    &[
                        ("governance", "Governance: boards, general meetings, decisions", "Gouvernance : conseil, assemblées générales, décisions"),
                        ("membership", "Membership: rights, duties, member voice", "Sociétariat : droits, devoirs, parole des membres"),
                        ("rules", "Rules and legal structure", "Statuts et forme juridique"),
                    ],
                ),
                theme(
                    "sector",
                    &[
                        ("suppliers", "Finding and working with suppliers", "Trouver des fournisseurs et travailler avec eux"),
                        ("products", "Products and services", "Produits et services"),
                        ("shared_buying", "Buying together with other co-ops", "Acheter avec d'autres coopératives"),
                    ],
                ),
                theme(
                    "people",
                    &[
                        ("recruiting", "Recruiting new members", "Recruter de nouveaux membres"),
                        ("induction", "Induction of newcomers", "Accueil et intégration des nouveaux"),
                        ("responsibility", "Members taking responsibility", "Des membres qui prennent des responsabilités"),
                        ("developing", "Developing co-operators", "Former des coopérateurs"),
                        ("apprenticeships", "Apprenticeships", "Apprentissage"),
                        ("placements", "Student placements", "Stages d'étudiants"),
                    ],
                ),
                theme(
                    "business",
                    &[
                        ("finance_planning", "Budgets, cash flow and reporting", "Budgets, trésorerie et comptes"),
                        ("marketing", "Marketing", "Marketing"),
                        ("quality", "Quality assurance", "Assurance qualité"),
                    ],
                ),
                theme(
                    "opportunities",
                    &[
                        ("member_list", "Using the member list", "Utiliser la liste des membres"),
                        ("contacts", "Contacts with other co-ops", "Contacts avec d'autres coopératives"),
                        ("market_services", "Market services and trading with members", "Services de marché et échanges entre membres"),
                    ],
                ),
                theme(
                    "finance",
                    &[
                        ("member_finance", "Raising money from members", "Lever des fonds auprès des membres"),
                        ("investors", "Investors", "Investisseurs"),
                        ("entrepreneurs", "Working with entrepreneurs", "Travailler avec des entrepreneurs"),
                    ],
                ),
                theme(
                    "accreditation",
                    &[
                        ("adapting_programmes", "Adapting our programmes", "Adapter nos programmes"),
                        ("quality_evidence", "Evidencing quality for the Kitemark", "Prouver la qualité pour le label"),
                    ],
                ),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_version_is_valid_and_covers_every_theme() {
        let q = Questionnaire::first();
        assert_eq!(q.check(), Ok(()));
        assert_eq!(q.themes.len(), THEMES.len());
        assert_eq!(
            q.issue_text("people", "induction").map(|t| t.en.as_str()),
            Some("Induction of newcomers")
        );
    }

    #[test]
    fn a_broken_edit_is_refused() {
        let mut q = Questionnaire::first();
        q.themes[0].issues[0].text.fr = " ".into();
        assert_eq!(q.check(), Err(T::ErrQuestionnaireText));
        let mut q = Questionnaire::first();
        q.themes[1].issues[0].key = "governance".into();
        assert_eq!(q.check(), Err(T::ErrQuestionnaireKey));
        let mut q = Questionnaire::first();
        q.themes[2].theme = "astrology".into();
        assert_eq!(q.check(), Err(T::ErrQuestionnaireTheme));
        let mut q = Questionnaire::first();
        q.themes.pop();
        assert_eq!(q.check(), Err(T::ErrQuestionnaireTheme));
    }
}

/// The admin edits a theme's issues as lines of `key | English | French`.
pub fn issues_to_lines(theme: &ThemeQuestions) -> String {
    theme
        .issues
        .iter()
        .map(|i| format!("{} | {} | {}", i.key, i.text.en, i.text.fr))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read a theme's lines back; a line without its three parts is refused.
pub fn issues_from_lines(text: &str) -> Result<Vec<IssueQuestion>, T> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            match parts.as_slice() {
                [key, en, fr] => Ok(IssueQuestion {
                    key: key.to_string(),
                    text: Text::new(en, fr),
                }),
                _ => Err(T::ErrQuestionnaireLine),
            }
        })
        .collect()
}

#[cfg(test)]
mod lines_tests {
    use super::*;

    #[test]
    fn lines_round_trip_and_bad_lines_are_refused() {
        let q = Questionnaire::first();
        let lines = issues_to_lines(&q.themes[2]);
        assert_eq!(issues_from_lines(&lines).unwrap(), q.themes[2].issues);
        assert_eq!(issues_from_lines("key | only English"), Err(T::ErrQuestionnaireLine));
    }
}
