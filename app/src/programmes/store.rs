//! Programme storage: goals, activities, proposals (the co-op's `organisation_actions`) and the
//! history of changes. Each change and its history line are written in one transaction.

use super::check::{ActivityInput, GoalInput};
use super::model::{Activity, Choices, Goal, ProgrammeEvent, Progress, Proposal, OWNER_CIRCLE, OWNER_SPECIALIST};
use crate::db::Db;
use crate::error::AppResult;
use crate::i18n::{Locale, T};
use crate::time::{now, when};

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Today's date where the mutual works (activities are due on calendar days, not instants).
pub fn today() -> String {
    let tz: chrono_tz::Tz = crate::time::DEFAULT_ZONE.parse().unwrap_or(chrono_tz::Europe::London);
    chrono::Utc::now().with_timezone(&tz).format("%Y-%m-%d").to_string()
}

pub async fn organisation_name(db: &Db, organisation_id: i64) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM organisations WHERE id = $1")
        .bind(organisation_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(n,)| n))
}

/// The issues the co-op chose in its needs analysis, its circles and its people.
pub async fn choices(db: &Db, organisation_id: i64, locale: Locale) -> AppResult<Choices> {
    let (needs,): (String,) = sqlx::query_as("SELECT needs FROM organisations WHERE id = $1")
        .bind(organisation_id)
        .fetch_one(&db.pool)
        .await?;
    let needs: Vec<crate::onboarding::application::ThemeNeed> = serde_json::from_str(&needs).unwrap_or_default();
    let questionnaire = crate::onboarding::store::questionnaire(db, None).await.ok();
    let issues = needs
        .iter()
        .flat_map(|n| n.issues.iter())
        .map(|key| {
            let text = questionnaire
                .as_ref()
                .and_then(|q| q.any_issue_text(key))
                .map(|t| t.get(locale).to_string())
                .unwrap_or_else(|| key.clone());
            (key.clone(), text)
        })
        .collect();
    let circles: Vec<(i64, String)> = sqlx::query_as(
        "SELECT c.id, c.name FROM circle_organisations co JOIN circles c ON c.id = co.circle_id WHERE co.organisation_id = $1 ORDER BY c.name",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?;
    let people: Vec<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM organisation_people op JOIN users u ON u.id = op.user_id WHERE op.organisation_id = $1 ORDER BY u.name",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Choices { issues, circles, people })
}

#[derive(sqlx::FromRow)]
struct GoalRow {
    id: i64,
    title: String,
    issues: String,
    outcome: String,
    measure: String,
    circle_id: Option<i64>,
    circle_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ActivityRow {
    id: i64,
    goal_id: i64,
    what: String,
    owner_kind: String,
    owner_user_id: Option<i64>,
    owner_name: String,
    person_name: Option<String>,
    starts_on: String,
    due_on: String,
    status: String,
    drop_reason: String,
    note: String,
    source_meeting_id: Option<i64>,
    meeting_title: Option<String>,
}

const ACTIVITY_SELECT: &str = "SELECT a.id, a.goal_id, a.what, a.owner_kind, a.owner_user_id, a.owner_name, u.name AS person_name, \
     a.starts_on, a.due_on, a.status, a.drop_reason, a.note, a.source_meeting_id, m.title AS meeting_title \
     FROM programme_activities a LEFT JOIN users u ON u.id = a.owner_user_id LEFT JOIN meetings m ON m.id = a.source_meeting_id";

fn activity(row: ActivityRow, locale: Locale, today: &str) -> Activity {
    let owner = match row.owner_kind.as_str() {
        OWNER_CIRCLE => locale.t(T::OwnerCircle).to_string(),
        OWNER_SPECIALIST => row.owner_name.clone(),
        _ => row.person_name.clone().unwrap_or_else(|| locale.t(T::OwnerNobody).to_string()),
    };
    let open = row.status == "planned" || row.status == "in_progress";
    Activity {
        overdue: open && !row.due_on.is_empty() && row.due_on.as_str() < today,
        id: row.id,
        goal_id: row.goal_id,
        what: row.what,
        owner_kind: row.owner_kind,
        owner_user_id: row.owner_user_id,
        owner_name: row.owner_name,
        owner,
        starts_on: row.starts_on,
        due_on: row.due_on,
        status: row.status,
        drop_reason: row.drop_reason,
        note: row.note,
        source: row.source_meeting_id.zip(row.meeting_title),
    }
}

/// Which activities of each goal a page lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    /// Every one (the pages that change a goal or an activity find theirs among them).
    All,
    /// The first `per_goal` of each goal, those still to do first, and every one of `all_of`
    /// (the programme page: a goal of hundreds shows its first few and a link to the rest).
    First { per_goal: i64, all_of: Option<i64> },
}

/// The co-op's goals with their activities as `listed`, in the order they were added, and
/// each goal's progress and number of activities counted in the database (three queries,
/// however many goals or activities); issues in the reader's words, from `choices`.
pub async fn goals(db: &Db, organisation_id: i64, choices: &Choices, locale: Locale, today: &str, listed: Listed) -> AppResult<Vec<Goal>> {
    let rows: Vec<GoalRow> = sqlx::query_as(
        "SELECT g.id, g.title, g.issues, g.outcome, g.measure, g.circle_id, c.name AS circle_name \
         FROM programme_goals g LEFT JOIN circles c ON c.id = g.circle_id WHERE g.organisation_id = $1 ORDER BY g.id",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?;
    // Dropped activities do not count; an open one past its due date is late.
    let counts: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT goal_id, COUNT(*), \
         CAST(SUM(CASE WHEN status <> 'dropped' THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN status IN ('planned', 'in_progress') AND due_on <> '' AND due_on < $2 THEN 1 ELSE 0 END) AS BIGINT) \
         FROM programme_activities WHERE organisation_id = $1 GROUP BY goal_id",
    )
    .bind(organisation_id)
    .bind(today)
    .fetch_all(&db.pool)
    .await?;
    let activities: Vec<ActivityRow> = match listed {
        Listed::All => sqlx::query_as(&format!("{ACTIVITY_SELECT} WHERE a.organisation_id = $1 ORDER BY a.id"))
            .bind(organisation_id)
            .fetch_all(&db.pool)
            .await?,
        Listed::First { per_goal, all_of } => {
            // Each goal's activities numbered, those still to do first, then by when added.
            let numbered = ACTIVITY_SELECT.replacen(
                "SELECT ",
                "SELECT ROW_NUMBER() OVER (PARTITION BY a.goal_id ORDER BY CASE WHEN a.status IN ('planned', 'in_progress') THEN 0 ELSE 1 END, a.id) AS place, ",
                1,
            );
            sqlx::query_as(&format!("SELECT * FROM ({numbered} WHERE a.organisation_id = $1) listed WHERE place <= $2 OR goal_id = $3 ORDER BY id"))
                .bind(organisation_id)
                .bind(per_goal)
                .bind(all_of.unwrap_or(0))
                .fetch_all(&db.pool)
                .await?
        }
    };
    let mut goals: Vec<Goal> = rows
        .into_iter()
        .map(|g| {
            let (activity_count, total, done, overdue) =
                counts.iter().find(|c| c.0 == g.id).map_or((0, 0, 0, 0), |c| (c.1, c.2, c.3, c.4));
            Goal {
                id: g.id,
                issues: g
                    .issues
                    .split_whitespace()
                    .map(|key| {
                        let text = choices.issues.iter().find(|(k, _)| k == key).map(|(_, t)| t.clone()).unwrap_or_else(|| key.to_string());
                        (key.to_string(), text)
                    })
                    .collect(),
                title: g.title,
                outcome: g.outcome,
                measure: g.measure,
                circle: g.circle_id.zip(g.circle_name),
                activities: Vec::new(),
                activity_count,
                progress: Progress { done, total, overdue },
            }
        })
        .collect();
    for row in activities {
        let a = activity(row, locale, today);
        if let Some(goal) = goals.iter_mut().find(|g| g.id == a.goal_id) {
            goal.activities.push(a);
        }
    }
    Ok(goals)
}

#[derive(sqlx::FromRow)]
struct ProposalRow {
    id: i64,
    what: String,
    who: String,
    due: String,
    meeting_id: Option<i64>,
    meeting_title: Option<String>,
    status: String,
    reason: String,
    activity_id: Option<i64>,
    created_at: i64,
}

/// The co-op's proposals: those waiting (oldest first) and the last 50 decided (newest first).
pub async fn proposals(db: &Db, organisation_id: i64, zone: &str) -> AppResult<(Vec<Proposal>, Vec<Proposal>)> {
    let rows: Vec<ProposalRow> = sqlx::query_as(
        "SELECT a.id, a.what, a.who, a.due, a.meeting_id, m.title AS meeting_title, a.status, a.reason, a.activity_id, a.created_at \
         FROM organisation_actions a LEFT JOIN meetings m ON m.id = a.meeting_id WHERE a.organisation_id = $1 ORDER BY a.id",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await?;
    let (open, mut decided): (Vec<Proposal>, Vec<Proposal>) = rows
        .into_iter()
        .map(|r| Proposal {
            id: r.id,
            what: r.what,
            who: r.who,
            due: r.due,
            meeting: r.meeting_id.zip(r.meeting_title),
            status: r.status,
            reason: r.reason,
            activity_id: r.activity_id,
            proposed: when(r.created_at, zone),
        })
        .partition(|p| p.status == "open");
    decided.reverse();
    decided.truncate(50);
    Ok((open, decided))
}

/// The programme's comments and its other changes, newest first (the last 100 of each).
/// The programme's comments (the newest 100) and its other changes (the newest `changes`),
/// newest first, and whether there are older changes than those.
pub async fn history(db: &Db, organisation_id: i64, zone: &str, changes: i64) -> AppResult<(Vec<ProgrammeEvent>, Vec<ProgrammeEvent>, bool)> {
    let mut lists = Vec::with_capacity(2);
    // One more row than shown says whether there is more.
    for (which, limit) in [("=", 100), ("<>", changes + 1)] {
        let rows: Vec<(i64, Option<String>, String, String, String)> = sqlx::query_as(&format!(
            "SELECT e.at, u.name, e.kind, e.subject, e.detail FROM programme_events e LEFT JOIN users u ON u.id = e.by_user \
             WHERE e.organisation_id = $1 AND e.kind {which} 'comment' ORDER BY e.id DESC LIMIT {limit}"
        ))
        .bind(organisation_id)
        .fetch_all(&db.pool)
        .await?;
        lists.push(
            rows.into_iter()
                .map(|(at, by, kind, subject, detail)| ProgrammeEvent { when: when(at, zone), by: by.unwrap_or_default(), kind, subject, detail })
                .collect::<Vec<_>>(),
        );
    }
    let mut changes_list = lists.pop().unwrap_or_default();
    let more = changes_list.len() as i64 > changes;
    changes_list.truncate(changes.max(0) as usize);
    let comments = lists.pop().unwrap_or_default();
    Ok((comments, changes_list, more))
}

/// A history line, inside the change's transaction.
#[allow(clippy::too_many_arguments)]
async fn record(tx: &mut Tx<'_>, organisation_id: i64, by: i64, kind: &str, goal_id: Option<i64>, activity_id: Option<i64>, subject: &str, detail: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO programme_events (organisation_id, at, by_user, kind, goal_id, activity_id, subject, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(organisation_id)
    .bind(now())
    .bind(by)
    .bind(kind)
    .bind(goal_id)
    .bind(activity_id)
    .bind(subject)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The co-op a goal belongs to.
pub async fn goal_owner(db: &Db, goal_id: i64) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT organisation_id FROM programme_goals WHERE id = $1")
        .bind(goal_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(o,)| o))
}

/// A goal's id and title.
pub async fn goal(db: &Db, goal_id: i64) -> AppResult<Option<(i64, String)>> {
    Ok(sqlx::query_as("SELECT id, title FROM programme_goals WHERE id = $1").bind(goal_id).fetch_optional(&db.pool).await?)
}

/// A co-op's goals (id, title), in the order they were added.
pub async fn goal_titles(db: &Db, organisation_id: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT id, title FROM programme_goals WHERE organisation_id = $1 ORDER BY id").bind(organisation_id).fetch_all(&db.pool).await?)
}

pub async fn goal_ids(db: &Db, organisation_id: i64) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM programme_goals WHERE organisation_id = $1")
        .bind(organisation_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

pub async fn save_goal(db: &Db, organisation_id: i64, id: i64, input: &GoalInput, by: i64) -> AppResult<i64> {
    let t = now();
    let issues = input.issues.join(" ");
    let mut tx = db.pool.begin().await?;
    let id = if id == 0 {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO programme_goals (organisation_id, circle_id, title, issues, outcome, measure, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(organisation_id)
        .bind(input.circle_id)
        .bind(&input.title)
        .bind(&issues)
        .bind(&input.outcome)
        .bind(&input.measure)
        .bind(by)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        record(&mut tx, organisation_id, by, "goal_added", Some(id), None, &input.title, "").await?;
        id
    } else {
        sqlx::query("UPDATE programme_goals SET circle_id = $1, title = $2, issues = $3, outcome = $4, measure = $5, updated_at = $6 WHERE id = $7 AND organisation_id = $8")
            .bind(input.circle_id)
            .bind(&input.title)
            .bind(&issues)
            .bind(&input.outcome)
            .bind(&input.measure)
            .bind(t)
            .bind(id)
            .bind(organisation_id)
            .execute(&mut *tx)
            .await?;
        record(&mut tx, organisation_id, by, "goal_changed", Some(id), None, &input.title, "").await?;
        id
    };
    tx.commit().await?;
    Ok(id)
}

/// What the server needs of a stored activity to check a change to it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityFacts {
    pub id: i64,
    pub organisation_id: i64,
    pub what: String,
    pub status: String,
    pub due_on: String,
    pub owner_user_id: Option<i64>,
}

pub async fn activity_facts(db: &Db, id: i64) -> AppResult<Option<ActivityFacts>> {
    Ok(sqlx::query_as("SELECT id, organisation_id, what, status, due_on, owner_user_id FROM programme_activities WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

async fn insert_activity(tx: &mut Tx<'_>, organisation_id: i64, input: &ActivityInput, source_meeting_id: Option<i64>) -> AppResult<i64> {
    let t = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO programme_activities (organisation_id, goal_id, what, owner_kind, owner_user_id, owner_name, starts_on, due_on, status, \
         drop_reason, note, source_meeting_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(organisation_id)
    .bind(input.goal_id)
    .bind(&input.what)
    .bind(&input.owner_kind)
    .bind(input.owner_user_id)
    .bind(&input.owner_name)
    .bind(&input.starts_on)
    .bind(&input.due_on)
    .bind(&input.status)
    .bind(&input.drop_reason)
    .bind(&input.note)
    .bind(source_meeting_id)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Add (`before` None) or change an activity; a change of status is its own history line.
pub async fn save_activity(db: &Db, organisation_id: i64, before: Option<&ActivityFacts>, input: &ActivityInput, by: i64) -> AppResult<i64> {
    let mut tx = db.pool.begin().await?;
    let id = match before {
        None => {
            let id = insert_activity(&mut tx, organisation_id, input, None).await?;
            record(&mut tx, organisation_id, by, "activity_added", Some(input.goal_id), Some(id), &input.what, "").await?;
            id
        }
        Some(before) => {
            sqlx::query(
                "UPDATE programme_activities SET goal_id = $1, what = $2, owner_kind = $3, owner_user_id = $4, owner_name = $5, starts_on = $6, \
                 due_on = $7, status = $8, drop_reason = $9, note = $10, updated_at = $11, sequence = sequence + 1 WHERE id = $12 AND organisation_id = $13",
            )
            .bind(input.goal_id)
            .bind(&input.what)
            .bind(&input.owner_kind)
            .bind(input.owner_user_id)
            .bind(&input.owner_name)
            .bind(&input.starts_on)
            .bind(&input.due_on)
            .bind(&input.status)
            .bind(&input.drop_reason)
            .bind(&input.note)
            .bind(now())
            .bind(before.id)
            .bind(organisation_id)
            .execute(&mut *tx)
            .await?;
            if before.status != input.status {
                let detail = if input.status == "dropped" { format!("{}|{}", input.status, input.drop_reason) } else { input.status.clone() };
                record(&mut tx, organisation_id, by, "status", Some(input.goal_id), Some(before.id), &input.what, &detail).await?;
            } else {
                record(&mut tx, organisation_id, by, "activity_changed", Some(input.goal_id), Some(before.id), &input.what, "").await?;
            }
            before.id
        }
    };
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProposalFacts {
    pub id: i64,
    pub organisation_id: i64,
    pub meeting_id: Option<i64>,
    pub what: String,
    pub status: String,
}

pub async fn proposal_facts(db: &Db, id: i64) -> AppResult<Option<ProposalFacts>> {
    Ok(sqlx::query_as("SELECT id, organisation_id, meeting_id, what, status FROM organisation_actions WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

/// Accept a waiting proposal as a new activity. False (and nothing written) when it was
/// decided meanwhile.
pub async fn accept_proposal(db: &Db, proposal: &ProposalFacts, input: &ActivityInput, by: i64) -> AppResult<Option<i64>> {
    let mut tx = db.pool.begin().await?;
    let claimed = sqlx::query("UPDATE organisation_actions SET status = 'accepted', decided_by = $1, decided_at = $2 WHERE id = $3 AND status = 'open'")
        .bind(by)
        .bind(now())
        .bind(proposal.id)
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() != 1 {
        return Ok(None);
    }
    let id = insert_activity(&mut tx, proposal.organisation_id, input, proposal.meeting_id).await?;
    sqlx::query("UPDATE organisation_actions SET activity_id = $1 WHERE id = $2")
        .bind(id)
        .bind(proposal.id)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, proposal.organisation_id, by, "proposal_accepted", Some(input.goal_id), Some(id), &input.what, "").await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Drop a waiting proposal, keeping why. False when it was decided meanwhile.
pub async fn drop_proposal(db: &Db, proposal: &ProposalFacts, reason: &str, by: i64) -> AppResult<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE organisation_actions SET status = 'dropped', reason = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'open'")
        .bind(reason)
        .bind(by)
        .bind(now())
        .bind(proposal.id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    record(&mut tx, proposal.organisation_id, by, "proposal_dropped", None, None, &proposal.what, reason).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn comment(db: &Db, organisation_id: i64, goal_id: Option<i64>, text: &str, by: i64) -> AppResult<()> {
    let mut tx = db.pool.begin().await?;
    record(&mut tx, organisation_id, by, "comment", goal_id, None, "", text).await?;
    tx.commit().await?;
    Ok(())
}

/// Done out of all, and overdue, for a co-op's profile, with how many proposals from circle
/// sessions wait for a decision (one query).
pub async fn progress(db: &Db, organisation_id: i64, today: &str) -> AppResult<(Progress, i64)> {
    let (total, done, overdue, waiting): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status IN ('planned', 'in_progress') AND due_on <> '' AND due_on < $2 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         (SELECT COUNT(*) FROM organisation_actions WHERE organisation_id = $1 AND status = 'open') \
         FROM programme_activities WHERE organisation_id = $1 AND status <> 'dropped'",
    )
    .bind(organisation_id)
    .bind(today)
    .fetch_one(&db.pool)
    .await?;
    Ok((Progress { done, total, overdue }, waiting))
}

/// An activity in its owner's calendar feed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueDate {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub what: String,
    pub due_on: String,
    pub status: String,
    pub sequence: i64,
    pub updated_at: i64,
}

/// The activities a person carries out that have a due date (dropped ones too, so that
/// calendars remove them), for their calendar feed.
pub async fn due_dates_of(db: &Db, user_id: i64) -> AppResult<Vec<DueDate>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.organisation_id, o.name AS organisation_name, a.what, a.due_on, a.status, a.sequence, a.updated_at \
         FROM programme_activities a JOIN organisations o ON o.id = a.organisation_id \
         WHERE a.owner_user_id = $1 AND a.due_on <> '' ORDER BY a.due_on, a.id LIMIT 500",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}
