-- V7: settlement bills imported and what reconciliation found in each.

-- One row per imported file; sha256 (hex, of the file's bytes) makes a re-import a no-op.
-- report is the whole report as JSON (as 'tillwatch reconcile --json' prints it).
-- effects_done_ms is set once the import's task changes are all applied; NULL means they were
-- interrupted and are completed when the same file is imported again.
CREATE TABLE reconcile_imports (
  id              INTEGER PRIMARY KEY,
  sha256          TEXT    NOT NULL UNIQUE,
  format          TEXT    NOT NULL,
  bill_date       TEXT    NOT NULL,
  merchant        TEXT,
  file_name       TEXT    NOT NULL,
  imported_ms     INTEGER NOT NULL,
  effects_done_ms INTEGER,
  report          TEXT    NOT NULL
) STRICT;
CREATE INDEX reconcile_imports_date ON reconcile_imports (bill_date, format);

-- The report's lines, one per finding; bill_lines lists the bill's line numbers (evidence).
CREATE TABLE reconcile_lines (
  import_id    INTEGER NOT NULL REFERENCES reconcile_imports (id) ON DELETE CASCADE,
  n            INTEGER NOT NULL,
  outcome      TEXT    NOT NULL,
  bill_lines   TEXT    NOT NULL,
  merchant     TEXT    NOT NULL,
  terminal     TEXT,
  txn          TEXT,
  ref          TEXT,
  acquirer_ref TEXT,
  bill_amount  INTEGER,
  sale_amount  INTEGER,
  currency     TEXT,
  at_ms        INTEGER NOT NULL,
  task_id      TEXT,
  note         TEXT,
  PRIMARY KEY (import_id, n)
) STRICT;
CREATE INDEX reconcile_lines_outcome ON reconcile_lines (outcome, import_id);
