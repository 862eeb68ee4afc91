-- The outbox of terminal commands (receipt reprints): one row per command, made before its first
-- send so every resend carries the same id. idempotency_key is the caller's name for the step that
-- made it: the UNIQUE constraint is what keeps a repeated step (after a restart) from making a second.
CREATE TABLE commands (
    id              TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    type            TEXT NOT NULL,
    merchant        TEXT NOT NULL,
    terminal        TEXT NOT NULL,
    txn             TEXT NOT NULL,
    task_id         TEXT,
    amount          INTEGER,
    currency        TEXT,
    method          TEXT,
    rrn             TEXT,
    auth_code       TEXT,
    pan             TEXT,
    ref             TEXT,
    sale_at_ms      INTEGER,
    back_office_ref TEXT,
    issued_ms       INTEGER NOT NULL,
    expires_ms      INTEGER NOT NULL,
    state           TEXT NOT NULL,
    updated_ms      INTEGER NOT NULL,
    delivered_ms    INTEGER,
    answered_ms     INTEGER,
    reason          TEXT
);
CREATE INDEX commands_open ON commands (state) WHERE state IN ('PENDING', 'DELIVERED');
CREATE INDEX commands_task ON commands (task_id);
