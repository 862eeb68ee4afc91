package io.tillwatch.probe;

import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.Severity;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.TxnEvent;

/**
 * Measures engine heap per open sale and per tracked terminal: heap after full GC with N open
 * sales (STARTED, deadline pending) minus heap with none, divided by N. A command, not a test:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.tillwatch.probe.HeapPerSaleProbe 1000000}
 */
public final class HeapPerSaleProbe {
  public static void main(String[] args) {
    int sales = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int terminals = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    FindingSink none = new FindingSink() {
      @Override
      public void raised(Finding f) {}

      @Override
      public void cleared(FindingKey k, long at, String r) {}

      @Override
      public void severityChanged(FindingKey k, Severity s, long at) {}
    };
    long now = 1_800_000_000_000L;
    DetectionEngine engine = new DetectionEngine(DetectionSettings.defaults(), none, now);
    long base = usedAfterGc();
    for (int t = 0; t < terminals; t++) {
      engine.onHeartbeat(new Heartbeat("m" + (t % 100), "t" + t, now, 30, -1, "4.2.1", "4G", -70, null, 0, null, null), now);
    }
    long withTerminals = usedAfterGc();
    long seq = 0;
    for (int i = 0; i < sales; i++) {
      int t = i % terminals;
      engine.onTxnEvent(new TxnEvent("m" + (t % 100), "t" + t, "20261130-" + i, ++seq / terminals + 1, EventType.STARTED, now,
          12850, "CNY", null, "433412345678", null, null, null), now);
    }
    long withSales = usedAfterGc();
    System.out.printf("terminals=%d bytes/terminal=%.0f%n", terminals, (withTerminals - base) / (double) terminals);
    System.out.printf("open sales=%d bytes/open sale (incl. deadline node, txn id)=%.0f  tracked=%d%n", sales,
        (withSales - withTerminals) / (double) sales, engine.stats().trackedSales());
  }

  static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
