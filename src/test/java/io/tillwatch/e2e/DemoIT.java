package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.engine.FindingKind;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's promise: {@code tillwatch demo} shows a task of every finding kind within two minutes. */
class DemoIT {
  @TempDir
  Path dir;

  @Test
  void demoShowsEveryFindingKindWithinTwoMinutes() throws Exception {
    Path log = Files.createFile(dir.resolve("demo.log"));
    long started = System.nanoTime();
    try (DaemonProcess demo = DaemonProcess.start("demo", dir.resolve("data"), log, FreePorts.next(), FreePorts.next(), List.of())) {
      Set<FindingKind> seen = EnumSet.noneOf(FindingKind.class);
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        for (JsonObject t : demo.api.tasks("")) {
          seen.add(FindingKind.valueOf(t.getString("kind")));
        }
        return seen.size() == Arrays.stream(FindingKind.values()).filter(FindingKind::fromTelemetry).count();
      });
      System.out.printf("demo: every finding kind within %d s%n", (System.nanoTime() - started) / 1_000_000_000);
      assertEquals(0, demo.terminate());
    }
  }
}
