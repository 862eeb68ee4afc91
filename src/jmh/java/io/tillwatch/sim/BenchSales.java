package io.tillwatch.sim;

import io.tillwatch.telemetry.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

/**
 * Benchmark-only window onto the simulator's package-private payload writers, so the benchmarks
 * feed TillWatch exactly the bytes the fleet simulator (and so a terminal following the contract)
 * sends: {@link SaleFactory} draws the sale, {@link TelemetryJson} writes it. Lives in the
 * simulator's package (same class path, no main-code change) rather than copying that code.
 */
public final class BenchSales {
  private BenchSales() {}

  /** A realistic sale: amount in fen, CNY, a method drawn like the simulator's, masked PAN for cards. */
  public static Sale sale(Random rnd, String txn) {
    return SaleFactory.next(rnd, txn, Set.of());
  }

  /** A card sale (the payload that carries every optional field: rrn, authCode, masked PAN). */
  public static Sale cardSale(Random rnd, String txn) {
    Sale s;
    do {
      s = sale(rnd, txn);
    } while (s.pan() == null);
    return s;
  }

  public static byte[] txnEvent(Sale s, long seq, EventType event, long atMs) {
    return TelemetryJson.txnEvent(s, seq, event, atMs).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] heartbeat(long atMs, int intervalSec, long lastSeq, int signal, int pendingUploads, String store,
      String region) {
    return TelemetryJson.heartbeat(atMs, intervalSec, lastSeq, signal, pendingUploads, store, region)
        .getBytes(StandardCharsets.UTF_8);
  }
}
