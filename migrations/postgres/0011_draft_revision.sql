-- Each saved draft of an application has a revision and the page that wrote it: a save based
-- on an older revision from another page is refused, so a page rendered before a newer save
-- (another tab, the draft sent as a page was left) cannot overwrite it. A page's own saves,
-- racing each other, do not refuse one another.
ALTER TABLE applications ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN last_writer TEXT NOT NULL DEFAULT '';
