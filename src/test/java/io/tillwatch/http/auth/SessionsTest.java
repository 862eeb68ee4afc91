package io.tillwatch.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The session store on a fake clock: ids, idle expiry, the bound, sign-out, the CSRF comparison. */
class SessionsTest {
  private static final Principal ALICE = new Principal("alice", ApiRole.OPERATOR);
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Sessions sessions = new Sessions(Duration.ofMinutes(10), 3, now::get);

  @Test
  void idsAndCsrfTokensAre256RandomBitsBase64url() {
    Set<String> seen = new HashSet<>();
    Sessions many = new Sessions(Duration.ofMinutes(10), 100, now::get);
    for (int i = 0; i < 50; i++) {
      Session s = many.create(ALICE, null);
      assertTrue(s.id().matches("[A-Za-z0-9_-]{43}"), s.id());
      assertTrue(s.csrf().matches("[A-Za-z0-9_-]{43}"), s.csrf());
      assertNotEquals(s.id(), s.csrf());
      assertTrue(seen.add(s.id()) && seen.add(s.csrf()), "never repeats");
    }
  }

  @Test
  void aSessionExpiresAfterItsIdleTimeAndEachUseRestartsIt() {
    Session s = sessions.create(ALICE, "cred");
    assertEquals(now.get() + 600_000, s.expiresAtMs());
    now.addAndGet(599_999);
    Session used = sessions.use(s.id()).orElseThrow();
    assertEquals(ALICE, used.principal());
    assertEquals("cred", used.credential());
    assertEquals(now.get() + 600_000, used.expiresAtMs(), "the use restarted the idle time");
    now.addAndGet(599_999);
    assertTrue(sessions.live(s.id()));
    now.addAndGet(1);
    assertFalse(sessions.live(s.id()), "idle for the whole ttl");
    assertTrue(sessions.use(s.id()).isEmpty());
    assertEquals(0, sessions.size());
    assertEquals(1, sessions.count(Sessions.Event.EXPIRED));
  }

  @Test
  void livenessAsksWithoutCountingAsAUse() {
    Session s = sessions.create(ALICE, null);
    now.addAndGet(300_000);
    assertTrue(sessions.live(s.id()));
    now.addAndGet(300_000);
    assertFalse(sessions.live(s.id()), "asking did not restart the idle time");
  }

  @Test
  void theBoundEvictsTheLeastRecentlyUsed() {
    Session a = sessions.create(ALICE, null);
    now.addAndGet(1);
    Session b = sessions.create(ALICE, null);
    now.addAndGet(1);
    Session c = sessions.create(ALICE, null);
    now.addAndGet(1);
    sessions.use(a.id()); // b is now the least recently used
    Session d = sessions.create(ALICE, null);
    assertEquals(3, sessions.size());
    assertTrue(sessions.use(b.id()).isEmpty(), "evicted");
    for (Session kept : new Session[] {a, c, d}) {
      assertTrue(sessions.use(kept.id()).isPresent());
    }
    assertEquals(1, sessions.count(Sessions.Event.EVICTED));
    assertEquals(4, sessions.count(Sessions.Event.SIGNED_IN));
  }

  @Test
  void expiredSessionsAreSweptBeforeAnyIsEvicted() {
    sessions.create(ALICE, null);
    sessions.create(ALICE, null);
    now.addAndGet(600_000);
    Session fresh = sessions.create(ALICE, null);
    assertEquals(1, sessions.size());
    assertEquals(2, sessions.count(Sessions.Event.EXPIRED));
    assertEquals(0, sessions.count(Sessions.Event.EVICTED));
    assertTrue(sessions.use(fresh.id()).isPresent());
  }

  @Test
  void signOutEndsTheSessionOnce() {
    Session s = sessions.create(ALICE, null);
    assertTrue(sessions.end(s.id()));
    assertFalse(sessions.end(s.id()));
    assertFalse(sessions.end(null));
    assertTrue(sessions.use(s.id()).isEmpty());
    assertEquals(1, sessions.count(Sessions.Event.SIGNED_OUT));
  }

  @Test
  void theCsrfTokenMustMatchExactly() {
    Session s = sessions.create(ALICE, null);
    assertTrue(Sessions.csrfMatches(s, s.csrf()));
    assertFalse(Sessions.csrfMatches(s, null));
    assertFalse(Sessions.csrfMatches(s, ""));
    assertFalse(Sessions.csrfMatches(s, s.csrf() + "x"));
    assertFalse(Sessions.csrfMatches(s, s.id()));
  }
}
