package io.tillwatch.bench.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillwatch.bench.decode.TxnPojo;
import io.tillwatch.engine.ApplyResult;
import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.TxnEvent;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What it measures: TillWatch's whole per-event CPU work on one shard, bytes in to findings out:
 * {@code decodeAndApply} = {@link TelemetryDecoder#decode} (with validation) then
 * {@link DetectionEngine#onTxnEvent} (clock advance and deadline firing, seq tracking, sale state,
 * rules, rescheduling), on a {@link SaleStream} of 2000 terminals with a fake clock. Peers: Jackson
 * databind parse-only of the same bytes ({@code jacksonReadTree}, {@code jacksonReadValue}).
 * {@code decodeOnly} and {@code engineOnly} (events decoded in setup) split TillWatch's cost.
 *
 * <p>Why it is fair: every method walks the same precomputed byte[] stream in the same order, one
 * event per operation, and returns its result to JMH. The engine is never fed a repeat: when the
 * cursor wraps (after 2^20 events, about 2 h of fleet time), a fresh engine starts, which is counted
 * in the measured time and amortised over the pass. The engine sees a steady state after its first
 * 20 minutes (closed sales linger that long), i.e. after ~10% of the pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class PipelineBench {
  @Param({"2000"})
  public int terminals;

  @Param({"1048576"})
  public int events;

  private EngineFeed feed;
  private SaleStream stream;
  private TxnEvent[] decoded; // engineOnly's input, built only when that benchmark runs
  private final TelemetryDecoder decoder = new TelemetryDecoder(16 * 1024);
  private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Setup(Level.Trial)
  public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) throws Exception {
    feed = new EngineFeed(terminals, events);
    stream = feed.stream;
    if (params.getBenchmark().endsWith("engineOnly")) {
      decoded = new TxnEvent[stream.size()];
      for (int j = 0; j < decoded.length; j++) {
        decoded[j] = (TxnEvent) decoder.decode(stream.topics[j], stream.payloads[j]);
      }
    }
  }

  @TearDown(Level.Trial)
  public void report() {
    System.out.print(feed.report());
  }

  private int next() {
    return feed.next();
  }

  @Benchmark
  public ApplyResult decodeAndApply() throws Exception {
    int j = next();
    Telemetry t = decoder.decode(stream.topics[j], stream.payloads[j]);
    return feed.engine.onTxnEvent((TxnEvent) t, stream.receivedAt(j));
  }

  @Benchmark
  public Telemetry decodeOnly() throws Exception {
    int j = next();
    return decoder.decode(stream.topics[j], stream.payloads[j]);
  }

  @Benchmark
  public ApplyResult engineOnly() {
    int j = next();
    return feed.engine.onTxnEvent(decoded[j], stream.receivedAt(j));
  }

  @Benchmark
  public JsonNode jacksonReadTree() throws IOException {
    return mapper.readTree(stream.payloads[next()]);
  }

  @Benchmark
  public TxnPojo jacksonReadValue() throws IOException {
    return mapper.readValue(stream.payloads[next()], TxnPojo.class);
  }
}
