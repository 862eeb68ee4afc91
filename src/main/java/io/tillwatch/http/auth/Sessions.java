package io.tillwatch.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The console's sessions, in memory: a restart signs everyone out, which is the safe failure.
 *
 * <p>Design: one {@link LinkedHashMap} under this object's lock, kept in order of last use: every
 * use re-inserts the session at the tail, so the head is always the least recently used one: expired sessions are
 * swept from the head (stopping at the first live one, so a sweep costs only what it removes) on
 * every call, and when the bound is reached the head is evicted. No timer is needed. Ids and CSRF
 * tokens are 256 bits from {@link SecureRandom}; a session is found by its id (a map look-up: an
 * id cannot be guessed, so the look-up's timing tells nothing), and the CSRF token is compared in
 * constant time. Time is the injected clock's.
 */
public final class Sessions {
  /** Most sessions held; signing in beyond it ends the least recently used one. */
  public static final int DEFAULT_MAX = 10_000;

  /** How sessions end (and begin), for the metrics. */
  public enum Event { SIGNED_IN, SIGNED_OUT, EXPIRED, EVICTED }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final long ttlMs;
  private final int max;
  private final LongSupplier clock;
  private final LinkedHashMap<String, Entry> byId = new LinkedHashMap<>();
  private final AtomicLongArray counts = new AtomicLongArray(Event.values().length);

  private static final class Entry {
    final Principal principal;
    final String csrf;
    final String credential;
    long lastUsedMs;

    Entry(Principal principal, String csrf, String credential, long lastUsedMs) {
      this.principal = principal;
      this.csrf = csrf;
      this.credential = credential;
      this.lastUsedMs = lastUsedMs;
    }
  }

  /**
   * @param ttl   idle time after which a session ends
   * @param max   most sessions held at once
   * @param clock milliseconds since the epoch
   */
  public Sessions(Duration ttl, int max, LongSupplier clock) {
    if (ttl.toMillis() <= 0 || max < 1) {
      throw new IllegalArgumentException("a session needs a positive ttl and room for one");
    }
    this.ttlMs = ttl.toMillis();
    this.max = max;
    this.clock = clock;
  }

  public Duration ttl() {
    return Duration.ofMillis(ttlMs);
  }

  /** A new session for {@code principal}; {@code credential} as in {@link Session#credential()}. */
  public synchronized Session create(Principal principal, String credential) {
    long now = clock.getAsLong();
    sweep(now);
    while (byId.size() >= max) {
      Iterator<Map.Entry<String, Entry>> eldest = byId.entrySet().iterator();
      eldest.next();
      eldest.remove();
      counts.incrementAndGet(Event.EVICTED.ordinal());
    }
    String id = random();
    Entry e = new Entry(principal, random(), credential, now);
    byId.put(id, e);
    counts.incrementAndGet(Event.SIGNED_IN.ordinal());
    return snapshot(id, e);
  }

  /** The live session with this id, its idle time restarted; empty when unknown or expired. */
  public synchronized Optional<Session> use(String id) {
    long now = clock.getAsLong();
    sweep(now);
    Entry e = id == null ? null : byId.get(id);
    if (e == null) {
      return Optional.empty();
    }
    e.lastUsedMs = now;
    byId.remove(id);
    byId.put(id, e); // to the tail: the map stays in order of last use
    return Optional.of(snapshot(id, e));
  }

  /** Whether the session is still live, without counting this as a use (a long-lived stream asks this). */
  public synchronized boolean live(String id) {
    Entry e = byId.get(id);
    return e != null && clock.getAsLong() - e.lastUsedMs < ttlMs;
  }

  /** Signs the session out; false when there was no such live session. */
  public synchronized boolean end(String id) {
    sweep(clock.getAsLong());
    boolean ended = id != null && byId.remove(id) != null;
    if (ended) {
      counts.incrementAndGet(Event.SIGNED_OUT.ordinal());
    }
    return ended;
  }

  /** Ends the session without counting a sign-out: its credential was revoked. */
  public synchronized void drop(String id) {
    if (byId.remove(id) != null) {
      counts.incrementAndGet(Event.EXPIRED.ordinal());
    }
  }

  public synchronized int size() {
    sweep(clock.getAsLong());
    return byId.size();
  }

  /** How many sessions began or ended this way since start. */
  public long count(Event event) {
    return counts.get(event.ordinal());
  }

  /** Whether {@code presented} is the session's CSRF token, compared in constant time. */
  public static boolean csrfMatches(Session s, String presented) {
    return presented != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  private void sweep(long now) {
    Iterator<Entry> it = byId.values().iterator();
    while (it.hasNext()) {
      if (now - it.next().lastUsedMs < ttlMs) {
        return; // everything after the first live session was used later
      }
      it.remove();
      counts.incrementAndGet(Event.EXPIRED.ordinal());
    }
  }

  private Session snapshot(String id, Entry e) {
    return new Session(id, e.principal, e.csrf, e.credential, e.lastUsedMs + ttlMs);
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
