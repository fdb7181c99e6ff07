//! Meetings through the real server, on both databases: scheduling, RSVPs, iCalendar files
//! read back by an independent parser (Python's `icalendar`), the private feed, and reminders
//! from the durable job queue that are never sent twice.

use crate::common;

use app::accounts::Role;
use app::error::AppError;
use app::i18n::T;
use app::meetings::Meeting;
use common::{TestApp, browser};
use reqwest::Client;

/// Parse an .ics with Python's icalendar and return, per event: UID, DTSTART's zone, DTSTART
/// as ISO text, SEQUENCE and STATUS.
/// Dates in next year, so that no test starts failing when a date written in it has passed.
fn next_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year() + 1
}

fn july(day: u32) -> String {
    format!("{}-07-{day:02}", next_year())
}

fn december(day: u32) -> String {
    format!("{}-12-{day:02}", next_year())
}

/// The last Sunday of March next year, when London's clocks go forward at 01:00.
fn spring_forward() -> String {
    use chrono::{Datelike, NaiveDate, Weekday};
    let mut day = NaiveDate::from_ymd_opt(next_year(), 3, 31).unwrap();
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().unwrap();
    }
    day.format("%Y-%m-%d").to_string()
}

fn read_ics(ics: &str) -> Vec<serde_json::Value> {
    use std::io::Write;
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
out = []
for e in cal.walk("VEVENT"):
    start = e.decoded("DTSTART")
    out.append({"uid": str(e["UID"]), "tz": str(start.tzinfo), "start": start.isoformat(),
                "utc": start.astimezone(__import__("datetime").timezone.utc).isoformat(),
                "sequence": int(e["SEQUENCE"]), "status": str(e["STATUS"]), "summary": str(e["SUMMARY"])})
print(json.dumps(out))
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 (the test command installs the icalendar package)");
    child.stdin.take().unwrap().write_all(ics.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "icalendar could not read our file: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

struct Circle {
    id: String,
    facilitator: Client,
    member: Client,
}

/// A circle with a facilitator and one member co-op whose representative reads French.
async fn circle(app: &TestApp) -> Circle {
    let facilitator = app.person("priya@facilitate.coop", &[Role::Facilitator]).await;
    let path: String = app
        .call(&facilitator, "circles/save", &[
            ("id", "0"), ("name", "Induction"), ("theme", "people"), ("delivery", "online"),
            ("status", "open"), ("capacity", "8"),
        ])
        .await
        .unwrap();
    let id = path.trim_start_matches("/circles/").trim_end_matches("?done=saved").to_string();
    let member = app.person("tom@member.coop", &[Role::Member]).await;
    let (org,): (i64,) = sqlx::query_as(
        "INSERT INTO organisations (name, legal_form, sector, nation, region, created_at) VALUES ('Mill Lane', 'worker', 'food', 'england', 'London', 0) RETURNING id",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO organisation_people (organisation_id, user_id, is_representative) SELECT $1, id, 1 FROM users WHERE email = 'tom@member.coop'")
        .bind(org)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE users SET locale = 'fr' WHERE email = 'tom@member.coop'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO circle_organisations (circle_id, organisation_id, joined_at) VALUES ($1, $2, 0)")
        .bind(id.parse::<i64>().unwrap())
        .bind(org)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    Circle { id, facilitator, member }
}

fn meeting_form<'a>(circle: &'a str, date: &'a str, time: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", "0"), ("circle_id", circle), ("title", "Induction, session 1"), ("date", date), ("time", time),
        ("duration", "90"), ("delivery", "online"), ("location", "https://meet.example/induction"),
        ("agenda", "Check-in round | 10\nWhat works in your induction? | 50\nActions | 15"),
    ]
}

async fn ics(app: &TestApp, client: &Client, path: &str) -> (reqwest::StatusCode, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

on_both_databases!(
    schedule_change_and_cancel_with_calendars_that_follow,
    |app: TestApp| async move {
        let c = circle(&app).await;
        // Bad input and the wrong person change nothing.
        let err = app.call::<String>(&c.facilitator, "meetings/save", &[
            ("id", "0"), ("circle_id", &c.id), ("title", ""), ("date", "tomorrow"), ("time", "7pm"),
            ("duration", "0"), ("delivery", "online"), ("location", "meet.example"), ("agenda", "no minutes"),
        ]).await.unwrap_err();
        for field in ["title", "date", "time", "duration", "location", "agenda"] {
            assert!(err.for_field(field).is_some(), "{field}: {err:?}");
        }
        let err = app.call::<String>(&c.facilitator, "meetings/save", &meeting_form(&c.id, "2020-01-01", "10:00")).await.unwrap_err();
        assert_eq!(err.for_field("date"), Some(T::ErrMeetingInPast));
        // 01:30 on the last Sunday of March does not exist in London (clocks go forward).
        let err = app.call::<String>(&c.facilitator, "meetings/save", &meeting_form(&c.id, &spring_forward(), "01:30")).await.unwrap_err();
        assert_eq!(err.for_field("time"), Some(T::ErrTimeSkipped));
        assert_eq!(app.call::<String>(&c.member, "meetings/save", &meeting_form(&c.id, &july(1), "18:30")).await.unwrap_err(), AppError::Forbidden);
        assert_eq!(app.count("SELECT COUNT(*) FROM meetings").await, 0);

        // 1 July, 18:30 in London is 17:30 UTC (summer time).
        let path: String = app.call(&c.facilitator, "meetings/save", &meeting_form(&c.id, &july(1), "18:30")).await.unwrap();
        let id = path.trim_start_matches("/meetings/").trim_end_matches("?done=saved").to_string();
        let m: Meeting = app.call(&c.member, "meetings/get", &[("id", &id)]).await.unwrap();
        assert_eq!(m.agenda.len(), 3);
        assert_eq!((m.start_date.as_str(), m.start_time.as_str()), (july(1).as_str(), "18:30"));
        assert!(m.can_rsvp && !m.can_manage);
        let starts = m.starts.utc;
        assert_eq!(app.count(&format!("SELECT run_at FROM jobs WHERE kind = 'reminder' AND status = 'pending' AND meeting_id = {id}")).await, starts - 86400);

        let (status, file) = ics(&app, &c.member, &format!("/meetings/{id}/calendar.ics")).await;
        assert_eq!(status, 200);
        let events = read_ics(&file);
        assert_eq!(events.len(), 1);
        let uid = events[0]["uid"].as_str().unwrap().to_string();
        assert_eq!(events[0]["tz"], "Europe/London");
        assert_eq!(events[0]["start"], format!("{}T18:30:00+01:00", july(1)));
        assert_eq!(events[0]["sequence"], 0);
        assert_eq!(events[0]["status"], "CONFIRMED");
        assert_eq!(events[0]["summary"], "Induction, session 1");
        assert_eq!(ics(&app, &browser(), &format!("/meetings/{id}/calendar.ics")).await.0, 401, "signed out");

        // RSVPs: the circle's people answer; others may not.
        app.call::<()>(&c.member, "meetings/rsvp", &[("meeting_id", &id), ("answer", "yes")]).await.unwrap();
        let outsider = app.person("eve@elsewhere.coop", &[Role::Member]).await;
        assert_eq!(app.call::<()>(&outsider, "meetings/rsvp", &[("meeting_id", &id), ("answer", "yes")]).await.unwrap_err(), AppError::Forbidden);
        // Where it meets is for the circle's people only.
        assert_eq!(app.call::<Meeting>(&outsider, "meetings/get", &[("id", &id)]).await.unwrap_err(), AppError::NotFound);
        assert_eq!(ics(&app, &outsider, &format!("/meetings/{id}/calendar.ics")).await.0, 404);
        let err = app.call::<()>(&c.member, "meetings/rsvp", &[("meeting_id", &id), ("answer", "perhaps")]).await.unwrap_err();
        assert_eq!(err.for_field("answer"), Some(T::ErrChooseOne));
        let m: Meeting = app.call(&c.facilitator, "meetings/get", &[("id", &id)]).await.unwrap();
        assert_eq!((m.rsvps.yes, m.my_rsvp), (1, None));

        // Moved to the winter: same UID, SEQUENCE 1, GMT; the reminder moves with it.
        let winter = december(2);
        let mut moved = meeting_form(&c.id, &winter, "18:30");
        moved[0] = ("id", &id);
        app.call::<String>(&c.facilitator, "meetings/save", &moved).await.unwrap();
        let events = read_ics(&ics(&app, &c.member, &format!("/meetings/{id}/calendar.ics")).await.1);
        assert_eq!(events[0]["uid"].as_str(), Some(uid.as_str()));
        assert_eq!(events[0]["sequence"], 1);
        assert_eq!(events[0]["start"], format!("{}T18:30:00+00:00", december(2)));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND status = 'pending' AND meeting_id = {id}")).await, 1);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND status = 'cancelled' AND meeting_id = {id}")).await, 1);

        // Cancelled: the calendar says so; the reminder is withdrawn.
        assert_eq!(app.call::<()>(&c.member, "meetings/cancel", &[("id", &id)]).await.unwrap_err(), AppError::Forbidden);
        app.call::<()>(&c.facilitator, "meetings/cancel", &[("id", &id)]).await.unwrap();
        let events = read_ics(&ics(&app, &c.member, &format!("/meetings/{id}/calendar.ics")).await.1);
        assert_eq!((events[0]["status"].as_str(), events[0]["sequence"].as_i64()), (Some("CANCELLED"), Some(2)));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND status = 'pending' AND meeting_id = {id}")).await, 0);
        let err = app.call::<()>(&c.facilitator, "meetings/cancel", &[("id", &id)]).await.unwrap_err();
        assert_eq!(err.for_field("cancel"), Some(T::ErrMeetingAlreadyCancelled));
    }
);

on_both_databases!(
    reminders_go_once_in_each_persons_language_even_after_a_crash,
    |app: TestApp| async move {
        let c = circle(&app).await;
        let path: String = app.call(&c.facilitator, "meetings/save", &meeting_form(&c.id, &july(1), "18:30")).await.unwrap();
        let id = path.trim_start_matches("/meetings/").trim_end_matches("?done=saved").to_string();
        // Not due yet: nothing is sent.
        assert_eq!(app::jobs::run_due(&app.state).await.unwrap(), 0);
        // Make it due, as if the clock had reached 24 hours before.
        sqlx::query("UPDATE jobs SET run_at = 0 WHERE kind = 'reminder'").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(app::jobs::run_due(&app.state).await.unwrap(), 3, "the reminder, then the two messages it queued");
        let reminders = "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'reminder:%'";
        assert_eq!(app.count(reminders).await, 2, "the facilitator and the member");
        let (subject,): (String,) = sqlx::query_as("SELECT subject FROM outbox WHERE to_addr = 'tom@member.coop'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert!(subject.starts_with(&format!("Rappel : Induction, session 1 (1 juil. {}, 18:30 BST)", next_year())), "{subject}");

        // A worker died after sending but before marking the job done: the lease runs out, the
        // job runs again — and nobody gets a second email.
        sqlx::query("UPDATE jobs SET status = 'running', locked_until = 1 WHERE kind = 'reminder'").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(app::jobs::run_due(&app.state).await.unwrap(), 1);
        assert_eq!(app.count(reminders).await, 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'reminder' AND status = 'done'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'mail' AND status = 'done'").await, 2, "each message delivered once");

        // The facilitator's own reminder, sent at once; members see it among their messages.
        let err = app.call::<()>(&c.facilitator, "meetings/remind", &[("meeting_id", &id), ("message", " ")]).await.unwrap_err();
        assert_eq!(err.for_field("reminder-message"), Some(T::ErrMessageMissing));
        assert_eq!(app.call::<()>(&c.member, "meetings/remind", &[("meeting_id", &id), ("message", "Hi")]).await.unwrap_err(), AppError::Forbidden);
        app.call::<()>(&c.facilitator, "meetings/remind", &[("meeting_id", &id), ("message", "Bring your induction pack.")]).await.unwrap();
        app::jobs::run_due(&app.state).await.unwrap();
        let messages: Vec<app::mail::OutboxMessage> = app.call(&c.member, "meetings/my_messages", &[]).await.unwrap();
        assert!(messages[0].body.starts_with("Bring your induction pack."), "{:?}", messages[0]);
        assert_eq!(messages.len(), 2);

        // Rescheduling makes a new reminder for the new time; cancelling tells everyone once.
        app.call::<()>(&c.facilitator, "meetings/cancel", &[("id", &id)]).await.unwrap();
        app::jobs::run_due(&app.state).await.unwrap();
        app::jobs::run_due(&app.state).await.unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'cancelled:%'").await, 2);
    }
);

on_both_databases!(
    the_private_feed_lists_my_meetings_until_revoked,
    |app: TestApp| async move {
        let c = circle(&app).await;
        for date in [july(1), july(8)] {
            app.call::<String>(&c.facilitator, "meetings/save", &meeting_form(&c.id, &date, "18:30")).await.unwrap();
        }
        assert!(!app.call::<bool>(&c.member, "meetings/feed", &[]).await.unwrap());
        let url: String = app.call(&c.member, "meetings/new_feed", &[]).await.unwrap();
        let path = url.trim_start_matches(&app.base).to_string();
        assert!(path.starts_with("/calendar/") && path.ends_with(".ics"), "{path}");
        // No session needed: calendar apps have none.
        let (status, body) = ics(&app, &browser(), &path).await;
        assert_eq!(status, 200);
        let events = read_ics(&body);
        assert_eq!(events.len(), 2);
        assert!(events.iter().all(|e| e["tz"] == "Europe/London"));
        // Someone outside the circle gets an empty feed of their own.
        let outsider = app.person("eve@elsewhere.coop", &[Role::Member]).await;
        let other_url: String = app.call(&outsider, "meetings/new_feed", &[]).await.unwrap();
        assert!(read_ics(&ics(&app, &browser(), other_url.trim_start_matches(&app.base)).await.1).is_empty());

        // A new address replaces the old; turning it off stops it.
        let url2: String = app.call(&c.member, "meetings/new_feed", &[]).await.unwrap();
        assert_eq!(ics(&app, &browser(), &path).await.0, 404);
        let path2 = url2.trim_start_matches(&app.base).to_string();
        assert_eq!(ics(&app, &browser(), &path2).await.0, 200);
        app.call::<()>(&c.member, "meetings/revoke_feed", &[]).await.unwrap();
        assert_eq!(ics(&app, &browser(), &path2).await.0, 404);
        assert_eq!(ics(&app, &browser(), "/calendar/not-a-token.ics").await.0, 404);
    }
);

on_both_databases!(
    a_circle_page_lists_meetings_to_come_soonest_first_and_the_last_ten_held_latest_first,
    |app: TestApp| async move {
        let c = circle(&app).await;
        let mut ids = Vec::new();
        for day in 1..=13 {
            let path: String = app.call(&c.facilitator, "meetings/save", &meeting_form(&c.id, &july(day), "18:30")).await.unwrap();
            ids.push(path.trim_start_matches("/meetings/").trim_end_matches("?done=saved").parse::<i64>().unwrap());
        }
        // Eleven of them held, the first made the longest ago (2 to 12 days).
        for (i, id) in ids[..11].iter().enumerate() {
            sqlx::query("UPDATE meetings SET starts_at = $1 WHERE id = $2")
                .bind(app::time::now() - (12 - i as i64) * 86_400)
                .bind(id)
                .execute(&app.state.db.pool)
                .await
                .unwrap();
        }
        let (status, _, html) = app.get(&c.member, &format!("/circles/{}", c.id)).await;
        assert_eq!(status, 200);
        let listed = |part: &str| -> Vec<i64> {
            part.split("href=\"/meetings/").skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect()
        };
        // (Its member reads French: found by the heading's anchor.)
        let past = html.find("id=\"past-meetings\"").expect("a heading for the meetings held");
        assert!(html.contains("Réunions passées"));
        assert_eq!(listed(&html[..past]), ids[11..].to_vec(), "to come, soonest first");
        let held: Vec<i64> = ids[1..11].iter().rev().copied().collect();
        assert_eq!(listed(&html[past..]), held, "the last ten held, latest first");
    }
);
