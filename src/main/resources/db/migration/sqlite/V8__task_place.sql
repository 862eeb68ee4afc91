-- V8: what a shop needs to recognise a task: the sale's own time (the terminal's clock, as the
-- receipt shows it) and the store and region of the terminal when the task was opened.
ALTER TABLE tasks ADD COLUMN sale_at_ms INTEGER NOT NULL DEFAULT -1;
ALTER TABLE tasks ADD COLUMN store TEXT;
ALTER TABLE tasks ADD COLUMN region TEXT;
CREATE INDEX tasks_store_newest ON tasks (store, detected_at_ms DESC, id DESC) WHERE store IS NOT NULL;
