-- Where each source stream left off, and the record of every sync run.

CREATE TABLE cursors (
  source TEXT NOT NULL,
  stream TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (source, stream)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  flow TEXT NOT NULL,
  run_trigger TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT NOT NULL,
  counts_json TEXT NOT NULL,
  message TEXT
) STRICT;

CREATE INDEX sync_runs_flow ON sync_runs (flow, started_at);
