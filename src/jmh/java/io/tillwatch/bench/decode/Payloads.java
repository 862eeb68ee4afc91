package io.tillwatch.bench.decode;

import io.tillwatch.sim.BenchSales;
import io.tillwatch.sim.Sale;
import io.tillwatch.telemetry.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Pools of realistic payloads, written by the fleet simulator's own JSON writer. A pool (not one
 * payload) so neither side is measured on a single input its branch predictor has memorised, and
 * so no value can be constant-folded: the pool is built at run time from a seeded Random.
 */
public final class Payloads {
  /** Pool size: a power of two, so the cursor wraps with a mask. */
  public static final int POOL = 1024;
  /** The contract's example time (2026-11-30T02:00:00Z) in epoch ms. */
  public static final long T0 = 1_796_004_000_000L;

  /**
   * Fields a newer firmware might add (the contract only grows by optional fields), including a
   * nested object: TillWatch must walk them for hidden card data, Jackson just skips or builds them.
   */
  static final String EXTRA_FIELDS = ",\"device\":{\"model\":\"A920Pro\",\"os\":\"Android 10\",\"app\":\"pos-4.2.1\"},"
      + "\"cashier\":\"c-0042\",\"lane\":3}";

  private Payloads() {}

  /** Card AUTHORIZED events: every optional field of the contract present (about 215 bytes). */
  public static byte[][] authorized(long seed) {
    Random rnd = new Random(seed);
    byte[][] out = new byte[POOL][];
    for (int i = 0; i < POOL; i++) {
      Sale s = BenchSales.cardSale(rnd, String.format("20261130-%06d", i + 1));
      out[i] = BenchSales.txnEvent(s, 1_000 + i, EventType.AUTHORIZED, T0 + i * 1_000L);
    }
    return out;
  }

  /** The same events plus forward-compatible unknown fields: about 300 bytes. */
  public static byte[][] authorizedExtended(long seed) {
    byte[][] base = authorized(seed);
    byte[][] out = new byte[base.length][];
    for (int i = 0; i < base.length; i++) {
      String json = new String(base[i], StandardCharsets.UTF_8);
      out[i] = (json.substring(0, json.length() - 1) + EXTRA_FIELDS).getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  /** Heartbeats as the simulator sends them (about 190 bytes). */
  public static byte[][] heartbeats(long seed) {
    Random rnd = new Random(seed);
    byte[][] out = new byte[POOL][];
    for (int i = 0; i < POOL; i++) {
      out[i] = BenchSales.heartbeat(T0 + i * 30_000L, 30, 1_000 + i, -60 - rnd.nextInt(31), rnd.nextInt(3),
          "S" + (100 + rnd.nextInt(900)), "east");
    }
    return out;
  }

  public static double meanLength(byte[][] pool) {
    return Arrays.stream(pool).mapToInt(b -> b.length).average().orElse(0);
  }
}
