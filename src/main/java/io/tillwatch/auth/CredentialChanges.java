package io.tillwatch.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Notices credentials added, rotated or revoked by another process ({@code tillwatch terminals
 * rotate|revoke} writes the database file while the daemon runs), so the daemon can close the
 * connections they no longer allow.
 *
 * <p>Design notes. A change is visible as a new {@code created_ms} (add, rotate) or
 * {@code revoked_ms}. Each poll asks for rows changed at or after the newest time already seen —
 * "at", because another change can land in the same millisecond — and skips the rows it has
 * reported before. Times come from the writer's clock, so the daemon's own clock plays no part.
 * Starts from the newest change present at construction: what was already there is not news.
 * Blocking (reads the store); call off the event loop. Not thread-safe: one poller.
 */
public final class CredentialChanges {
  private final CredentialStore store;
  private long watermarkMs;
  private Set<String> seenAtWatermark = new HashSet<>();

  public CredentialChanges(CredentialStore store) {
    this.store = store;
    poll(); // everything up to now is the starting point, not a change
  }

  /** Credentials that changed since the previous poll. */
  public List<Credential> poll() {
    List<Credential> rows = store.changedSince(watermarkMs);
    List<Credential> changed = new ArrayList<>();
    long newest = watermarkMs;
    for (Credential c : rows) {
      if (!seenAtWatermark.contains(key(c))) {
        changed.add(c);
      }
      newest = Math.max(newest, changedAt(c));
    }
    // Remember the rows at the new watermark: the next ">=" query returns them again.
    Set<String> atNewest = new HashSet<>();
    for (Credential c : rows) {
      if (changedAt(c) == newest) {
        atNewest.add(key(c));
      }
    }
    seenAtWatermark = atNewest;
    watermarkMs = newest;
    return changed;
  }

  private static long changedAt(Credential c) {
    return Math.max(c.createdMs(), c.revokedMs());
  }

  private static String key(Credential c) {
    return c.username() + '|' + c.createdMs() + '|' + c.revokedMs();
  }
}
