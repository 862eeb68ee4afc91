package io.tillwatch.bench.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tillwatch.ingest.BenchPayload;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
 * What it measures: the embedded endpoint's way from a received payload to a record. The payloads
 * are Vert.x buffers made as vertx-mqtt 5.0.7 makes them ({@code BufferInternal.safeBuffer} of a
 * slice of a pooled network buffer: an unpooled heap copy).
 * <ul>
 *   <li>{@code copyThenDecode}: what the endpoint did before, {@code Buffer.getBytes()} then
 *       {@code decode(Topic, byte[])};
 *   <li>{@code inPlaceHeap}: what it does now, the pipeline's view of the buffer (its backing array
 *       range as a ByteBuffer) into {@code decode(Topic, ByteBuffer)};
 *   <li>{@code directStream}, {@code directCopyThenDecode}: a direct buffer of the same bytes (what a
 *       Netty setup without Vert.x's heap copy would hand over), decoded through the decoder's stream
 *       view, or copied to a byte[] first.
 * </ul>
 * {@code tokens*} are a component, not the decoder: one walk over every token (text read for strings
 * and numbers) by Jackson's parser over the heap array, over the stream view of a direct buffer, and
 * by Jackson's non-blocking parser fed the direct buffer ({@code ByteBufferFeeder}), to show what the
 * direct path would gain from the feeder (which the decoder does not use: it only reads UTF-8, the
 * other two detect UTF-16/32 as the byte[] path always has).
 *
 * <p>Why it is fair: every method walks the same pool of payloads in the same order, written by the
 * simulator's JSON writer, with the topic parsed once outside the loop, and returns its result.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReceivedPayloadBench {
  @Param({"txn", "heartbeat"})
  public String payload;

  private Buffer[] received;
  private ByteBuffer[] direct;
  private Topic topic;
  private int cursor;
  private final TelemetryDecoder decoder = new TelemetryDecoder(16 * 1024);
  private final JsonFactory json = new JsonFactory();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[][] pool = payload.equals("txn") ? Payloads.authorized(11) : Payloads.heartbeats(11);
    topic = new Topic("m001", "t0001", payload.equals("txn") ? TopicKind.TXN : TopicKind.HEARTBEAT);
    received = new Buffer[pool.length];
    direct = new ByteBuffer[pool.length];
    for (int i = 0; i < pool.length; i++) {
      ByteBuf network = PooledByteBufAllocator.DEFAULT.directBuffer(pool[i].length + 4);
      network.writeBytes(new byte[] {0x30, 0x7f, 0, 3}).writeBytes(pool[i]);
      ByteBuf slice = network.retainedSlice(4, pool[i].length);
      network.release();
      received[i] = BufferInternal.safeBuffer(slice);
      direct[i] = ByteBuffer.allocateDirect(pool[i].length).put(pool[i]).flip();
      // Every payload must decode alike every way, or we would time a rejection.
      Telemetry expected = decoder.decode(topic, pool[i]);
      if (!expected.equals(decoder.decode(topic, BenchPayload.view(received[i])))
          || !expected.equals(decoder.decode(topic, direct[i]))) {
        throw new IllegalStateException("payload " + i + " decodes differently");
      }
    }
  }

  private int next() {
    return cursor++ & (Payloads.POOL - 1);
  }

  @Benchmark
  public Telemetry copyThenDecode() throws Exception {
    return decoder.decode(topic, received[next()].getBytes());
  }

  @Benchmark
  public Telemetry inPlaceHeap() throws Exception {
    return decoder.decode(topic, BenchPayload.view(received[next()]));
  }

  @Benchmark
  public Telemetry directStream() throws Exception {
    return decoder.decode(topic, direct[next()]);
  }

  @Benchmark
  public Telemetry directCopyThenDecode() throws Exception {
    ByteBuffer b = direct[next()];
    byte[] copy = new byte[b.remaining()];
    b.get(b.position(), copy);
    return decoder.decode(topic, copy);
  }

  @Benchmark
  public long tokensHeapArray() throws IOException {
    ByteBuffer b = BenchPayload.view(received[next()]);
    try (JsonParser p = json.createParser(b.array(), b.arrayOffset() + b.position(), b.remaining())) {
      return walk(p);
    }
  }

  @Benchmark
  public long tokensDirectStream() throws IOException {
    try (JsonParser p = json.createParser(new Input(direct[next()]))) {
      return walk(p);
    }
  }

  @Benchmark
  public long tokensDirectFeeder() throws IOException {
    ByteBuffer b = direct[next()];
    try (JsonParser p = json.createNonBlockingByteBufferParser()) {
      ((ByteBufferFeeder) p.getNonBlockingInputFeeder()).feedInput(b.duplicate());
      p.getNonBlockingInputFeeder().endOfInput();
      return walk(p);
    }
  }

  private static long walk(JsonParser p) throws IOException {
    long n = 0;
    JsonToken t;
    while ((t = p.nextToken()) != null) {
      if (t == JsonToken.NOT_AVAILABLE) {
        throw new IllegalStateException("all input was fed");
      }
      n += t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT ? p.getText().length() : 1;
    }
    return n;
  }

  /** The same stream view as the decoder's (absolute gets, the buffer untouched). */
  private static final class Input extends InputStream {
    private final ByteBuffer buffer;
    private int next;

    Input(ByteBuffer buffer) {
      this.buffer = buffer;
      this.next = buffer.position();
    }

    @Override
    public int read() {
      return next < buffer.limit() ? buffer.get(next++) & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      int n = Math.min(length, buffer.limit() - next);
      if (n <= 0) {
        return length == 0 ? 0 : -1;
      }
      buffer.get(next, into, offset, n);
      next += n;
      return n;
    }
  }
}
