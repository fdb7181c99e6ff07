-- Throttles: one row per throttled subject (a sign-in's account, a client address…), taken in
-- one atomic upsert (app/src/accounts/rate_limit.rs) instead of counting a row per attempt
-- and then adding one, which let concurrent guesses slip through between the two. The old
-- rows only ever held the last quarter of an hour: nothing worth carrying over.

DROP TABLE auth_attempts;

CREATE TABLE auth_attempts (
    scope TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- Attempts counted in the current window, or since the subject was last forgotten.
    hits BIGINT NOT NULL,
    -- When the current window opened.
    since BIGINT NOT NULL,
    -- No attempt is taken before this time (0: none held back).
    blocked_until BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (scope, subject)
);
CREATE INDEX auth_attempts_updated ON auth_attempts(updated_at);
