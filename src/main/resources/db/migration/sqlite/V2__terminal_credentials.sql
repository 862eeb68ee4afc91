-- Credentials of terminals and operator consoles for the embedded MQTT endpoint.
-- Only a slow salted hash of each secret is stored (pbkdf2-sha256$iterations$salt$hash).
CREATE TABLE credentials (
  username     TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  merchant     TEXT NOT NULL,
  secret_hash  TEXT NOT NULL,
  created_ms   INTEGER NOT NULL,
  revoked_ms   INTEGER NOT NULL DEFAULT 0
);
