-- V3: the acquirer's or wallet's order number a terminal may send with a sale (txn event "ref"),
-- which back-office look-ups and settlement bills find the sale by.
ALTER TABLE events ADD COLUMN ref TEXT;
