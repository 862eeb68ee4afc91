package io.tillwatch.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tillwatch.commands.CommandResults;
import io.tillwatch.metrics.ConnectionMetrics;
import io.tillwatch.metrics.IngestMetrics;
import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The received payload is decoded where it lies: {@link IngestPipeline#accept(String, Topic, Buffer,
 * IngestOutcome)} decides exactly what the byte[] form does for every shape of Vert.x buffer (the
 * heap copy vertx-mqtt makes, a slice of a larger array, direct, composite), a sink that keeps the
 * bytes gets exactly the payload's bytes in an array of its own, and a heap buffer is not copied on
 * the way to the decoder. Also pins what the in-place decode relies on in vertx-mqtt 5.0.7: the
 * payload it hands over is an unpooled heap copy that survives the release and reuse of the network
 * buffer, so a publish the gate holds back is still intact when it is processed.
 */
class ReceivedPayloadTest {
  private static final long NOW = Instant.parse("2026-12-01T02:00:00Z").toEpochMilli();
  private static final Topic TXN = new Topic("m001", "t0001", io.tillwatch.telemetry.TopicKind.TXN);
  private static final String[] PAYLOADS = {
      "{\"txn\":\"s1\",\"seq\":1,\"event\":\"STARTED\",\"at\":\"2026-12-01T02:00:00Z\",\"amount\":12850,\"currency\":\"CNY\"}",
      "{\"txn\":\"s1\",\"seq\":2,\"event\":\"AUTHORIZED\",\"at\":1764554400000,\"amount\":1,\"currency\":\"CNY\","
          + "\"pan\":\"6228480402564890018\"}",
      "{\"txn\":\"s1\",\"seq\":3,\"event\":\"PRINTED\",\"at\":1764554400000,\"x\":{\"y\":[\"4111 1111 1111 1111\"]}}",
      "{\"txn\":",
      "{\"txn\":\"s1\",\"seq\":4,\"event\":\"COMPLETED\",\"at\":1764554400000,\"note\":\"收银台 1\"}",
  };

  /** The shapes a Vert.x buffer's bytes can have; each gets the payload surrounded by other bytes where it can. */
  private static final List<Function<byte[], Buffer>> SHAPES = List.of(
      Buffer::buffer,
      p -> BufferInternal.buffer(Unpooled.wrappedBuffer(surrounded(p), 3, p.length)),
      p -> BufferInternal.buffer(Unpooled.directBuffer(p.length).writeBytes(p)),
      p -> BufferInternal.buffer(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(p, 0, p.length / 2),
          Unpooled.wrappedBuffer(p, p.length / 2, p.length - p.length / 2))),
      ReceivedPayloadTest::asVertxMqttHandsItOver);

  @Test
  void aReceivedBufferOfAnyShapeDecidesWhatTheArrayDoes() {
    for (String json : PAYLOADS) {
      byte[] payload = json.getBytes(StandardCharsets.UTF_8);
      Run expected = new Run();
      expected.pipeline.accept("t0001", TXN, payload, expected.outcome);
      for (Function<byte[], Buffer> shape : SHAPES) {
        Run run = new Run();
        run.pipeline.accept("t0001", TXN, shape.apply(payload), run.outcome);
        assertEquals(expected.outcome.refusal, run.outcome.refusal, json);
        assertEquals(expected.sink.received, run.sink.received, json);
        assertEquals(expected.sink.payloads.size(), run.sink.payloads.size(), json);
        for (byte[] kept : run.sink.payloads) {
          assertArrayEquals(payload, kept, "a sink that keeps the payload gets exactly its bytes");
        }
        run.outcome.refusal = null;
        run.pipeline.accept("t0001", "pos/v1/m001/t0001/txn", shape.apply(payload), run.outcome);
        assertEquals(expected.outcome.refusal, run.outcome.refusal, "topic given as text: " + json);
      }
    }
  }

  @Test
  void aTopicOutsideTheContractIsRefusedBeforeThePayloadIsLookedAt() {
    Run run = new Run();
    run.pipeline.accept("t0001", "pos/v2/m001/t0001/txn", Buffer.buffer("not json"), run.outcome);
    assertEquals(RejectReason.UNKNOWN_TOPIC, run.outcome.refusal);
    assertTrue(run.outcome.inTopic);
  }

  @Test
  void aHeapBufferReachesTheDecoderWithoutACopy() {
    byte[] payload = PAYLOADS[0].getBytes(StandardCharsets.UTF_8);
    byte[] larger = surrounded(payload);
    ByteBuffer view = IngestPipeline.view(BufferInternal.buffer(Unpooled.wrappedBuffer(larger, 3, payload.length)));
    assertSame(larger, view.array(), "the decoder reads the received array itself");
    assertEquals(3, view.arrayOffset() + view.position());
    assertEquals(payload.length, view.remaining());

    Buffer received = asVertxMqttHandsItOver(payload);
    ByteBuf underneath = ((BufferInternal) received).getByteBuf();
    assertSame(underneath.array(), IngestPipeline.view(received).array());

    ByteBuffer direct = IngestPipeline.view(BufferInternal.buffer(Unpooled.directBuffer(64).writeBytes(payload)));
    assertTrue(direct.isDirect(), "a direct buffer is read through its NIO view, not copied to the heap");
  }

  /**
   * What the in-place decode relies on in vertx-mqtt 5.0.7 (MqttServerConnection hands the handler
   * {@code BufferInternal.safeBuffer(publish.payload())}): a payload sliced from a pooled network
   * buffer becomes an unpooled heap copy and the network buffer is released, so neither its release
   * nor the reuse of its memory for the next read changes what a held-back message decodes to.
   */
  @Test
  void vertxMqttsPayloadSurvivesTheNetworkBuffersReleaseAndReuse() throws Exception {
    byte[] payload = PAYLOADS[0].getBytes(StandardCharsets.UTF_8);
    Buffer received = asVertxMqttHandsItOver(payload);
    ByteBuf underneath = ((BufferInternal) received).getByteBuf();
    assertTrue(underneath.hasArray(), "a heap copy");
    assertFalse(underneath.release(), "not reference-counted: nothing can free it under a held message");
    ByteBuf reused = PooledByteBufAllocator.DEFAULT.buffer(payload.length + 64);
    reused.writeBytes(new byte[payload.length + 64]);
    Telemetry decoded = new TelemetryDecoder(8192).decode(TXN, IngestPipeline.view(received));
    reused.release();
    assertEquals("s1", ((TxnEvent) decoded).txn());
  }

  /**
   * End to end through the embedded endpoint: messages above the connection's rate are held by the
   * gate and processed after their handler returned; each still decodes to what was sent, and a sink
   * that keeps the payload gets exactly the bytes sent.
   */
  @Test
  void messagesTheGateHoldsBackAreIntactWhenProcessed() throws Exception {
    Run run = new Run();
    Vertx vertx = Vertx.vertx();
    try {
      EndpointServices services = new EndpointServices(run.pipeline, new Subscriptions(), ConnectionMetrics.NONE,
          new AtomicInteger(), () -> true, new ClientRegistry(), null, new ConnectionLimits(10, 100, 600, 20, 1));
      MqttEndpointVerticle endpoint = new MqttEndpointVerticle(MqttEndpointVerticle.options("127.0.0.1", 0, 8192, 10), services);
      vertx.deployVerticle(endpoint).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + endpoint.actualPort(), "t0001", new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setMaxInflight(100);
      client.connect(options).waitForCompletion(10_000);
      int n = 12;
      List<byte[]> sent = new ArrayList<>();
      for (int seq = 1; seq <= n; seq++) {
        String json = "{\"txn\":\"s" + seq + "\",\"seq\":" + seq + ",\"event\":\"STARTED\",\"at\":\"2026-12-01T02:00:00Z\","
            + "\"amount\":" + (1000 + seq) + ",\"currency\":\"CNY\",\"pad\":\"" + "x".repeat(seq * 37) + "\"}";
        sent.add(json.getBytes(StandardCharsets.UTF_8));
        client.publish("pos/v1/m001/t0001/txn", sent.get(seq - 1), 1, false);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> run.sink.received.size() == n);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < n; i++) {
        TxnEvent e = (TxnEvent) run.sink.received.get(i);
        assertArrayEquals(sent.get((int) e.seq() - 1), run.sink.payloads.get(i), "the bytes a keeping sink got");
        assertEquals("s" + e.seq(), e.txn());
        assertEquals(1000 + e.seq(), e.amount());
        seen.add(e.txn());
      }
      assertEquals(n, seen.size());
      client.disconnectForcibly(0, 1_000);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** As vertx-mqtt 5.0.7 does: the network read lands in a pooled buffer, the decoder slices the payload out. */
  private static Buffer asVertxMqttHandsItOver(byte[] payload) {
    ByteBuf network = PooledByteBufAllocator.DEFAULT.directBuffer(payload.length + 16);
    network.writeBytes(new byte[] {0x30, 0x7f, 0, 3}).writeBytes(payload).writeBytes(new byte[12]);
    ByteBuf slice = network.retainedSlice(4, payload.length);
    network.release();
    Buffer b = BufferInternal.safeBuffer(slice);
    assertEquals(0, slice.refCnt(), "vertx released the network buffer");
    return b;
  }

  private static byte[] surrounded(byte[] payload) {
    byte[] b = new byte[payload.length + 6];
    byte[] junk = "}\"4111111111111111".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(junk, 0, b, 0, 3);
    System.arraycopy(payload, 0, b, 3, payload.length);
    System.arraycopy(junk, 3, b, 3 + payload.length, 3);
    return b;
  }

  /** A pipeline whose sink records what it was given and keeps the payload, as a gateway does. */
  private static final class Run {
    final KeepingSink sink = new KeepingSink();
    final Outcome outcome = new Outcome();
    final IngestPipeline pipeline = new IngestPipeline(new TelemetryDecoder(8192), sink, IngestMetrics.NONE,
        new RejectLog(Duration.ofMinutes(1), Ticker.disabledTicker()), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
        CommandResults.NONE, new LastRefusals(10));
  }

  /** Implements only the array form: the buffer form's default must hand it a copy of exactly the payload. */
  private static final class KeepingSink implements TelemetrySink {
    final List<byte[]> payloads = new CopyOnWriteArrayList<>();
    final List<Telemetry> received = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> accept(Topic topic, byte[] payload, Telemetry t, long receivedAtMs) {
      payloads.add(payload);
      received.add(t);
      return CompletableFuture.completedFuture(null);
    }
  }

  private static final class Outcome implements IngestOutcome {
    RejectReason refusal;
    boolean inTopic;

    @Override
    public void safe() {}

    @Override
    public void refused(RejectReason reason, boolean topic) {
      refusal = reason;
      inTopic = topic;
    }

    @Override
    public void notStored(Throwable cause) {
      throw new AssertionError(cause);
    }
  }
}
