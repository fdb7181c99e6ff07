//! Gathering a co-op's portfolio from what it already has, and applying its choices.
//!
//! Everything that could go in is gathered ([`gather`]); the co-op's choices then leave items
//! out and order them ([`curate`]). The privacy rule is kept here, by construction: names come
//! only from the co-op's own people; anyone else present at a session is counted, never named,
//! and only the co-op's own actions are taken from a session.

use super::document::{self as doc, Portfolio};
use super::model::{Item, KIND_EVIDENCE, KIND_GOAL, KIND_MEETING, KIND_REPORT, KIND_SESSION, split_key};
use super::store;
use crate::db::Db;
use crate::error::AppResult;
use crate::i18n::{Locale, T};
use crate::live::model::SessionState;
use std::collections::{BTreeMap, BTreeSet};

fn iso(utc: i64) -> String {
    chrono::DateTime::from_timestamp(utc, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Everything that could go in the co-op's portfolio, in the language given.
pub async fn gather(db: &Db, organisation_id: i64, name: &str, locale: Locale) -> AppResult<Portfolio> {
    let statements = store::statements(db, organisation_id).await?;
    Ok(Portfolio {
        schema_version: doc::SCHEMA_VERSION,
        language: locale.code().to_string(),
        generated_at: iso(crate::time::now()),
        organisation: Some(organisation(organisation_id, name)),
        person: None,
        circles: circles(store::coop_circles(db, organisation_id).await?),
        goals: goals(db, organisation_id, locale, &statements).await?,
        reports: reports(db, organisation_id, locale).await?,
        attendance: Vec::new(),
        sessions: Vec::new(),
        evidence: evidence(db, organisation_id).await?,
    }
    .with_sessions(sessions(db, store::closed_sessions(db, organisation_id).await?, &store::people(db, organisation_id).await?, &[organisation_id]).await?))
}

/// One person's own learning record: their circles, and the meetings and sessions they
/// attended. Only they are named; of a session's actions, only their co-op's are kept. None
/// when there is no such person.
pub async fn gather_record(db: &Db, user_id: i64, locale: Locale) -> AppResult<Option<Portfolio>> {
    let Some((name, coops)) = store::person(db, user_id).await? else { return Ok(None) };
    let own = BTreeMap::from([(user_id, name.clone())]);
    let coop_ids: Vec<i64> = coops.iter().map(|(id, _)| *id).collect();
    let found = sessions(db, store::person_sessions(db, user_id).await?, &own, &coop_ids).await?;
    Ok(Some(
        Portfolio {
            schema_version: doc::SCHEMA_VERSION,
            language: locale.code().to_string(),
            generated_at: iso(crate::time::now()),
            organisation: coops.first().map(|(id, coop)| organisation(*id, coop)),
            person: Some(doc::Person { id: format!("person:{user_id}"), name, source: "/account/record".into() }),
            circles: circles(store::person_circles(db, user_id).await?),
            ..Portfolio::default()
        }
        .with_sessions(found),
    ))
}

fn organisation(id: i64, name: &str) -> doc::Organisation {
    doc::Organisation { id: format!("organisation:{id}"), name: name.to_string(), source: format!("/coops/{id}") }
}

fn circles(rows: Vec<store::CircleRow>) -> Vec<doc::Circle> {
    rows.into_iter()
        .map(|(id, name, theme, joined)| doc::Circle {
            id: format!("circle:{id}"),
            name,
            theme,
            joined_on: joined.map(|at| iso(at)[..10].to_string()).unwrap_or_default(),
            source: format!("/circles/{id}"),
        })
        .collect()
}

impl Portfolio {
    fn with_sessions(mut self, (attendance, sessions): (Vec<doc::Meeting>, Vec<doc::Session>)) -> Self {
        self.attendance = attendance;
        self.sessions = sessions;
        self
    }
}

async fn goals(db: &Db, organisation_id: i64, locale: Locale, statements: &BTreeMap<i64, String>) -> AppResult<Vec<doc::Goal>> {
    use crate::programmes::store as programmes;
    let choices = programmes::choices(db, organisation_id, locale).await?;
    let today = programmes::today();
    let goals = programmes::goals(db, organisation_id, &choices, locale, &today, programmes::Listed::All).await?;
    Ok(goals
        .into_iter()
        .map(|g| doc::Goal {
            id: format!("goal:{}", g.id),
            issues: g.issues.into_iter().map(|(_, words)| words).collect(),
            outcome: g.outcome,
            measure: g.measure,
            statement: statements.get(&g.id).cloned().unwrap_or_default(),
            activities: g
                .activities
                .into_iter()
                .filter(|a| a.status == "done")
                .map(|a| doc::Activity {
                    id: format!("activity:{}", a.id),
                    what: a.what,
                    owner: a.owner,
                    starts_on: a.starts_on,
                    due_on: a.due_on,
                    note: a.note,
                    source: format!("/coops/{organisation_id}/programme#activity-{}", a.id),
                })
                .collect(),
            source: format!("/coops/{organisation_id}/programme#goal-{}", g.id),
            title: g.title,
        })
        .collect())
}

async fn reports(db: &Db, organisation_id: i64, locale: Locale) -> AppResult<Vec<doc::Report>> {
    use crate::reports::{store as reports, template::{KIND_ACTIVITIES, KIND_EVIDENCE as SECTION_FILES}};
    let files = store::accepted_files(db, organisation_id).await?;
    let mut out = Vec::new();
    for (id, goal_id, template_id, title, answers, follows, accepted_at) in store::accepted_reports(db, organisation_id).await? {
        let template = reports::template(db, template_id).await?;
        let answers: BTreeMap<String, String> = serde_json::from_str(&answers).unwrap_or_default();
        let mut sections = Vec::new();
        for s in &template.sections {
            let text = if s.kind == KIND_ACTIVITIES {
                // The table as it stands now, a line per activity: what, who, due, status.
                reports::activity_lines(db, organisation_id, goal_id, locale)
                    .await?
                    .into_iter()
                    .map(|(what, owner, due, status)| {
                        let status = locale.t(crate::programmes::model::status_label(&status));
                        [what, owner, due, status.to_string()].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" · ")
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            } else if s.kind == SECTION_FILES {
                String::new()
            } else {
                answers.get(&s.key).map(|a| s.answer_text(a, locale)).unwrap_or_default()
            };
            let evidence = files.iter().filter(|f| f.1 == id && f.2 == s.key).map(|f| format!("evidence:{}", f.0)).collect();
            sections.push(doc::Section { title: s.title.get(locale).to_string(), text, evidence });
        }
        out.push(doc::Report {
            id: format!("report:{id}"),
            title,
            template: format!("{} ({})", template.title_in(locale), locale.tf(T::TemplateVersion, &[("version", &template.version.to_string())])),
            goal: goal_id.map(|g| format!("goal:{g}")),
            accepted_at: accepted_at.map(iso).unwrap_or_default(),
            follows: follows.map(|f| format!("report:{f}")),
            sections,
            source: format!("/reports/{id}"),
        });
    }
    Ok(out)
}

async fn evidence(db: &Db, organisation_id: i64) -> AppResult<Vec<doc::Evidence>> {
    Ok(store::accepted_files(db, organisation_id)
        .await?
        .into_iter()
        .map(|(id, report_id, section, sha256, name, media_type, size)| doc::Evidence {
            id: format!("evidence:{id}"),
            path: bundle_path(id, &name),
            name,
            media_type,
            size: size.max(0) as u64,
            sha256,
            report: format!("report:{report_id}"),
            section,
            source: format!("/evidence/{id}"),
        })
        .collect())
}

/// "evidence/005-welcome-day.jpg": numbered so two files of the same name never clash, with
/// only characters every unzip tool and file system takes.
pub fn bundle_path(id: i64, name: &str) -> String {
    let mut clean = String::new();
    for c in name.chars() {
        let c = if c.is_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '-' };
        if !(c == '-' && clean.ends_with('-')) {
            clean.push(c);
        }
    }
    let clean: String = clean.trim_matches(['-', '.']).chars().take(80).collect();
    format!("evidence/{id:03}-{}", if clean.is_empty() { "file" } else { &clean })
}

/// Of the closed sessions given, those `people` attended: one attendance row per meeting naming
/// only them (anyone else is counted), and the session's actions taken on by one of `coops`,
/// and its revealed polls.
async fn sessions(
    db: &Db,
    rows: Vec<store::SessionRow>,
    people: &BTreeMap<i64, String>,
    coops: &[i64],
) -> AppResult<(Vec<doc::Meeting>, Vec<doc::Session>)> {
    let mut attendance = Vec::new();
    let mut sessions = Vec::new();
    for (session_id, meeting_id, title, circle, starts_at, closed_at) in rows {
        let mut state = SessionState::default();
        for event in crate::live::store::events_after(db, session_id, 0).await? {
            // A refused event changed nothing when it was sent either.
            let _ = state.apply(&event);
        }
        let came = |a: &str| a == "present" || a == "late";
        let present: Vec<String> =
            state.people.iter().filter(|(id, p)| people.contains_key(id) && came(&p.attendance)).map(|(_, p)| p.name.clone()).collect();
        if present.is_empty() {
            continue;
        }
        let others = state.people.iter().filter(|(id, p)| !people.contains_key(id) && came(&p.attendance)).count() as u32;
        attendance.push(doc::Meeting {
            id: format!("meeting:{meeting_id}"),
            title: title.clone(),
            circle,
            starts_at: iso(starts_at),
            present: present.clone(),
            others_present: others,
            source: format!("/meetings/{meeting_id}"),
        });
        sessions.push(doc::Session {
            id: format!("session:{session_id}"),
            title,
            ended_at: closed_at.map(iso).unwrap_or_default(),
            participants: present.len() as u32 + others,
            actions: state
                .actions
                .iter()
                .filter(|a| a.organisation_id.is_some_and(|o| coops.contains(&o)))
                .map(|a| [a.what.clone(), a.who.clone(), a.due.clone()].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" · "))
                .collect(),
            polls: state
                .polls
                .iter()
                .filter(|p| p.revealed)
                .map(|p| doc::Poll {
                    question: p.question.clone(),
                    results: p.options.iter().zip(p.tally.iter()).map(|(o, v)| doc::PollOption { option: o.clone(), votes: *v }).collect(),
                })
                .collect(),
            source: format!("/meetings/{meeting_id}"),
        });
    }
    Ok((attendance, sessions))
}

/// The page's list: every item with the co-op's choice (in by default), in order.
pub fn items(p: &Portfolio, choices: &BTreeMap<String, (bool, i64)>, locale: Locale, zone: &str) -> Vec<Item> {
    let date = |iso_text: &str| {
        chrono::DateTime::parse_from_rfc3339(iso_text).map(|d| crate::time::when_in(d.timestamp(), zone, locale).local).unwrap_or_default()
    };
    let mut out: Vec<Item> = Vec::new();
    let mut push = |key: &str, kind: &str, title: String, detail: String, link: &str| {
        out.push(Item { key: key.to_string(), kind: kind.to_string(), title, detail, included: true, position: 0, link: link.to_string() });
    };
    for g in &p.goals {
        push(&g.id, KIND_GOAL, g.title.clone(), format!("{}: {}", locale.t(T::PdfActivitiesDone), g.activities.len()), &g.source);
    }
    for r in &p.reports {
        push(&r.id, KIND_REPORT, r.title.clone(), format!("{} {}", locale.t(T::PdfAcceptedOn), date(&r.accepted_at)), &r.source);
    }
    for m in &p.attendance {
        push(&m.id, KIND_MEETING, m.title.clone(), format!("{} · {}", date(&m.starts_at), m.present.join(", ")), &m.source);
    }
    for s in &p.sessions {
        push(&s.id, KIND_SESSION, s.title.clone(), date(&s.ended_at), &s.source);
    }
    for e in &p.evidence {
        push(&e.id, KIND_EVIDENCE, e.name.clone(), crate::files::size_label(e.size as i64), &e.source);
    }
    for item in &mut out {
        if let Some((included, position)) = choices.get(&item.key) {
            item.included = *included;
            item.position = *position;
        }
    }
    order(&mut out, |i| (&i.kind, i.position));
    // Places shown from 1, in the order they stand.
    let mut seen: BTreeMap<String, i64> = BTreeMap::new();
    for item in &mut out {
        let n = seen.entry(item.kind.clone()).or_default();
        *n += 1;
        item.position = *n;
    }
    out
}

/// Where an item stands in its list: its chosen place, or after every placed item when it was
/// never placed (gathered since the co-op last saved its choices).
fn place_of(position: i64) -> i64 {
    if position > 0 { position } else { i64::MAX }
}

/// Sort by kind, then chosen place; a stable sort keeps ties in gathered order.
fn order<I>(list: &mut [I], key: impl Fn(&I) -> (&String, i64)) {
    let kinds = |k: &str| super::model::KINDS.iter().position(|x| *x == k).unwrap_or(usize::MAX);
    list.sort_by(|a, b| {
        let (ka, pa) = key(a);
        let (kb, pb) = key(b);
        kinds(ka).cmp(&kinds(kb)).then(place_of(pa).cmp(&place_of(pb)))
    });
}

/// The portfolio as the co-op chose it: items left out are gone (with the evidence of a report
/// left out, and the references to files left out), the rest in the chosen order.
pub fn curate(mut p: Portfolio, choices: &BTreeMap<String, (bool, i64)>) -> Portfolio {
    let included = |key: &str| choices.get(key).map(|c| c.0).unwrap_or(true);
    let place = |key: &str| place_of(choices.get(key).map(|c| c.1).unwrap_or(0));
    fn keep_sorted<X>(list: &mut Vec<X>, id: impl Fn(&X) -> &str, included: &dyn Fn(&str) -> bool, place: &dyn Fn(&str) -> i64) {
        list.retain(|x| included(id(x)));
        list.sort_by_key(|x| place(id(x)));
    }
    keep_sorted(&mut p.goals, |g| &g.id, &included, &place);
    keep_sorted(&mut p.reports, |r| &r.id, &included, &place);
    keep_sorted(&mut p.attendance, |m| &m.id, &included, &place);
    keep_sorted(&mut p.sessions, |s| &s.id, &included, &place);
    let reports: BTreeSet<String> = p.reports.iter().map(|r| r.id.clone()).collect();
    p.evidence.retain(|e| reports.contains(&e.report));
    keep_sorted(&mut p.evidence, |e| &e.id, &included, &place);
    let files: BTreeSet<String> = p.evidence.iter().map(|e| e.id.clone()).collect();
    for r in &mut p.reports {
        for s in &mut r.sections {
            s.evidence.retain(|e| files.contains(e));
        }
    }
    // A follow-up of a report left out no longer points at it.
    for r in &mut p.reports {
        if r.follows.as_ref().is_some_and(|f| !reports.contains(f)) {
            r.follows = None;
        }
    }
    p
}

/// Whether a key names one of the items gathered (what a posted form may choose about).
pub fn is_item(p: &Portfolio, key: &str) -> bool {
    let Some((kind, _)) = split_key(key) else { return false };
    match kind {
        KIND_GOAL => p.goals.iter().any(|x| x.id == key),
        KIND_REPORT => p.reports.iter().any(|x| x.id == key),
        KIND_MEETING => p.attendance.iter().any(|x| x.id == key),
        KIND_SESSION => p.sessions.iter().any(|x| x.id == key),
        KIND_EVIDENCE => p.evidence.iter().any(|x| x.id == key),
        _ => false,
    }
}

/// The words around the content, in the portfolio's language.
pub fn labels(p: &Portfolio, locale: Locale) -> doc::Labels {
    let date = p.generated_at.get(..10).unwrap_or_default();
    doc::Labels {
        title: locale.tf(if p.is_record() { T::RecordOf } else { T::PortfolioOf }, &[("name", p.subject_name())]),
        generated: locale.tf(T::PdfGenerated, &[("date", date)]),
        contents: locale.t(T::PdfContents).into(),
        goals: locale.t(T::PortfolioGoals).into(),
        circles: locale.t(T::PortfolioCircles).into(),
        joined: locale.t(T::PdfJoined).into(),
        issues: locale.t(T::PdfIssues).into(),
        outcome: locale.t(T::FieldOutcome).into(),
        measure: locale.t(T::PdfMeasure).into(),
        statement: locale.t(T::PdfStatement).into(),
        activities_done: locale.t(T::PdfActivitiesDone).into(),
        reports: locale.t(T::PortfolioReports).into(),
        accepted_on: locale.t(T::PdfAcceptedOn).into(),
        follow_up_of: locale.t(T::ReportFollowsUp).into(),
        attendance: locale.t(T::PortfolioAttendance).into(),
        meeting: locale.t(T::PdfMeeting).into(),
        date: locale.t(T::PdfDate).into(),
        present: locale.t(T::PdfPresent).into(),
        others_present: locale.t(T::PdfOthersPresent).into(),
        sessions: locale.t(T::PortfolioSessions).into(),
        actions: locale.t(T::PdfActions).into(),
        polls: locale.t(T::PdfPolls).into(),
        evidence: locale.t(T::PortfolioEvidence).into(),
        file: locale.t(T::PdfFile).into(),
        size: locale.t(T::PdfSize).into(),
        page: locale.t(T::PdfPage).into(),
        none: locale.t(T::PdfNone).into(),
    }
}
