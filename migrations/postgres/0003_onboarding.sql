-- Onboarding: the needs-analysis questionnaire (versioned data), membership applications with
-- their status history and advisor contacts, co-op profiles, and requests to join circles.

CREATE TABLE questionnaires (
    version BIGINT PRIMARY KEY,
    content TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE applications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    applicant_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    started_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    channel TEXT NOT NULL DEFAULT 'online',
    status TEXT NOT NULL DEFAULT 'draft',
    questionnaire_version BIGINT NOT NULL REFERENCES questionnaires(version),
    fields TEXT NOT NULL DEFAULT '{}',
    org_name TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    themes TEXT NOT NULL DEFAULT '',
    advisor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    needs_summary TEXT NOT NULL DEFAULT '',
    organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    claim_email TEXT NOT NULL DEFAULT '',
    claim_token_hash TEXT,
    claim_expires_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT
);
CREATE INDEX applications_applicant ON applications(applicant_id);
CREATE INDEX applications_status ON applications(status, submitted_at);

CREATE TABLE application_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    by_user BIGINT REFERENCES users(id) ON DELETE SET NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_application ON application_events(application_id, id);

CREATE TABLE application_contacts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    advisor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    channel TEXT NOT NULL,
    happened_at BIGINT NOT NULL,
    summary TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

ALTER TABLE organisations ADD COLUMN registration_number TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_preference TEXT NOT NULL DEFAULT 'email';
ALTER TABLE organisations ADD COLUMN about TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN services TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN needs TEXT NOT NULL DEFAULT '{}';
ALTER TABLE organisations ADD COLUMN needs_summary TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN visible_to_members BIGINT NOT NULL DEFAULT 1;

ALTER TABLE circles ADD COLUMN issues TEXT NOT NULL DEFAULT '';
-- A circle an advisor proposed for an application: the co-op joins it when approved.
ALTER TABLE circles ADD COLUMN proposed_for BIGINT;

CREATE TABLE join_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    circle_id BIGINT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    requested_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    message TEXT NOT NULL DEFAULT '',
    reply TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX join_requests_circle ON join_requests(circle_id, status);

-- A co-op's representative invites colleagues by an emailed link that expires.
CREATE TABLE organisation_invites (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by BIGINT REFERENCES users(id) ON DELETE SET NULL
);

-- Specialists invited into a circle who are not member co-ops: advisers, investors,
-- entrepreneurs, trainers.
CREATE TABLE circle_specialists (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    circle_id BIGINT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    kind TEXT NOT NULL,
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
