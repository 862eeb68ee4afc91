package io.tillwatch.sim;

import static io.tillwatch.engine.FindingKind.DOUBLE_CHARGE_RISK;
import static io.tillwatch.engine.FindingKind.TERMINAL_SILENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {

  @Test
  void groundTruthLinesRoundTripThroughTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sub/truth.jsonl");
    GroundTruthRecord a = new GroundTruthRecord(DOUBLE_CHARGE_RISK, "m001", "t00001", "r1-000002", "r1-000001", 123L, "same \"amount\" 100");
    GroundTruthRecord b = new GroundTruthRecord(TERMINAL_SILENT, "m001", "t00002", null, null, 5, "test");
    try (GroundTruth g = GroundTruth.toFile(file)) {
      g.record(a);
      assertEquals(List.of(a), GroundTruth.readFile(file)); // readable while still open
      g.record(b);
    }
    Files.writeString(file, Files.readString(file) + "{\"kind\":\"TERM", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    assertEquals(List.of(a, b), GroundTruth.readFile(file));
    assertEquals("{\"kind\":\"TERMINAL_SILENT\",\"merchant\":\"m001\",\"terminal\":\"t00002\",\"txn\":null,"
        + "\"relatedTxn\":null,\"injectedAtMs\":5,\"detail\":\"test\"}", b.toJsonLine());
  }
}
