package io.tillwatch.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's exit codes and output, on a real store file in a temporary data directory. */
class ReconcileCommandTest {
  private static final String CSV = "merchant,terminal,ref,amount,time,status\n"
      + "m001,t0001,T1-001,128.50,2026-12-01 10:00:00,charged\n";

  /** The command judges retention against the clock: fixed, so the bill's day never ages out. */
  private static final Clock EVENING_OF_THE_BILLS_DAY = Clock.fixed(Instant.parse("2026-12-01T23:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--data.dir=" + dir.resolve("data"));
    return new CommandLine(new ReconcileCommand(EVENING_OF_THE_BILLS_DAY)).setUnmatchedOptionsArePositionalParams(true)
        .execute(all.toArray(String[]::new));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void importedThenUnchangedExitZero() throws Exception {
    Path bill = file("bill.csv", CSV);
    assertEquals(0, run("--file", bill.toString(), "--format", "csv", "--date", "2026-12-01"));
    assertTrue(out().startsWith("imported\ncsv bill of 2026-12-01"), out());
    assertTrue(out().contains("charge_not_seen  1"), out());
    assertEquals(0, run("--file", bill.toString(), "--format", "csv", "--date", "2026-12-01", "--json"));
    JsonObject json = new JsonObject(out());
    assertEquals("unchanged", json.getString("status"));
    assertEquals(1, json.getJsonObject("report").getJsonObject("counts").getInteger("charge_not_seen"));
  }

  @Test
  void aRefusedBillExitsTwoAndSaysWhy() throws Exception {
    Path bill = file("bill.csv", CSV.replace("128.50", "12x"));
    assertEquals(2, run("--file", bill.toString(), "--format", "csv", "--date", "2026-12-01"));
    assertTrue(out().startsWith("refused csv bill: line 2: not an amount in yuan: '12x'"), out());
    Path otherDay = file("other.csv", CSV);
    assertEquals(2, run("--file", otherDay.toString(), "--format", "csv", "--date", "2026-12-02"));
    assertTrue(out().contains("is not on 2026-12-02"), out());
  }

  @Test
  void anythingElseExitsOne() throws Exception {
    Path bill = file("bill.csv", CSV);
    assertEquals(1, run("--file", dir.resolve("missing.csv").toString(), "--format", "csv", "--date", "2026-12-01"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("tillwatch reconcile: cannot read"));
    assertEquals(1, run("--file", bill.toString(), "--format", "paypal", "--date", "2026-12-01"));
    assertEquals(1, run("--file", bill.toString(), "--format", "csv", "--date", "1.12.2026"));
    assertEquals(1, run("--file", bill.toString(), "--format", "csv"));
    assertEquals(1, run("--file", bill.toString(), "--format", "csv", "--date", "2026-12-01", "--reconcile.zone=Mars/Base"));
  }
}
