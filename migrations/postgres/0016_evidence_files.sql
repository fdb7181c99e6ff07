-- Files attached to a report's evidence sections. The bytes are kept once, by the SHA-256 of
-- their content, in file storage (object_store); a row names them for one report. The type is
-- the one read from the file's first bytes; the name is the one the person gave it, cleaned.
CREATE TABLE evidence_files (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX evidence_files_report ON evidence_files(report_id, id);
CREATE INDEX evidence_files_sha256 ON evidence_files(sha256);
