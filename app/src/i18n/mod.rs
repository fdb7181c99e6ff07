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
        // In the browser, the words the page's islands were given (see [`Words`]).
        #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
        return words::get(key);
        #[cfg(any(feature = "ssr", not(feature = "hydrate")))]
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

/// The words an island may show, in the page's language. The server gives them to the island
/// with its props, and in the browser `t()` reads them from there: so the browser's bundle
/// carries no table of texts at all (a `t()` in an island otherwise brought the whole table,
/// both languages and every key's name). Which keys an island needs is the island's to say,
/// with a test that reads its code (see the live room's).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Words(Vec<Word>);

/// One key's words: its place in [`T::ALL`], its name (errors name their keys in JSON) and
/// its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Word(usize, String, String);

impl Words {
    /// The words of every key `wanted` keeps, in `locale` (on the server).
    pub fn of(locale: Locale, wanted: impl Fn(T) -> bool) -> Words {
        Words(T::ALL.iter().copied().filter(|k| wanted(*k)).map(|k| Word(k as usize, k.name().to_string(), locale.t(k).to_string())).collect())
    }

    /// Make these the words `t()` gives in the browser (for as long as the page lives).
    pub fn install(self) {
        #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
        words::install(self.0.into_iter().map(|Word(i, name, text)| (i, name, text)).collect());
    }
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
mod words {
    use super::T;
    use std::cell::RefCell;

    /// (place in `T::ALL`, name, text)
    type Entry = (usize, &'static str, &'static str);

    thread_local! {
        static WORDS: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
    }

    pub fn install(words: Vec<(usize, String, String)>) {
        // Kept for the page's life: a few kilobytes, given once per island.
        let leak = |s: String| &*Box::leak(s.into_boxed_str());
        WORDS.with(|table| table.borrow_mut().extend(words.into_iter().map(|(i, name, text)| (i, leak(name), leak(text)))));
    }

    /// A key no island was given shows nothing (the island's test names every key it uses).
    pub fn get(key: T) -> &'static str {
        WORDS.with(|table| table.borrow().iter().find(|(i, _, _)| *i == key as usize).map_or("", |(_, _, text)| *text))
    }

    /// Where the key called `name` is in `T::ALL`, if an island was given its words.
    pub fn index_named(name: &str) -> Option<usize> {
        WORDS.with(|table| table.borrow().iter().find(|(_, n, _)| *n == name).map(|(i, _, _)| *i))
    }
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
            assert!(!key.en().trim().is_empty(), "{key:?} has no English text");
            assert!(!key.fr().trim().is_empty(), "{key:?} has no French text");
        }
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
