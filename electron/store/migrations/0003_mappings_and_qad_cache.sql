-- Mapping tables (source value -> QAD target), versioned globally, and the cache of QAD master data.

CREATE TABLE mapping_versions (
  version INTEGER PRIMARY KEY,
  changed_by TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
) STRICT;

-- A row is valid from valid_from_version (inclusive) to valid_to_version (exclusive; NULL = still current).
-- Rows are never deleted or rewritten except to close them, so any past version can be looked up again.
CREATE TABLE mappings (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  entity TEXT NOT NULL, -- a QAD entity, or '*' for every entity
  source_value TEXT NOT NULL,
  target_json TEXT NOT NULL,
  valid_from_version INTEGER NOT NULL REFERENCES mapping_versions (version),
  valid_to_version INTEGER REFERENCES mapping_versions (version),
  CHECK (valid_to_version IS NULL OR valid_to_version > valid_from_version)
) STRICT;

CREATE UNIQUE INDEX mappings_current ON mappings (kind, entity, source_value) WHERE valid_to_version IS NULL;
CREATE INDEX mappings_key ON mappings (kind, entity, source_value, valid_from_version);

CREATE TABLE qad_cache (
  kind TEXT NOT NULL,
  entity TEXT NOT NULL, -- a QAD entity, or '*' for domain-wide master data
  code TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  refreshed_at TEXT NOT NULL,
  PRIMARY KEY (kind, entity, code)
) STRICT, WITHOUT ROWID;

-- When each (kind, entity) was last refreshed, kept apart so an empty refresh is still recorded.
CREATE TABLE qad_cache_refreshes (
  kind TEXT NOT NULL,
  entity TEXT NOT NULL,
  refreshed_at TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  PRIMARY KEY (kind, entity)
) STRICT, WITHOUT ROWID;
