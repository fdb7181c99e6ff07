-- Member organisations (co-operatives), their people, and learning circles.
-- The onboarding work extends these; the foundation needs them for a lived-in demo.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    legal_form TEXT NOT NULL,
    sector TEXT NOT NULL,
    nation TEXT NOT NULL,
    region TEXT NOT NULL,
    members_count BIGINT NOT NULL DEFAULT 0,
    staff_count BIGINT NOT NULL DEFAULT 0,
    website TEXT NOT NULL DEFAULT '',
    preferred_delivery TEXT NOT NULL DEFAULT 'online',
    status TEXT NOT NULL DEFAULT 'member',
    created_at BIGINT NOT NULL
);

CREATE TABLE organisation_people (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    is_representative BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (organisation_id, user_id)
);

CREATE TABLE circles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    theme TEXT NOT NULL,
    purpose TEXT NOT NULL,
    sector TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    delivery_mode TEXT NOT NULL,
    status TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE circle_facilitators (
    circle_id BIGINT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (circle_id, user_id)
);

CREATE TABLE circle_organisations (
    circle_id BIGINT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (circle_id, organisation_id)
);
