-- Trust: a failed no-JavaScript form's typed values kept server-side for a moment (never in
-- the URL), and indexes for the lookups every access check makes.

CREATE TABLE form_flashes (
    token_hash TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX form_flashes_expiry ON form_flashes(expires_at);

-- "Which co-ops is this person in?", "which circles does this person run?", "which circles
-- is this co-op in?", "which messages went to this person?": each asked on most pages.
CREATE INDEX organisation_people_user ON organisation_people(user_id);
CREATE INDEX circle_facilitators_user ON circle_facilitators(user_id);
CREATE INDEX circle_organisations_org ON circle_organisations(organisation_id);
CREATE INDEX outbox_recipient ON outbox(to_user, created_at);
