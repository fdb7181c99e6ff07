//! iCalendar (RFC 5545) for meetings: one file per meeting and a person's feed. Times carry
//! their zone (`DTSTART;TZID=Europe/London`) with the zone's rules included, `SEQUENCE` goes up
//! at every change, and a cancelled meeting stays in the feed as `STATUS:CANCELLED` so
//! calendars remove it.

use chrono::TimeZone;

/// What a calendar needs of one meeting.
pub struct Event<'a> {
    pub uid: &'a str,
    pub sequence: i64,
    pub starts_at: i64,
    pub duration_minutes: i64,
    pub time_zone: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub url: String,
    pub cancelled: bool,
    pub updated_at: i64,
}

/// A whole-day entry: an activity due on a date (`DTSTART;VALUE=DATE`).
pub struct DayEvent<'a> {
    pub uid: String,
    pub sequence: i64,
    /// YYYY-MM-DD
    pub date: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub cancelled: bool,
    pub updated_at: i64,
}

/// Europe/London's rules since 1996 (the EU's last Sundays of March and October).
const EUROPE_LONDON: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nDTSTART:19810329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nDTSTART:19961027T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// Escape a TEXT value (RFC 5545 3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn utc_stamp(t: i64) -> String {
    chrono::Utc
        .timestamp_opt(t, 0)
        .single()
        .unwrap_or_default()
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

fn local_stamp(t: i64, zone: &chrono_tz::Tz) -> String {
    chrono::Utc
        .timestamp_opt(t, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(zone)
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

/// A whole calendar of events.
pub fn calendar(name: &str, events: &[Event]) -> String {
    calendar_with_days(name, events, &[])
}

/// A calendar of events and whole-day entries.
pub fn calendar_with_days(name: &str, events: &[Event], days: &[DayEvent]) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Co-operatives 2020//Co-op Circles//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(line, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", text(name)), &mut out);
    if events.iter().any(|e| e.time_zone == "Europe/London") {
        out.push_str(EUROPE_LONDON);
    }
    for e in events {
        let zone: chrono_tz::Tz = e.time_zone.parse().unwrap_or(chrono_tz::Europe::London);
        let ends = e.starts_at + e.duration_minutes * 60;
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{}", e.uid), &mut out);
        fold(&format!("DTSTAMP:{}", utc_stamp(e.updated_at)), &mut out);
        fold(&format!("LAST-MODIFIED:{}", utc_stamp(e.updated_at)), &mut out);
        fold(&format!("SEQUENCE:{}", e.sequence), &mut out);
        fold(&format!("DTSTART;TZID=Europe/London:{}", local_stamp(e.starts_at, &zone)), &mut out);
        fold(&format!("DTEND;TZID=Europe/London:{}", local_stamp(ends, &zone)), &mut out);
        fold(&format!("SUMMARY:{}", text(e.title)), &mut out);
        if !e.description.is_empty() {
            fold(&format!("DESCRIPTION:{}", text(e.description)), &mut out);
        }
        if !e.location.is_empty() {
            fold(&format!("LOCATION:{}", text(e.location)), &mut out);
        }
        fold(&format!("URL:{}", e.url), &mut out);
        fold(
            if e.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" },
            &mut out,
        );
        fold("END:VEVENT", &mut out);
    }
    for d in days {
        let Ok(date) = chrono::NaiveDate::parse_from_str(d.date, "%Y-%m-%d") else { continue };
        let next = date.succ_opt().unwrap_or(date);
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{}", d.uid), &mut out);
        fold(&format!("DTSTAMP:{}", utc_stamp(d.updated_at)), &mut out);
        fold(&format!("LAST-MODIFIED:{}", utc_stamp(d.updated_at)), &mut out);
        fold(&format!("SEQUENCE:{}", d.sequence), &mut out);
        fold(&format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")), &mut out);
        fold(&format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")), &mut out);
        fold(&format!("SUMMARY:{}", text(d.title)), &mut out);
        if !d.description.is_empty() {
            fold(&format!("DESCRIPTION:{}", text(d.description)), &mut out);
        }
        fold(&format!("URL:{}", d.url), &mut out);
        fold("TRANSP:TRANSPARENT", &mut out);
        fold(if d.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" }, &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_escaped_and_folded_within_75_octets() {
        let long = "Café, ".repeat(30);
        let event = Event {
            uid: "meeting-1@coop-circles",
            sequence: 2,
            starts_at: 1_782_907_200,
            duration_minutes: 90,
            time_zone: "Europe/London",
            title: &long,
            description: "Line one\nLine; two",
            location: "",
            url: "https://example.coop/meetings/1".into(),
            cancelled: true,
            updated_at: 1_782_000_000,
        };
        let cal = calendar("Circles", &[event]);
        assert!(cal.lines().all(|l| l.len() <= 76), "folded");
        assert!(cal.contains("DTSTART;TZID=Europe/London:20260701T130000\r\n"), "BST is UTC+1");
        assert!(cal.contains("DESCRIPTION:Line one\\nLine\\; two\r\n"));
        assert!(cal.contains("STATUS:CANCELLED\r\nEND:VEVENT"));
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
    }
}
