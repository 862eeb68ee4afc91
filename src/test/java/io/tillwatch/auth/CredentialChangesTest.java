package io.tillwatch.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialChangesTest {
  /** An in-memory store with the same "changed since" contract as the SQLite one. */
  static final class MemoryStore implements CredentialStore {
    final Map<String, Credential> rows = new LinkedHashMap<>();

    @Override
    public Optional<Credential> find(String username) {
      return Optional.ofNullable(rows.get(username));
    }

    @Override
    public void put(Credential c) {
      rows.put(c.username(), c);
    }

    @Override
    public boolean revoke(String username, long atMs) {
      Credential c = rows.get(username);
      if (c == null || c.revoked()) {
        return false;
      }
      rows.put(username, new Credential(c.username(), c.kind(), c.merchant(), c.secretHash(), c.createdMs(), atMs));
      return true;
    }

    @Override
    public List<Credential> list() {
      return new ArrayList<>(rows.values());
    }

    @Override
    public List<Credential> changedSince(long sinceMs) {
      return rows.values().stream().filter(c -> c.createdMs() >= sinceMs || c.revokedMs() >= sinceMs).toList();
    }
  }

  static Credential terminal(String id, long createdMs) {
    return new Credential(id, Credential.Kind.TERMINAL, "m1", "hash", createdMs, 0);
  }

  static List<String> names(List<Credential> cs) {
    return cs.stream().map(c -> c.username() + (c.revoked() ? " revoked" : "")).toList();
  }

  @Test
  void reportsEachAddRotationAndRevocationOnce() {
    MemoryStore store = new MemoryStore();
    store.put(terminal("t1", 100));
    store.put(terminal("t2", 100));
    CredentialChanges changes = new CredentialChanges(store);
    assertEquals(List.of(), changes.poll(), "what was there at start is not a change");

    store.revoke("t1", 200);
    assertEquals(List.of("t1 revoked"), names(changes.poll()));
    assertEquals(List.of(), changes.poll(), "reported once");

    store.put(terminal("t2", 200)); // rotated in the same millisecond as the revocation
    store.put(terminal("t3", 150)); // dated before the watermark: written by a host whose clock is a little behind
    assertEquals(List.of("t2", "t3"), names(changes.poll()),
        "a change in the millisecond already seen, and one stamped a little earlier, are found");

    store.put(terminal("t1", 300)); // rotate un-revokes
    store.revoke("t2", 300);
    assertEquals(List.of("t1", "t2 revoked"), names(changes.poll()));
    assertEquals(List.of(), changes.poll());
  }

  @Test
  void aChangeStampedFurtherBehindThanTheLookBackIsNotSeen() {
    MemoryStore store = new MemoryStore();
    store.put(terminal("t1", 1_000_000));
    CredentialChanges changes = new CredentialChanges(store);
    store.put(terminal("t2", 1_000_000 - CredentialChanges.LOOK_BACK_MS + 1));
    store.put(terminal("t3", 1_000_000 - CredentialChanges.LOOK_BACK_MS - 1)); // mqtt.auth-cache bounds this one
    assertEquals(List.of("t2"), names(changes.poll()));
    assertEquals(List.of(), changes.poll(), "and each once, while it stays in the window");
  }
}
