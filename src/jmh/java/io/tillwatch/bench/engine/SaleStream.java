package io.tillwatch.bench.engine;

import io.tillwatch.sim.BenchSales;
import io.tillwatch.sim.Sale;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import java.util.Random;

/**
 * A realistic transaction-event stream from a fleet, precomputed so the benchmark loop only reads
 * arrays: {@code terminals} terminals (10 merchants) each publishing one event every
 * {@link #EVENT_PERIOD_MS} of TillWatch's (fake) clock, round robin. Each sale runs STARTED,
 * AUTHORIZED, PRINTED, COMPLETED; one sale in 50 stops after STARTED (it raises UNCONFIRMED_SALE
 * two minutes later, so the engine's finding path and timer firing are part of the stream).
 * Payload bytes come from the fleet simulator's writer; the terminal's clock drifts a little
 * behind TillWatch's, as real ones do.
 */
final class SaleStream {
  static final long T0 = 1_796_004_000_000L; // 2026-11-30T02:00:00Z
  static final long EVENT_PERIOD_MS = 15_000;
  private static final EventType[] LIFE = {EventType.STARTED, EventType.AUTHORIZED, EventType.PRINTED, EventType.COMPLETED};

  final int terminals;
  final byte[][] payloads;
  final Topic[] topics;

  SaleStream(int terminals, int events, long seed) {
    this.terminals = terminals;
    this.payloads = new byte[events][];
    this.topics = new Topic[events];
    Random rnd = new Random(seed);
    Topic[] byTerminal = new Topic[terminals];
    Sale[] sale = new Sale[terminals];
    int[] stage = new int[terminals];
    int[] salesSoFar = new int[terminals];
    long[] seq = new long[terminals];
    for (int k = 0; k < terminals; k++) {
      byTerminal[k] = new Topic(String.format("m%03d", k % 10), String.format("t%05d", k), TopicKind.TXN);
    }
    for (int j = 0; j < events; j++) {
      int k = j % terminals;
      if (stage[k] == 0) {
        salesSoFar[k]++;
        sale[k] = BenchSales.sale(rnd, String.format("20261130-%06d", salesSoFar[k]));
      }
      EventType type = LIFE[stage[k]];
      payloads[j] = BenchSales.txnEvent(sale[k], ++seq[k], type, receivedAt(j) - 40 - rnd.nextInt(200));
      topics[j] = byTerminal[k];
      boolean abandoned = type == EventType.STARTED && salesSoFar[k] % 50 == 0;
      stage[k] = abandoned || stage[k] == LIFE.length - 1 ? 0 : stage[k] + 1;
    }
  }

  /** TillWatch's receive time of event {@code j}: the fleet's aggregate rate is terminals / 15 s. */
  long receivedAt(int j) {
    return T0 + j * EVENT_PERIOD_MS / terminals;
  }

  int size() {
    return payloads.length;
  }
}
