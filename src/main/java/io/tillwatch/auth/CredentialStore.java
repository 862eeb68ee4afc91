package io.tillwatch.auth;

import java.util.List;
import java.util.Optional;

/** Where credentials live (the SQLite adapter is in {@code io.tillwatch.store}); all calls block. */
public interface CredentialStore {
  Optional<Credential> find(String username);

  /** Inserts or replaces (rotation keeps the username, replaces the hash). */
  void put(Credential credential);

  /** Marks the credential revoked; false when there is none. */
  boolean revoke(String username, long atMs);

  List<Credential> list();

  /** Credentials added, rotated or revoked at or after {@code sinceMs} (by their created / revoked times). */
  List<Credential> changedSince(long sinceMs);
}
