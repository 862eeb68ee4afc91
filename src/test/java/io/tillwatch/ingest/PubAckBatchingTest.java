package io.tillwatch.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PUBACKs of the embedded endpoint after a group commit, seen on the wire (a raw MQTT 3.1.1 socket,
 * so every PUBACK's id and order is visible) and at the server's socket (a Netty handler at the head
 * of the connection's pipeline counting flushes). What it pins down: the PUBACKs of one commit go
 * out with one flush, not one each; they keep the order in which the commits were told; a
 * connection closed before the commit (here: taken over by a new connection of the same terminal)
 * gets no PUBACK, and neither does its successor.
 */
class PubAckBatchingTest {
  private static final String TOPIC = "pos/v1/m001/t0001/txn";
  private TestEndpoint endpoint;
  private FakeJournal journal;
  private ClientRegistry clients;

  @BeforeEach
  void startEndpoint() throws Exception {
    endpoint = new TestEndpoint(new ConnectionLimits(10, 100, 600, 100_000, 1_000));
    journal = endpoint.journal;
    clients = endpoint.clients;
  }

  @AfterEach
  void stop() throws Exception {
    endpoint.close();
  }

  @Test
  void theVertxMqttInUseLetsPubacksBeBatched() throws Exception {
    try (RawClient c = RawClient.connect(endpoint.port(), "t0001")) {
      MqttConnection connection = awaitConnection("t0001");
      assertTrue(connection.pubAcks().batched(),
          "vertx-mqtt's endpoint no longer exposes its socket: every PUBACK is flushed on its own again");
    }
  }

  @Test
  void oneCommitOfManyMessagesIsAcknowledgedInCommitOrderWithOneFlush() throws Exception {
    int n = 40;
    try (RawClient c = RawClient.connect(endpoint.port(), "t0001")) {
      ChannelHandlerContext channel = awaitConnection("t0001").pubAcks().channel();
      assertNotNull(channel);
      AtomicInteger flushes = new AtomicInteger();
      channel.pipeline().addFirst("flushCounter", new ChannelOutboundHandlerAdapter() {
        @Override
        public void flush(ChannelHandlerContext ctx) {
          flushes.incrementAndGet();
          ctx.flush();
        }
      });
      for (int id = 1; id <= n; id++) {
        c.publish(TOPIC, id, txn(id));
      }
      awaitAppended(n);
      flushes.set(0);

      // The writer thread completes a group commit's futures one after the other; the loop may be
      // busy meanwhile (here it is held, so the test does not depend on timing).
      List<Integer> commitOrder = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        commitOrder.add(i);
      }
      Collections.shuffle(commitOrder, new Random(17));
      CountDownLatch release = AckBatchesTest.hold(channel.executor());
      for (int i : commitOrder) {
        journal.commits.get(i).complete(null);
      }
      release.countDown();

      List<Integer> expected = new ArrayList<>();
      List<Integer> received = new ArrayList<>();
      for (int i : commitOrder) {
        expected.add(messageIdOf(i));
        received.add(c.readPubAck());
      }
      assertEquals(expected, received, "PUBACKs in the order the commits were told");
      assertEquals(1, flushes.get(), n + " PUBACKs of one commit, one flush");
      assertEquals(n, endpoint.metrics.acknowledged.size(), "each acknowledgement's latency recorded");
    }
  }

  @Test
  void aConnectionClosedBeforeTheCommitGetsNoPubackNorDoesItsSuccessor() throws Exception {
    try (RawClient old = RawClient.connect(endpoint.port(), "t0001")) {
      MqttConnection first = awaitConnection("t0001");
      old.publish(TOPIC, 7, txn(7));
      awaitAppended(1);
      try (RawClient successor = RawClient.connect(endpoint.port(), "t0001")) {
        await().atMost(Duration.ofSeconds(10)).until(() -> clients.connection("t0001") != first);
        assertTrue(old.closedByServer(), "the older connection is closed by the takeover");
        journal.commits.get(0).complete(null);

        successor.pingRequest();
        assertEquals(0xD0, successor.readPacketType(), "the successor's next packet is its PINGRESP, no PUBACK");
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1))
            .until(() -> endpoint.metrics.acknowledged.isEmpty()); // nothing acknowledged on a closed connection
      }
    }
  }

  private MqttConnection awaitConnection(String clientId) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> clients.connection(clientId), c -> c != null);
  }

  private void awaitAppended(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> journal.appended.size() >= n);
    assertEquals(n, journal.appended.size());
  }

  /** The message ids are 1..n in publish order, which is append order. */
  private static int messageIdOf(int appendIndex) {
    return appendIndex + 1;
  }

  private static byte[] txn(int seq) {
    return ("{\"txn\":\"s1\",\"seq\":" + seq + ",\"event\":\"STARTED\",\"at\":\"2026-12-01T02:00:00Z\",\"amount\":12850,"
        + "\"currency\":\"CNY\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Just enough MQTT 3.1.1 to publish at QoS 1 and see every packet the server sends back. */
  private static final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    private RawClient(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new DataInputStream(socket.getInputStream());
    }

    static RawClient connect(int port, String clientId) throws IOException {
      Socket s = new Socket("127.0.0.1", port);
      s.setSoTimeout(10_000);
      s.setTcpNoDelay(true);
      RawClient c = new RawClient(s);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      writeString(body, "MQTT");
      body.write(4); // 3.1.1
      body.write(0x02); // clean session
      body.write(0);
      body.write(60); // keep-alive
      writeString(body, clientId);
      c.send(0x10, body.toByteArray());
      assertEquals(0x20, c.readPacketType(), "CONNACK");
      return c;
    }

    void publish(String topic, int messageId, byte[] payload) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      writeString(body, topic);
      body.write(messageId >> 8);
      body.write(messageId & 0xFF);
      body.write(payload);
      send(0x32, body.toByteArray());
    }

    void pingRequest() throws IOException {
      send(0xC0, new byte[0]);
    }

    int readPubAck() throws IOException {
      assertEquals(0x40, readPacketType(), "PUBACK");
      return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    }

    private byte[] body;

    /** Reads one packet; returns its type byte, keeps its body. */
    int readPacketType() throws IOException {
      int type = in.readUnsignedByte();
      int length = 0;
      int shift = 0;
      int b;
      do {
        b = in.readUnsignedByte();
        length |= (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      body = new byte[length];
      in.readFully(body);
      return type;
    }

    /** True once the server has closed the socket (end of stream, nothing else sent). */
    boolean closedByServer() throws IOException {
      try {
        return in.read() < 0;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset
      }
    }

    private void send(int header, byte[] body) throws IOException {
      ByteArrayOutputStream packet = new ByteArrayOutputStream();
      packet.write(header);
      int length = body.length;
      do {
        int digit = length % 128;
        length /= 128;
        packet.write(length > 0 ? digit | 0x80 : digit);
      } while (length > 0);
      packet.write(body);
      socket.getOutputStream().write(packet.toByteArray());
      socket.getOutputStream().flush();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >> 8);
      out.write(bytes.length & 0xFF);
      out.write(bytes, 0, bytes.length);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
