-- Anonymous polls: each has a random secret, kept here on the server only. A vote in one stores
-- the voter's keyed hash under that secret (so a second vote replaces the first), never the
-- voter. The secret is deleted once the poll is revealed or the session closes: after that not
-- even the database can tell whose ballot was whose.
CREATE TABLE live_poll_secrets (
    session_id BIGINT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    poll BIGINT NOT NULL,
    secret TEXT NOT NULL,
    PRIMARY KEY (session_id, poll)
);
