-- Activity programmes: a member co-op's goals (each tied to issues of its needs analysis),
-- the activities under them, and the history of every change. Actions captured for the co-op
-- in live sessions are the programme's proposals: accepted into a goal or dropped with a reason.

CREATE TABLE programme_goals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    circle_id BIGINT REFERENCES circles(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    -- Keys of needs-analysis issues, space-separated.
    issues TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX programme_goals_organisation ON programme_goals(organisation_id, id);

CREATE TABLE programme_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    goal_id BIGINT NOT NULL REFERENCES programme_goals(id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    -- 'person' (owner_user_id, one of the co-op's people), 'circle' or 'specialist' (owner_name).
    owner_kind TEXT NOT NULL DEFAULT 'person',
    owner_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    owner_name TEXT NOT NULL DEFAULT '',
    -- Calendar dates, YYYY-MM-DD, or empty.
    starts_on TEXT NOT NULL DEFAULT '',
    due_on TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned',
    drop_reason TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    -- The live session's meeting it was proposed in, when it came from one.
    source_meeting_id BIGINT REFERENCES meetings(id) ON DELETE SET NULL,
    -- Raised at every change, for calendars (iCalendar SEQUENCE).
    sequence BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX programme_activities_goal ON programme_activities(goal_id, id);
CREATE INDEX programme_activities_organisation ON programme_activities(organisation_id, id);
CREATE INDEX programme_activities_owner ON programme_activities(owner_user_id);

CREATE TABLE programme_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    by_user BIGINT REFERENCES users(id) ON DELETE SET NULL,
    -- What happened: goal_added, goal_changed, activity_added, activity_changed, status,
    -- proposal_accepted, proposal_dropped, comment.
    kind TEXT NOT NULL,
    goal_id BIGINT,
    activity_id BIGINT,
    subject TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX programme_events_organisation ON programme_events(organisation_id, id);

-- A proposal's fate: accepted into an activity, or dropped with the reason why.
ALTER TABLE organisation_actions ADD COLUMN activity_id BIGINT REFERENCES programme_activities(id) ON DELETE SET NULL;
ALTER TABLE organisation_actions ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation_actions ADD COLUMN decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE organisation_actions ADD COLUMN decided_at BIGINT;

-- How a person hears of the activities they own: 'immediate' mails, a 'digest' each week, or 'none'.
ALTER TABLE users ADD COLUMN reminders TEXT NOT NULL DEFAULT 'immediate';
