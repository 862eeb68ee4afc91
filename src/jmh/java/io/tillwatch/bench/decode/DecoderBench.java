package io.tillwatch.bench.decode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
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

/**
 * What it measures: the cost of turning one payload's bytes into something usable, per message.
 * {@code tillwatchDecode} is {@link TelemetryDecoder#decode(Topic, byte[])}: a streaming parse plus
 * the contract's validation (ids, enums, ranges, RFC 3339 time, masked-PAN rule, Luhn scan of text
 * and of unknown fields) into a record. Its peers are Jackson databind parse-only on the same
 * bytes: {@code readTree} (a JsonNode tree) and {@code readValue} into a plain POJO (no validation).
 *
 * <p>Why it is fair: both sides get the same byte[] from the same pool, in the same order, in the
 * same JVM; each returns its result to JMH (no dead code). The topic is parsed once outside the
 * loop, as the ingest does before decoding (Jackson has no topic to parse). Payload sets:
 * {@code txn} ~215 B card AUTHORIZED events as the simulator sends them (every optional field),
 * {@code txnExtended} the same plus ~85 B of forward-compatible unknown fields (~300 B), and
 * {@code heartbeat}. {@code componentJdkTimeParse} is not a pair: it times the one JDK call the
 * decoder makes for {@code at} ({@code OffsetDateTime.parse} with ISO_OFFSET_DATE_TIME) on the
 * same payloads' {@code at} strings, to show how much of the decoder's cost that call is.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecoderBench {
  @Param({"txn", "txnExtended", "heartbeat"})
  public String payload;

  private byte[][] pool;
  private String[] times;
  private Topic topic;
  private Class<?> pojo;
  private int cursor;
  private final TelemetryDecoder decoder = new TelemetryDecoder(16 * 1024); // mqtt.max-payload default
  private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    switch (payload) {
      case "txn" -> pool = Payloads.authorized(11);
      case "txnExtended" -> pool = Payloads.authorizedExtended(11);
      case "heartbeat" -> pool = Payloads.heartbeats(11);
      default -> throw new IllegalArgumentException(payload);
    }
    boolean hb = payload.equals("heartbeat");
    topic = new Topic("m001", "t0001", hb ? TopicKind.HEARTBEAT : TopicKind.TXN);
    pojo = hb ? HeartbeatPojo.class : TxnPojo.class;
    // Every payload must be valid for the decoder and bind for Jackson, or we would time a rejection.
    for (byte[] b : pool) {
      decoder.decode(topic, b);
      mapper.readValue(b, pojo);
    }
    times = new String[pool.length];
    for (int i = 0; i < pool.length; i++) {
      times[i] = mapper.readTree(pool[i]).get("at").asText();
    }
    System.out.printf("%n[payload %s: %d payloads, mean %.0f bytes]%n", payload, pool.length, Payloads.meanLength(pool));
  }

  private byte[] next() {
    return pool[cursor++ & (Payloads.POOL - 1)];
  }

  @Benchmark
  public Telemetry tillwatchDecode() throws Exception {
    return decoder.decode(topic, next());
  }

  @Benchmark
  public long componentJdkTimeParse() {
    String at = times[cursor++ & (Payloads.POOL - 1)];
    return OffsetDateTime.parse(at, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
  }

  @Benchmark
  public JsonNode jacksonReadTree() throws IOException {
    return mapper.readTree(next());
  }

  @Benchmark
  public Object jacksonReadValue() throws IOException {
    return mapper.readValue(next(), pojo);
  }
}
