-- Reports on a co-op's programme: templates kept as versioned data (English and French), reports
-- written on one version with a draft that saves as one types, advisors' comments per section,
-- the history of every change of status, and follow-ups raised on a date by the job queue.

CREATE TABLE report_templates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- progress, final, follow_up …: a new version of a key replaces the older for new reports.
    key TEXT NOT NULL,
    version BIGINT NOT NULL,
    content TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (key, version)
);

CREATE TABLE reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- On one goal, or (none) on the whole programme.
    goal_id BIGINT REFERENCES programme_goals(id) ON DELETE SET NULL,
    template_id BIGINT NOT NULL REFERENCES report_templates(id),
    title TEXT NOT NULL,
    -- draft, submitted, changes_requested, accepted
    status TEXT NOT NULL DEFAULT 'draft',
    -- The answers, section key → text, as JSON.
    answers TEXT NOT NULL DEFAULT '{}',
    revision BIGINT NOT NULL DEFAULT 0,
    last_writer TEXT NOT NULL DEFAULT '',
    -- The meeting whose live session it was started from, if any.
    meeting_id BIGINT REFERENCES meetings(id) ON DELETE SET NULL,
    -- The report this one follows up (a follow-up report), if any.
    follows_id BIGINT REFERENCES reports(id) ON DELETE SET NULL,
    -- Set on acceptance: the day a follow-up is raised (YYYY-MM-DD), or empty.
    follow_up_on TEXT NOT NULL DEFAULT '',
    -- The advisor who last decided on it.
    advisor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT
);
CREATE INDEX reports_organisation ON reports(organisation_id, id);
CREATE INDEX reports_queue ON reports(status, submitted_at);

CREATE TABLE report_comments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    by_user BIGINT REFERENCES users(id) ON DELETE SET NULL,
    at BIGINT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX report_comments_report ON report_comments(report_id, id);

CREATE TABLE report_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    by_user BIGINT REFERENCES users(id) ON DELETE SET NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_events_report ON report_events(report_id, id);
