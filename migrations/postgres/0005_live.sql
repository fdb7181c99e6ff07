-- Live circle sessions: an append-only event log per session (one session per meeting), and
-- the actions captured in them, kept as the co-op's own.

CREATE TABLE live_sessions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL UNIQUE REFERENCES meetings(id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'open',
    started_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    started_at BIGINT NOT NULL,
    closed_at BIGINT,
    summary TEXT NOT NULL DEFAULT ''
);

CREATE TABLE live_events (
    session_id BIGINT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor BIGINT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

CREATE TABLE organisation_actions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    meeting_id BIGINT REFERENCES meetings(id) ON DELETE SET NULL,
    what TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    created_at BIGINT NOT NULL
);
CREATE INDEX organisation_actions_org ON organisation_actions(organisation_id);
