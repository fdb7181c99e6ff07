-- E-mail addresses are confirmed by an emailed link before anything addressed to them
-- (an invitation, a claim link) can be taken by the account. Only the SHA-256 of a link's
-- token is stored, as for password resets and sessions. Keep in step with the SQLite step.

ALTER TABLE users ADD COLUMN email_verified_at BIGINT;

CREATE TABLE email_confirmations (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- The address the link was sent to: it confirms that address only.
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX email_confirmations_user ON email_confirmations(user_id);

-- A new password ends every outstanding reset link of the person: found by user.
CREATE INDEX password_resets_user ON password_resets(user_id);

-- Links sent before this step were kept whole in the outbox: cut their tokens out.
UPDATE outbox
SET body = substr(body, 1, strpos(body, '?token=') + 6) || '[removed]' || substr(body, strpos(body, '?token=') + 71)
WHERE strpos(body, '?token=') > 0;
