package io.tillwatch.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Notices credentials added, rotated or revoked by another process ({@code tillwatch terminals
 * rotate|revoke} writes the database file while the daemon runs), so the daemon can close the
 * connections they no longer allow.
 *
 * <p>Design notes. A change is visible as a new {@code created_ms} (add, rotate) or
 * {@code revoked_ms}, in the clock of the host that ran the command. Each poll asks for rows
 * changed since the newest time already seen, less a look-back of {@link #LOOK_BACK_MS}, and
 * reports each row (username and both times) once. The look-back is for a shared store: a command
 * run on another host, whose clock is a little behind the host of an earlier change, writes times
 * below the newest already seen, and a plain "since the newest" would never see them. Rows inside
 * the window are read again at each poll (changes are rare: that is a handful of rows); what has
 * been reported is remembered while inside the window. Starts from everything present at
 * construction: what was already there is not news. Blocking (reads the store); call off the
 * event loop. Not thread-safe: one poller.
 */
public final class CredentialChanges {
  /** How far behind the newest change seen a later one may be stamped (hosts' clock differences). */
  static final long LOOK_BACK_MS = 5 * 60_000;

  private final CredentialStore store;
  private long watermarkMs;
  /** Rows reported (or present at the start), by key, with their change time; pruned past the window. */
  private final Map<String, Long> reported = new HashMap<>();

  public CredentialChanges(CredentialStore store) {
    this.store = store;
    poll(); // everything up to now is the starting point, not a change
  }

  /** Credentials that changed since the previous poll. */
  public List<Credential> poll() {
    List<Credential> rows = store.changedSince(watermarkMs - LOOK_BACK_MS);
    List<Credential> changed = new ArrayList<>();
    long newest = watermarkMs;
    for (Credential c : rows) {
      if (reported.putIfAbsent(key(c), changedAt(c)) == null) {
        changed.add(c);
      }
      newest = Math.max(newest, changedAt(c));
    }
    watermarkMs = newest;
    long windowStart = newest - LOOK_BACK_MS;
    reported.values().removeIf(at -> at < windowStart);
    return changed;
  }

  private static long changedAt(Credential c) {
    return Math.max(c.createdMs(), c.revokedMs());
  }

  private static String key(Credential c) {
    return c.username() + '|' + c.createdMs() + '|' + c.revokedMs();
  }
}
