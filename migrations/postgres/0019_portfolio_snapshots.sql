-- "Submit for accreditation" freezes the portfolio as the co-op chose it: a numbered version
-- that never changes (what an assessor reads never changes under them). Later choices make
-- the next one. content is the portfolio document (portfolio.json) as it was.
CREATE TABLE portfolio_snapshots (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    content TEXT NOT NULL,
    submitted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    submitted_at BIGINT NOT NULL,
    UNIQUE (organisation_id, number)
);

-- A read-only link to one version for a named reader (an assessor, an external reader), sent
-- to them by mail. Only the SHA-256 of its token is kept, and only once the mail is delivered
-- (until then a placeholder no token matches). It expires and can be withdrawn.
CREATE TABLE portfolio_shares (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    snapshot_id BIGINT NOT NULL REFERENCES portfolio_snapshots(id) ON DELETE CASCADE,
    reader TEXT NOT NULL,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX portfolio_shares_snapshot ON portfolio_shares(snapshot_id, id);

-- Each time a share link was opened.
CREATE TABLE portfolio_share_opens (
    share_id BIGINT NOT NULL REFERENCES portfolio_shares(id) ON DELETE CASCADE,
    at BIGINT NOT NULL
);
CREATE INDEX portfolio_share_opens_share ON portfolio_share_opens(share_id, at);
