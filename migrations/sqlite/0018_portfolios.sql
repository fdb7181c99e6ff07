-- A co-op's portfolio is gathered from what it already has (accepted reports, goals and the
-- activities done, circle sessions it took part in, evidence files); these tables keep only
-- what the co-op decides about it, and its exports.

-- Include or leave out, and order, per item. An item without a row keeps its default (in for
-- the co-op's own work). item is "report:12", "goal:7", "meeting:4", "session:2", "evidence:5".
CREATE TABLE portfolio_choices (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    included BIGINT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, item)
);

-- The co-op's reflective statement on one goal.
CREATE TABLE portfolio_statements (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    goal_id BIGINT NOT NULL REFERENCES programme_goals(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, goal_id)
);

-- One export asked for. The bundle (a ZIP) is kept in file storage at the SHA-256 of its
-- bytes; content_hash is the hash of what went in, so exporting again without changes
-- reuses the last bundle. status: queued, running, done, failed.
CREATE TABLE portfolio_exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    requested_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    items_done BIGINT NOT NULL DEFAULT 0,
    items_total BIGINT NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL DEFAULT '',
    bundle_sha256 TEXT NOT NULL DEFAULT '',
    bundle_size BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    expires_at BIGINT
);
CREATE INDEX portfolio_exports_organisation ON portfolio_exports(organisation_id, id);
