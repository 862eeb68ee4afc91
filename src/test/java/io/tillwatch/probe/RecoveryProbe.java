package io.tillwatch.probe;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.config.ConfigLoader;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.TxnEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a journal of N open sales (STARTED, no outcome) through the real store, then starts the
 * daemon on it and reports recovery and start-to-ready times. A command, not a test.
 */
public final class RecoveryProbe {
  public static void main(String[] args) throws Exception {
    int sales = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int terminals = 1_000;
    Path dir = Files.createTempDirectory("tw-recovery");
    long now = System.currentTimeMillis();
    try (SqlStore store = SqlStore.open(StoreSettings.defaults(dir), StoreObserver.NONE)) {
      CompletableFuture<?>[] writes = new CompletableFuture<?>[sales];
      for (int i = 0; i < sales; i++) {
        int t = i % terminals;
        if (i % 10_000 == 0 && i > 0) {
          CompletableFuture.allOf(java.util.Arrays.copyOfRange(writes, i - 10_000, i)).join(); // stay under the queue bound
        }
        writes[i] = store.journal().append(new TxnEvent("m" + (t % 10), "t" + t, "s" + i, i / terminals + 1L, EventType.STARTED,
            now, 1000 + i, "CNY", null, null, null, null, null), now - 1000);
      }
      CompletableFuture.allOf(writes).join();
    }
    long t0 = System.nanoTime();
    TillWatchDaemon d = TillWatchDaemon.start(ConfigLoader.load(null, Map.of(), List.of("--data.dir=" + dir, "--mqtt.port=0",
        "--http.port=0", "--mqtt.auth=off", "--detect.outcome-timeout=1h")), Clock.systemUTC());
    long readyMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("open sales=%d replayed=%d recovery=%d ms start-to-ready=%d ms%n", sales, d.recovery().events(),
        d.recovery().millis(), readyMs);
    d.stop();
  }
}
