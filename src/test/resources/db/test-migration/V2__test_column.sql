-- test-only: adds a column
ALTER TABLE terminals ADD COLUMN model TEXT;
