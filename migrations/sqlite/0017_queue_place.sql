-- The advisors' queue is oldest first by when a report was first sent: one sent back for
-- changes and sent again keeps its place (its co-op has waited since then), where ordering by
-- the latest send put it behind every report sent meanwhile.
ALTER TABLE reports ADD COLUMN first_submitted_at BIGINT;
UPDATE reports SET first_submitted_at = submitted_at;
CREATE INDEX reports_queue_first ON reports(status, first_submitted_at);
