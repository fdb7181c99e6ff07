-- A report has at most one follow-up: a second worker that took the same follow-up job (its
-- lease ran out) is refused here and, tried again, finds the one already raised.
CREATE UNIQUE INDEX reports_one_follow_up ON reports(follows_id);
