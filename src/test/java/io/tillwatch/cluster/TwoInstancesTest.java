package io.tillwatch.cluster;

import io.tillwatch.e2e.InProcessDaemon;
import io.tillwatch.testsupport.PostgresServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of two daemons in this JVM on one new database of the test PostgreSQL server, each with its
 * own ports and data directory, started once per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoInstancesTest {
  /** Set by JUnit before each test class's {@link BeforeAll} (an instance field would be too late for it). */
  @TempDir
  static Path root;

  Path dir;

  String url;
  InProcessDaemon a;
  InProcessDaemon b;

  /** The daemons' settings besides the shared store. */
  abstract Map<String, String> settings();

  @BeforeAll
  void startBoth() {
    dir = root.resolve(getClass().getSimpleName());
    url = PostgresServer.shared().newDatabase();
    a = InProcessDaemon.start(dir.resolve("a"), sharedStore(url, settings()));
    b = InProcessDaemon.start(dir.resolve("b"), sharedStore(url, settings()));
  }

  @AfterAll
  void stopBoth() {
    try {
      if (b != null) {
        b.close();
      }
    } finally {
      if (a != null) {
        a.close();
      }
    }
  }

  /** {@code settings} plus the shared store at {@code url}. */
  static Map<String, String> sharedStore(String url, Map<String, String> settings) {
    Map<String, String> s = new HashMap<>(settings);
    s.put("store", "postgres");
    s.put("store.url", url);
    s.put("store.user", PostgresServer.USER);
    s.put("store.tls", "disable");
    return s;
  }
}
