-- An export is now of one of three things: a co-op's portfolio as it stands (organisation_id),
-- one of its frozen versions (organisation_id and snapshot_id), or a person's own learning
-- record (person_id). The table is made anew rather than copied: an export is derived and kept
-- a week, and the two databases copy an identity column differently. An export asked for
-- before this step is asked for again; its job finds no row and ends.
DROP TABLE portfolio_exports;

CREATE TABLE portfolio_exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT REFERENCES organisations(id) ON DELETE CASCADE,
    snapshot_id BIGINT REFERENCES portfolio_snapshots(id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
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
    expires_at BIGINT,
    -- A co-op's or a person's, never both; a version is always a co-op's.
    CHECK ((organisation_id IS NULL) <> (person_id IS NULL)),
    CHECK (snapshot_id IS NULL OR organisation_id IS NOT NULL)
);
CREATE INDEX portfolio_exports_organisation ON portfolio_exports(organisation_id, id);
CREATE INDEX portfolio_exports_person ON portfolio_exports(person_id, id);
