package io.tillwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan HostileSuiteIT relies on finds what it must, in binary files too, and excludes only in-window epoch times. */
class CardNumberScannerTest {
  @TempDir
  Path dir;

  @Test
  void findsCardNumbersInBinaryDataAndSkipsTimesOfTheRun() throws Exception {
    byte[] binary = {0, 1, (byte) 0xff, 'x'};
    Files.write(dir.resolve("a.db"), concat(binary, "4111 1111 1111 1111".getBytes(StandardCharsets.US_ASCII), binary));
    Files.writeString(dir.resolve("b.log"), "silent@1764468000120 ok 6228480402564890018; 4111111111111112 (not Luhn); "
        + "41111111111111110000 (20 digits); 2000000000008 (Luhn, 13 digits, outside the window)");
    CardNumberScanner.Result r = new CardNumberScanner(1_764_000_000_000L, 1_765_000_000_000L).scan(List.of(dir));
    assertEquals(List.of("2000000000008", "4111111111111111", "6228480402564890018"),
        r.cardNumbers().stream().map(CardNumberScanner.Hit::digits).sorted().toList());
    assertEquals(1, r.timestampsExcluded(), "the Luhn-valid epoch-ms time in the window");
    assertEquals(2, r.filesScanned());
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int i = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }
}
