-- Lookups by their owner that pages make on every load: a circle's specialists (the circle
-- page) and a co-op's join requests (its profile).
CREATE INDEX circle_specialists_circle ON circle_specialists(circle_id);
CREATE INDEX join_requests_organisation ON join_requests(organisation_id, id);
