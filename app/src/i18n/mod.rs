//! English and French, from the first string.
//!
//! Every piece of text a person reads is a key of [`T`], declared once in `strings.rs` with
//! both languages side by side: leaving a language out does not compile, and the tests below
//! fail on an empty text or on placeholders that differ between the two.
//!
//! The page's language is decided on the server for each request (the person's saved choice,
//! then the `lang` cookie, then `Accept-Language`) and written to `<html lang>`; the browser
//! reads it back from there when it hydrates, so both sides always agree.

mod strings;
pub use strings::T;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    En,
    Fr,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }

    /// The language's own name, as shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        let code = code.trim().to_ascii_lowercase();
        match code.split(['-', '_']).next() {
            Some("en") => Some(Locale::En),
            Some("fr") => Some(Locale::Fr),
            _ => None,
        }
    }

    /// The first supported language in an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, locale));
                }
            }
        }
        best.map(|(_, l)| l)
    }

    pub fn t(self, key: T) -> &'static str {
        match self {
            Locale::En => key.en(),
            Locale::Fr => key.fr(),
        }
    }

    /// A text with `{name}` placeholders filled in.
    ///
    /// One pass over the text: a value is put in as it is, so words a person typed that look
    /// like a placeholder ("Check {due}") are never filled in themselves.
    pub fn tf(self, key: T, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }
}

/// `{name}` placeholders of `text` filled from `args`, in one pass (unknown ones are left).
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if args.iter().any(|(n, _)| *n == name) => {
                out.push_str(args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).unwrap_or_default());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Make the page's language available to every component below.
pub fn provide_locale() {
    #[cfg(feature = "ssr")]
    let locale = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Locale>().copied())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let locale = document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Locale::parse(&code))
        .unwrap_or_default();
    provide_context(locale);
}

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// Shorthand used throughout the views: `t(T::SignIn)`.
pub fn t(key: T) -> &'static str {
    use_locale().t(key)
}

#[cfg(test)]
mod fill_tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_once_and_typed_braces_stay_as_typed() {
        let args = [("activity", "Check {due} and {link}"), ("due", "2027-02-01"), ("link", "https://x")];
        assert_eq!(fill("{activity} is due {due}: {link}", &args), "Check {due} and {link} is due 2027-02-01: https://x");
        assert_eq!(fill("{unknown} {due} {", &args), "{unknown} 2027-02-01 {");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<String> {
        let mut found: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn every_key_has_text_in_both_languages() {
        for key in T::ALL {
            if cfg!(feature = "ssr") {
                assert!(!key.en().trim().is_empty(), "{key:?} has no English text");
                assert!(!key.fr().trim().is_empty(), "{key:?} has no French text");
            } else {
                // Outside the server, keys marked `@server` have no words, in both languages.
                assert_eq!(key.en().is_empty(), key.fr().is_empty(), "{key:?}");
            }
        }
    }

    /// Keys marked `@server` have no words in the browser, so no code that runs there may
    /// show one: read the sources of the islands (the live room, autosave, and the `ui` and
    /// error code they share) and check that none names a server-only key.
    #[test]
    fn islands_show_no_server_only_key() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let table = std::fs::read_to_string(root.join("i18n/strings.rs")).unwrap();
        let server_only: std::collections::BTreeSet<&str> = table
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("@server "))
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert!(server_only.len() > 100, "the table marks server-only keys");
        let mut sources = vec![root.join("error.rs")];
        for dir in ["live", "ui"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                sources.push(entry.unwrap().path());
            }
        }
        let mut wrong = Vec::new();
        for path in sources {
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("T::") {
                let key: String = text[i + 3..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                if server_only.contains(key.as_str()) {
                    wrong.push(format!("{} names {key}", path.display()));
                }
            }
        }
        assert!(wrong.is_empty(), "islands would show an empty text:\n{}", wrong.join("\n"));
    }

    /// What the browser's bundle leaves out: the words of server-only keys (a mail, the
    /// portfolio), never those an island shows.
    #[cfg(not(feature = "ssr"))]
    #[test]
    fn the_browser_keeps_no_words_of_server_only_keys() {
        assert_eq!(T::MailShareBody.en(), "");
        assert_eq!(T::PortfolioIntro.fr(), "");
        assert!(!T::LiveUpToDate.en().is_empty());
    }

    #[test]
    fn placeholders_match_between_languages() {
        for key in T::ALL {
            assert_eq!(
                placeholders(key.en()),
                placeholders(key.fr()),
                "{key:?} placeholders differ"
            );
        }
    }

    #[test]
    fn accept_language_prefers_the_highest_quality_supported_language() {
        assert_eq!(
            Locale::from_accept_language("de-DE,fr;q=0.8,en;q=0.5"),
            Some(Locale::Fr)
        );
        assert_eq!(
            Locale::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("de,es"), None);
        assert_eq!(Locale::from_accept_language("fr;q=0"), None);
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            Locale::En.tf(T::HomeHello, &[("name", "Ada")]),
            "Hello, Ada"
        );
    }
}
