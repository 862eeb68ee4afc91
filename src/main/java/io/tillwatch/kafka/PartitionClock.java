package io.tillwatch.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One partition's clock, read from the ticks in it. Pure: it sees only ticks, so a replay of the
 * partition moves it exactly as the first reading did.
 *
 * <p>Design note. A deadline may fire only once every event received before it is in the partition.
 * Wall-clock ticks cannot promise that: a gateway's message whose produce is retried through a
 * leader election (seconds) lands behind ticks written meanwhile, after its deadline fired. So there
 * are two kinds of tick source:
 * <ul>
 *   <li>A <b>gateway</b> writes a <i>watermark</i>: no message it still waits on Kafka for, in that
 *       partition, was received before it. The clock never passes the lowest watermark of the live
 *       gateways. A gateway that stops ticking (killed) would hold the clock for ever, so a watermark
 *       more than {@code staleAfter} behind the newest tick is no longer waited for. A gateway's sends
 *       fail after {@code kafka.produce-timeout}, so a live gateway is never further behind than that
 *       (plus the tick lag and period), and {@code staleAfter} is set above it: a killed gateway stops
 *       the clock for that long, a stuck one never lets it run ahead. A gateway stopping cleanly says
 *       farewell, so it holds nothing after it leaves.</li>
 *   <li>A <b>detector</b> writes the wall clock minus {@code kafka.tick-lag}. It promises nothing
 *       about events; it paces the clock where no gateway writes (a fleet on an MQTT broker's Kafka
 *       bridge) and caps it otherwise. The newest detector tick counts, so the clock goes on while any
 *       detector runs.</li>
 * </ul>
 * The clock is the lowest live watermark, capped by the newest detector tick, and never goes back.
 */
final class PartitionClock {
  private static final byte VERSION = 2;
  private static final byte LEGACY_VERSION = 1;

  private final long staleAfterMs;
  private final Map<String, Source> sources = new HashMap<>();
  private long clockMs;
  private long newestTickMs;

  private record Source(boolean gateway, long atMs) {}

  PartitionClock(long staleAfterMs, long clockMs) {
    this.staleAfterMs = staleAfterMs;
    this.clockMs = clockMs;
    this.newestTickMs = clockMs;
  }

  long clockMs() {
    return clockMs;
  }

  /** A tick from {@code source}; true when the clock moved. */
  boolean onTick(String source, boolean gateway, long atMs) {
    Source was = sources.get(source);
    if (was == null || atMs > was.atMs()) {
      sources.put(source, new Source(gateway, atMs));
    }
    newestTickMs = Math.max(newestTickMs, atMs);
    return recompute();
  }

  /** A source that stopped cleanly: nothing of it is pending any more. */
  boolean onFarewell(String source) {
    return sources.remove(source) != null && recompute();
  }

  private boolean recompute() {
    long lowestWatermark = Long.MAX_VALUE;
    long newestDetector = Long.MIN_VALUE;
    long staleBefore = newestTickMs - staleAfterMs;
    for (Iterator<Source> it = sources.values().iterator(); it.hasNext(); ) {
      Source s = it.next();
      if (s.atMs() < staleBefore) {
        it.remove(); // a killed gateway, a detector long gone: waited for long enough
      } else if (s.gateway()) {
        lowestWatermark = Math.min(lowestWatermark, s.atMs());
      } else {
        newestDetector = Math.max(newestDetector, s.atMs());
      }
    }
    long next;
    if (lowestWatermark != Long.MAX_VALUE) {
      next = newestDetector == Long.MIN_VALUE ? lowestWatermark : Math.min(lowestWatermark, newestDetector);
    } else if (newestDetector != Long.MIN_VALUE) {
      next = newestDetector;
    } else {
      return false;
    }
    if (next > clockMs) {
      clockMs = next;
      return true;
    }
    return false;
  }

  /** The clock and its sources, for the partition's state store. */
  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + sources.size() * 48);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(clockMs);
      out.writeLong(newestTickMs);
      out.writeInt(sources.size());
      for (Map.Entry<String, Source> e : sources.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeBoolean(e.getValue().gateway());
        out.writeLong(e.getValue().atMs());
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }

  /** What {@link #encode} wrote; the first release's value (the clock alone) is read as a clock with no sources. */
  static PartitionClock decode(byte[] value, long staleAfterMs) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      byte version = in.readByte();
      PartitionClock clock = new PartitionClock(staleAfterMs, in.readLong());
      if (version == LEGACY_VERSION) {
        return clock;
      }
      if (version != VERSION) {
        throw new IllegalStateException("a partition clock of version " + version + " (this release reads up to " + VERSION
            + "): a newer release wrote this changelog");
      }
      clock.newestTickMs = in.readLong();
      for (int n = in.readInt(); n > 0; n--) {
        clock.sources.put(in.readUTF(), new Source(in.readBoolean(), in.readLong()));
      }
      return clock;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
