-- Staged source documents, their lines and the exceptions of their last validation.
-- Enumerated columns (source, kind, state, cause) are checked in TypeScript against shared/domain rather than
-- with CHECK constraints: SQLite cannot alter a CHECK without rebuilding the table, and the enums grow.

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  source_entity TEXT NOT NULL,
  -- The resolved QAD entity and supplier; '' until validation resolves them.
  entity TEXT NOT NULL DEFAULT '',
  supplier TEXT NOT NULL DEFAULT '',
  payee_kind TEXT NOT NULL,
  payee_code TEXT NOT NULL,
  payee_name TEXT NOT NULL DEFAULT '',
  invoice_number TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  total_minor INTEGER NOT NULL,
  document_date TEXT NOT NULL,
  -- The payload exactly as the source sent it, so a replay or a dispute can start from the original.
  raw_payload TEXT NOT NULL,
  canonical_json TEXT NOT NULL,
  -- The global mapping version the last validation resolved against (NULL before the first validation).
  mapping_version INTEGER,
  staged_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  state_changed_at TEXT NOT NULL,
  UNIQUE (source, source_id)
) STRICT;

CREATE INDEX documents_state ON documents (state, source, entity);
CREATE INDEX documents_date ON documents (document_date);
CREATE INDEX documents_staged ON documents (staged_at);

CREATE TABLE document_lines (
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  amount_minor INTEGER NOT NULL,
  line_json TEXT NOT NULL,
  PRIMARY KEY (document_id, line_no)
) STRICT;

CREATE TABLE document_exceptions (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  cause TEXT NOT NULL,
  message TEXT NOT NULL,
  field TEXT,
  value TEXT,
  mapping TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (document_id, position)
) STRICT;
