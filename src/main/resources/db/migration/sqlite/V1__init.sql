-- V1: the event journal, the terminal table and the task tables.
-- Scripts are split on ';' at the end of a line: keep one statement per ';' and no triggers.

-- Journal of transaction events. The plain INTEGER PRIMARY KEY (rowid) grows with every insert,
-- so id order is receive order; AUTOINCREMENT is not needed for that and costs a write per commit.
CREATE TABLE events (
  id          INTEGER PRIMARY KEY,
  received_ms INTEGER NOT NULL,
  merchant    TEXT    NOT NULL,
  terminal    TEXT    NOT NULL,
  txn         TEXT    NOT NULL,
  seq         INTEGER NOT NULL,
  event       TEXT    NOT NULL,
  at_ms       INTEGER NOT NULL,
  amount      INTEGER,
  currency    TEXT,
  method      TEXT,
  rrn         TEXT,
  auth_code   TEXT,
  pan         TEXT
) STRICT;
-- Task timeline: the events of one sale (rowid is implied in the index, so ORDER BY id is free).
CREATE INDEX events_sale ON events (merchant, terminal, txn);
-- Pruning by age.
CREATE INDEX events_received ON events (received_ms);

-- Latest heartbeat / status per terminal (TerminalSnapshot).
CREATE TABLE terminals (
  merchant             TEXT    NOT NULL,
  terminal             TEXT    NOT NULL,
  last_heard_ms        INTEGER NOT NULL,
  online               INTEGER NOT NULL,
  interval_sec         INTEGER NOT NULL,
  last_seq_reported    INTEGER NOT NULL,
  pending_uploads      INTEGER NOT NULL,
  pending_since_ms     INTEGER NOT NULL,
  printer              TEXT,
  firmware             TEXT,
  network              TEXT,
  signal               INTEGER,
  store                TEXT,
  region               TEXT,
  last_heartbeat_at_ms INTEGER NOT NULL,
  PRIMARY KEY (merchant, terminal)
) STRICT;

-- Operator tasks. Enums are stored by name; amount is NULL when the Task says -1.
-- resolved_at_ms is set once, on resolution, and drives task retention.
CREATE TABLE tasks (
  id             TEXT    NOT NULL PRIMARY KEY,
  dedupe_key     TEXT    NOT NULL UNIQUE,
  kind           TEXT    NOT NULL,
  severity       TEXT    NOT NULL,
  state          TEXT    NOT NULL,
  merchant       TEXT    NOT NULL,
  terminal       TEXT    NOT NULL,
  txn            TEXT,
  subject        TEXT,
  amount         INTEGER,
  currency       TEXT,
  rrn            TEXT,
  pan            TEXT,
  related_txn    TEXT,
  detail         TEXT,
  action         TEXT,
  due_at_ms      INTEGER NOT NULL,
  detected_at_ms INTEGER NOT NULL,
  updated_at_ms  INTEGER NOT NULL,
  resolved_at_ms INTEGER,
  resolution     TEXT,
  resolved_by    TEXT,
  note           TEXT
) STRICT;
-- The list is newest first by (detected_at_ms, id); one index per filter keeps each filtered,
-- keyset-paged list an index range scan with no sort.
CREATE INDEX tasks_newest          ON tasks (detected_at_ms DESC, id DESC);
CREATE INDEX tasks_state_newest    ON tasks (state, detected_at_ms DESC, id DESC);
CREATE INDEX tasks_kind_newest     ON tasks (kind, detected_at_ms DESC, id DESC);
CREATE INDEX tasks_merchant_newest ON tasks (merchant, detected_at_ms DESC, id DESC);
CREATE INDEX tasks_terminal_newest ON tasks (merchant, terminal, detected_at_ms DESC, id DESC);
-- Pruning: "does this sale have a task?" and "resolved tasks past retention".
CREATE INDEX tasks_sale            ON tasks (merchant, terminal, txn);
CREATE INDEX tasks_resolved_at     ON tasks (resolved_at_ms) WHERE state = 'RESOLVED';

-- Audit trail of every task change. The column is changed_by because BY is an SQL keyword.
CREATE TABLE task_history (
  id         INTEGER PRIMARY KEY,
  task_id    TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  at_ms      INTEGER NOT NULL,
  change     TEXT    NOT NULL,
  state      TEXT    NOT NULL,
  severity   TEXT    NOT NULL,
  changed_by TEXT,
  note       TEXT
) STRICT;
CREATE INDEX task_history_task ON task_history (task_id, id);
