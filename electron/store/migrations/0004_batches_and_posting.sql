-- Batches a person releases, posting intents (never post twice), the ledger and the confirmation outbox.

CREATE TABLE batches (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  entity TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  document_kind TEXT NOT NULL,
  posting_kind TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  released_by TEXT,
  released_at TEXT
) STRICT;

-- At most one open batch per key: new ready documents join it until someone releases it.
CREATE UNIQUE INDEX batches_one_open ON batches (source, entity, currency, document_kind, posting_kind)
  WHERE state = 'open';
CREATE INDEX batches_state ON batches (state);

CREATE TABLE batch_documents (
  batch_id INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id),
  added_at TEXT NOT NULL,
  PRIMARY KEY (batch_id, document_id)
) STRICT;

-- One intent per document: external_ref is derived from (source, source_id) and written into the QAD
-- document, so after an unclear outcome QAD can be asked whether it already has it.
CREATE TABLE posting_intents (
  id INTEGER PRIMARY KEY,
  external_ref TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id),
  batch_id INTEGER REFERENCES batches (id),
  payload_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  qad_document_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX posting_intents_state ON posting_intents (state);

CREATE TABLE ledger (
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents (id),
  external_ref TEXT NOT NULL,
  qad_document_id TEXT NOT NULL,
  qad_kind TEXT NOT NULL,
  posted_at TEXT NOT NULL,
  PRIMARY KEY (source, source_id)
) STRICT;

CREATE INDEX ledger_qad_document ON ledger (qad_document_id);

CREATE TABLE confirmation_outbox (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id),
  target_system TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (document_id, target_system, kind)
) STRICT;

CREATE INDEX confirmation_outbox_due ON confirmation_outbox (state, next_attempt_at);
