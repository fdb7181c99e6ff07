//! Meetings as pages show them, and the checks on what a facilitator types.

use crate::error::{AppError, FieldError};
use crate::i18n::T;
use crate::time::When;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub title: String,
    pub minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RsvpCounts {
    pub yes: i64,
    pub maybe: i64,
    pub no: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub circle_id: i64,
    pub circle_name: String,
    pub title: String,
    pub starts: When,
    pub ends: When,
    /// The start as typed, in the meeting's zone, for the edit form.
    pub start_date: String,
    pub start_time: String,
    pub duration_minutes: i64,
    pub delivery_mode: String,
    /// Address, dial-in details or link, by delivery mode.
    pub location: String,
    pub status: String,
    pub sequence: i64,
    pub agenda: Vec<AgendaItem>,
    pub rsvps: RsvpCounts,
    pub my_rsvp: Option<String>,
    /// The viewer takes part (a person of a member co-op, or a facilitator).
    pub can_rsvp: bool,
    /// The viewer facilitates the circle, or is an admin.
    pub can_manage: bool,
    /// Its live session, once started: (id, "open" or "closed").
    pub live: Option<(i64, String)>,
    /// What the closed session left: attendance, notes, poll results, actions.
    pub summary: Option<crate::live::summary::Summary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSummary {
    pub id: i64,
    pub circle_id: i64,
    pub circle_name: String,
    pub title: String,
    pub starts: When,
    pub delivery_mode: String,
    pub status: String,
}

pub const RSVP_ANSWERS: &[(&str, T)] = &[
    ("yes", T::RsvpYes),
    ("maybe", T::RsvpMaybe),
    ("no", T::RsvpNo),
];

pub const TITLE_MAX: usize = 120;
pub const LOCATION_MAX: usize = 500;
pub const AGENDA_MAX_ITEMS: usize = 30;
pub const DURATION_MAX: i64 = 8 * 60;

/// Read the agenda, one item per line as `title | minutes`.
pub fn parse_agenda(text: &str) -> Result<Vec<AgendaItem>, FieldError> {
    let mut items = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (title, minutes) = line
            .rsplit_once('|')
            .ok_or_else(|| FieldError::new("agenda", T::ErrAgendaLine))?;
        let title = title.trim();
        let minutes: i64 = minutes
            .trim()
            .parse()
            .map_err(|_| FieldError::new("agenda", T::ErrAgendaLine))?;
        if title.is_empty() || title.chars().count() > TITLE_MAX || !(1..=240).contains(&minutes) {
            return Err(FieldError::new("agenda", T::ErrAgendaLine));
        }
        items.push(AgendaItem {
            title: title.to_string(),
            minutes,
        });
    }
    if items.len() > AGENDA_MAX_ITEMS {
        return Err(FieldError::new("agenda", T::ErrAgendaTooLong));
    }
    Ok(items)
}

pub fn agenda_lines(items: &[AgendaItem]) -> String {
    items
        .iter()
        .map(|i| format!("{} | {}", i.title, i.minutes))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a facilitator typed, checked (the start is converted to UTC on the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInput {
    pub title: String,
    pub date: String,
    pub time: String,
    pub duration_minutes: i64,
    pub delivery_mode: String,
    pub location: String,
    pub agenda: Vec<AgendaItem>,
}

pub fn check_meeting(
    title: &str,
    date: &str,
    time: &str,
    duration: &str,
    delivery: &str,
    location: &str,
    agenda: &str,
) -> Result<MeetingInput, AppError> {
    let mut errors = Vec::new();
    let title = title.trim();
    if title.is_empty() {
        errors.push(FieldError::new("title", T::ErrMeetingTitleMissing));
    } else if title.chars().count() > TITLE_MAX {
        errors.push(FieldError::new("title", T::ErrTextTooLong));
    }
    let date_ok = date.len() == 10
        && date.as_bytes()[4] == b'-'
        && date.as_bytes()[7] == b'-'
        && date.chars().filter(|c| c.is_ascii_digit()).count() == 8;
    if !date_ok {
        errors.push(FieldError::new("date", T::ErrDateInvalid));
    }
    let time_ok = time.len() == 5
        && time.as_bytes()[2] == b':'
        && time[..2].parse::<u32>().is_ok_and(|h| h < 24)
        && time[3..].parse::<u32>().is_ok_and(|m| m < 60);
    if !time_ok {
        errors.push(FieldError::new("time", T::ErrTimeInvalid));
    }
    let duration_minutes = match duration.trim().parse::<i64>() {
        Ok(n) if (5..=DURATION_MAX).contains(&n) => n,
        _ => {
            errors.push(FieldError::new("duration", T::ErrDurationInvalid));
            0
        }
    };
    if !crate::organisations::vocab::is_choice(crate::organisations::vocab::DELIVERY, delivery) {
        errors.push(FieldError::new("delivery", T::ErrChooseOne));
    }
    let location = location.trim();
    if location.is_empty() {
        errors.push(FieldError::new(
            "location",
            match delivery {
                "face_to_face" => T::ErrAddressMissing,
                "phone" => T::ErrDialInMissing,
                _ => T::ErrLinkMissing,
            },
        ));
    } else if location.chars().count() > LOCATION_MAX {
        errors.push(FieldError::new("location", T::ErrWordsTooLong));
    } else if delivery == "online" && !location.starts_with("https://") {
        errors.push(FieldError::new("location", T::ErrLinkMissing));
    }
    let agenda = match parse_agenda(agenda) {
        Ok(items) => items,
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(MeetingInput {
        title: title.to_string(),
        date: date.to_string(),
        time: time.to_string(),
        duration_minutes,
        delivery_mode: delivery.to_string(),
        location: location.to_string(),
        agenda,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agenda_lines_round_trip_and_bad_lines_are_named() {
        let items = parse_agenda("Check-in round | 10\n\n Induction: what works? | 40 ").unwrap();
        assert_eq!(items[1], AgendaItem { title: "Induction: what works?".into(), minutes: 40 });
        assert_eq!(parse_agenda(&agenda_lines(&items)).unwrap(), items);
        assert_eq!(parse_agenda("No minutes").unwrap_err().message, T::ErrAgendaLine);
        assert_eq!(parse_agenda("Too long | 999").unwrap_err().message, T::ErrAgendaLine);
    }

    #[test]
    fn a_meeting_needs_the_right_place_for_its_mode() {
        let ok = check_meeting("Circle 3", "2026-12-03", "18:30", "90", "online", "https://meet.example/abc", "Check-in | 10").unwrap();
        assert_eq!(ok.duration_minutes, 90);
        let err = check_meeting(" ", "3/12/2026", "25:00", "0", "online", "meet.example", "").unwrap_err();
        for field in ["title", "date", "time", "duration", "location"] {
            assert!(err.for_field(field).is_some(), "{field}");
        }
        let err = check_meeting("X", "2026-12-03", "18:30", "60", "phone", "", "").unwrap_err();
        assert_eq!(err.for_field("location"), Some(T::ErrDialInMissing));
    }
}
