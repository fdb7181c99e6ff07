-- All mail goes through the durable job queue: a request writes the message to the outbox
-- (`queued`) and a job that delivers it; the worker marks it `sending` before the SMTP
-- conversation, then `sent`, `held` (no SMTP), `failed` (after its retries) or `unknown`
-- (interrupted mid-send: not sent again). Keep in step with the PostgreSQL step.

-- The message a mail job delivers.
ALTER TABLE jobs ADD COLUMN outbox_id BIGINT REFERENCES outbox(id) ON DELETE CASCADE;
CREATE INDEX jobs_outbox ON jobs(outbox_id);
-- Finished jobs are pruned by age.
CREATE INDEX jobs_done ON jobs(done_at);

-- A link that gives access is made when its mail is delivered: the job that made it replaces
-- it if it has to try again (the earlier one was never delivered).
ALTER TABLE password_resets ADD COLUMN job_id BIGINT;
ALTER TABLE email_confirmations ADD COLUMN job_id BIGINT;
CREATE INDEX password_resets_job ON password_resets(job_id);
CREATE INDEX email_confirmations_job ON email_confirmations(job_id);

-- The admin's outbox counts the failed messages; old messages are pruned by age.
CREATE INDEX outbox_status ON outbox(status);
CREATE INDEX outbox_created ON outbox(created_at);

-- A message left `sending` by the code before this step was interrupted mid-send.
UPDATE outbox SET status = 'unknown', detail = 'interrupted while sending' WHERE status = 'sending';
