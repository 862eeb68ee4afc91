-- V4: the back-office follow-up a money task carries, and a revision that every change of a task
-- increments (compare-and-set is on it: a follow-up step changes neither state nor severity).
ALTER TABLE tasks ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN followup_state TEXT NOT NULL DEFAULT 'NONE';
ALTER TABLE tasks ADD COLUMN followup_back_office TEXT;
ALTER TABLE tasks ADD COLUMN followup_verdict TEXT;
ALTER TABLE tasks ADD COLUMN followup_reference TEXT;
ALTER TABLE tasks ADD COLUMN followup_checked_at_ms INTEGER NOT NULL DEFAULT -1;
ALTER TABLE tasks ADD COLUMN followup_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN followup_next_check_at_ms INTEGER NOT NULL DEFAULT -1;
ALTER TABLE tasks ADD COLUMN followup_next_step TEXT NOT NULL DEFAULT 'NONE';
ALTER TABLE tasks ADD COLUMN followup_command_id TEXT;
ALTER TABLE tasks ADD COLUMN followup_action TEXT;
