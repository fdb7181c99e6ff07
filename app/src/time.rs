//! Times are stored as UTC seconds and shown in the reader's zone (Europe/London by default).
//!
//! Formatting happens on the server, which has the zone database; the browser receives both the
//! instant and its words, so hydration shows exactly what the server rendered.

use serde::{Deserialize, Serialize};

pub const DEFAULT_ZONE: &str = "Europe/London";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    pub utc: i64,
    /// e.g. "27 Nov 2026, 14:05 GMT"
    pub local: String,
    /// RFC 3339 for `<time datetime>`.
    pub iso: String,
}

#[cfg(feature = "ssr")]
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// An instant in `zone`, in the words of the page's language (the request's, or English
/// outside a request).
#[cfg(feature = "ssr")]
pub fn when(utc: i64, zone: &str) -> When {
    let locale = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<crate::i18n::Locale>().copied())
        .unwrap_or_default();
    when_in(utc, zone, locale)
}

/// The same, in a given language (for messages to a person in theirs).
#[cfg(feature = "ssr")]
pub fn when_in(utc: i64, zone: &str, locale: crate::i18n::Locale) -> When {
    use chrono::{Datelike, TimeZone};
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Europe::London);
    let instant = chrono::Utc
        .timestamp_opt(utc, 0)
        .single()
        .unwrap_or_default();
    let local = instant.with_timezone(&tz);
    let local = match locale {
        crate::i18n::Locale::En => local.format("%-d %b %Y, %H:%M %Z").to_string(),
        crate::i18n::Locale::Fr => {
            const MONTHS: [&str; 12] = [
                "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
            ];
            format!(
                "{} {} {}, {}",
                local.day(),
                MONTHS[local.month0() as usize],
                local.year(),
                local.format("%H:%M %Z")
            )
        }
    };
    When {
        utc,
        local,
        iso: instant.to_rfc3339(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn french_readers_get_french_months() {
        assert_eq!(
            when_in(1_782_907_200, DEFAULT_ZONE, crate::i18n::Locale::Fr).local,
            "1 juil. 2026, 13:00 BST"
        );
    }

    #[test]
    fn shows_london_time_with_summer_offset() {
        // 2026-07-01 12:00 UTC is 13:00 BST in London.
        assert_eq!(
            when(1_782_907_200, DEFAULT_ZONE).local,
            "1 Jul 2026, 13:00 BST"
        );
        // 2026-12-01 12:00 UTC is 12:00 GMT.
        assert_eq!(
            when(1_796_126_400, DEFAULT_ZONE).local,
            "1 Dec 2026, 12:00 GMT"
        );
    }

    #[test]
    fn an_unknown_zone_falls_back_to_london() {
        assert_eq!(
            when(1_796_126_400, "Mars/Olympus").local,
            "1 Dec 2026, 12:00 GMT"
        );
    }
}
