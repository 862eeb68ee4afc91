-- V5: money tasks waiting for their next back-office look-up. One row per task; attempts and
-- due_at_ms are written before each look-up goes out, so a restart resumes at the next step.
CREATE TABLE backoffice_checks (
  task_id     TEXT    NOT NULL PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  kind        TEXT    NOT NULL,
  merchant    TEXT    NOT NULL,
  terminal    TEXT    NOT NULL,
  txn         TEXT,
  related_txn TEXT,
  back_office TEXT    NOT NULL,
  attempts    INTEGER NOT NULL,
  due_at_ms   INTEGER NOT NULL
) STRICT;
