-- The audit trail: append-only and hash-chained (repositories/audit.ts computes the hashes).
-- AUTOINCREMENT makes SQLite remember the highest seq ever written (sqlite_sequence), so deleting the newest
-- events leaves a trace that verification can see even though the remaining chain is intact.

CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject_type TEXT,
  subject_id TEXT,
  detail_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
) STRICT;

CREATE INDEX audit_events_subject ON audit_events (subject_id);
CREATE INDEX audit_events_actor ON audit_events (actor);
CREATE INDEX audit_events_action ON audit_events (action);
CREATE INDEX audit_events_at ON audit_events (at);

-- These stop the application and honest mistakes; someone holding the file can drop them, which is what the
-- hash chain is for.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: events cannot be changed');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: events cannot be deleted');
END;
