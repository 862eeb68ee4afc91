package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a terminal and an operator see of a refused message. An MQTT 5 terminal (mosquitto_pub, a
 * client implementation of its own) is told the refusal in the PUBACK's reason code, per
 * docs/telemetry.md's table (QoS 1, the contract's), and its label as Reason String unless it asked
 * for no problem information (read off the wire, which mosquitto_pub does not print); the terminal
 * API shows its last refusal, and for a terminal whose every message was refused (so TillWatch does
 * not track it) the 404 says why.
 */
class RefusalsEndToEndTest {
  /** The documented code of each refusal reason. */
  static final Map<String, Integer> CODES = Map.of(
      "unknown_topic", 0x90,
      "bad_id", 0x90,
      "too_large", 0x97,
      "malformed_json", 0x99,
      "missing_field", 0x99,
      "bad_field", 0x99,
      "unknown_event", 0x99,
      "card_data", 0x83,
      "bad_status", 0x99);
  private static final Pattern ACK = Pattern.compile("received (PUBACK) \\(Mid: \\d+, RC:(\\d+)\\)");

  @TempDir
  static Path dir;

  static InProcessDaemon tw;

  @BeforeAll
  static void start() {
    tw = new InProcessDaemon(dir, Map.of("mqtt.max-payload", RefusalCases.MAX_PAYLOAD));
  }

  @AfterAll
  static void stop() {
    tw.close();
  }

  @Test
  void anMqtt5TerminalIsToldEachRefusalInThePuback() throws Exception {
    for (Map.Entry<String, String[]> c : RefusalCases.all().entrySet()) {
      String[] ack = publishV5("t-bad", c.getValue()[0], c.getValue()[1], 1);
      assertEquals("PUBACK", ack[0], c.getKey());
      assertEquals(CODES.get(c.getKey()), Integer.parseInt(ack[1]), c.getKey() + ": PUBACK reason code");
    }
    // Card data in a topic id is card data, not a bad topic.
    String[] inTopic = publishV5("t-bad", "pos/v1/m009/" + RefusalCases.FULL_PAN + "/txn", "{}", 1);
    assertEquals(0x83, Integer.parseInt(inTopic[1]), "card number as terminal id");
    // A message that is fine is still acknowledged with success.
    String[] fine = publishV5("t-fine", "pos/v1/m009/t-fine/txn", Payloads.txn("ok-1", 1, "STARTED", 5), 1);
    assertEquals(0, Integer.parseInt(fine[1]), "success");
  }

  @Test
  void theReasonStringIsTheRefusalsLabelUnlessTheClientAskedForNone() throws Exception {
    assertEquals("card_data", rawPubackReasonString("t-raw1", true));
    assertNull(rawPubackReasonString("t-raw2", false), "Request Problem Information 0: no Reason String in a PUBACK");
  }

  @Test
  void theTerminalApiShowsTheLastRefusal() throws Exception {
    long before = System.currentTimeMillis();
    // Nothing but refused messages: TillWatch does not track the terminal, the 404 says why.
    publishV5("t-never", "pos/v1/m011/t-never/txn", "{\"txn\":\"x\",", 1);
    publishV5("t-never", "pos/v1/m011/t-never/status", "sleeping", 1);
    Api.Response unknown = tw.api.get("/api/v1/terminals/m011/t-never");
    assertEquals(404, unknown.status());
    assertTrue(unknown.json().getString("detail").contains("its last message was refused (bad_status, "), unknown.body());

    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m011", "t-known")) {
      t.heartbeat(60, 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> tw.api.get("/api/v1/terminals/m011/t-known").status() == 200);
      assertNull(tw.api.get("/api/v1/terminals/m011/t-known").json().getValue("lastRefusal"), "none refused yet");
      t.publish("txn", "{\"txn\":\"x\",\"seq\":1,\"event\":\"MAGIC\",\"at\":1764468000123}", 1);
      t.publish("txn", "{\"txn\":\"x\",", 1);
    }
    JsonObject refusal = tw.api.get("/api/v1/terminals/m011/t-known").json().getJsonObject("lastRefusal");
    assertNotNull(refusal);
    assertEquals("malformed_json", refusal.getString("reason"), "the last one");
    long at = Instant.parse(refusal.getString("at")).toEpochMilli();
    assertTrue(at >= before - 1000 && at <= System.currentTimeMillis() + 1000, "refused now: " + refusal);
    assertNull(tw.api.get("/api/v1/terminals/m009/t-fine").json().getValue("lastRefusal"));
  }

  /**
   * Connects over MQTT 5 on a bare socket ({@code problemInformation} false: with Request Problem
   * Information 0), publishes card data at QoS 1 and returns the PUBACK's Reason String, or null.
   */
  private static String rawPubackReasonString(String clientId, boolean problemInformation) throws Exception {
    try (Socket s = new Socket("127.0.0.1", tw.mqttPort())) {
      s.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
      // CONNECT: "MQTT", level 5, clean start, keep-alive 30, properties, client id.
      byte[] props = problemInformation ? new byte[0] : new byte[] {0x17, 0};
      out.write(new byte[] {0x10, (byte) (10 + 1 + props.length + 2 + id.length), 0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 30,
          (byte) props.length});
      out.write(props);
      out.writeShort(id.length);
      out.write(id);
      out.flush();
      ResourceLimitsEndToEndTest.connackProperties(in);
      byte[] topic = ("pos/v1/m012/" + clientId + "/txn").getBytes(StandardCharsets.US_ASCII);
      byte[] payload = RefusalCases.all().get("card_data")[1].replace("t-bad", clientId).getBytes(StandardCharsets.US_ASCII);
      ByteArrayOutputStream publish = new ByteArrayOutputStream();
      DataOutputStream p = new DataOutputStream(publish);
      p.writeShort(topic.length);
      p.write(topic);
      p.writeShort(7); // packet identifier
      p.write(0); // no properties
      p.write(payload);
      out.write(0x32); // PUBLISH, QoS 1
      writeVarInt(out, publish.size());
      out.write(publish.toByteArray());
      out.flush();
      assertEquals(0x40, in.readUnsignedByte(), "PUBACK");
      int remaining = ResourceLimitsEndToEndTest.varInt(in);
      byte[] body = in.readNBytes(remaining);
      assertEquals(7, ((body[0] & 0xff) << 8) | (body[1] & 0xff), "packet identifier");
      assertEquals(0x83, body[2] & 0xff, "reason code");
      if (remaining <= 3) {
        return null;
      }
      DataInputStream propsIn = new DataInputStream(new ByteArrayInputStream(body, 3, body.length - 3));
      int length = ResourceLimitsEndToEndTest.varInt(propsIn);
      if (length == 0) {
        return null;
      }
      assertEquals(0x1F, propsIn.readUnsignedByte(), "the only property: Reason String");
      return propsIn.readUTF();
    }
  }

  private static void writeVarInt(OutputStream out, int v) throws IOException {
    do {
      int b = v & 0x7f;
      v >>>= 7;
      out.write(v > 0 ? b | 0x80 : b);
    } while (v > 0);
  }

  /** Publishes with mosquitto_pub over MQTT 5 and returns {packet, reason code} of the PUBACK. */
  private static String[] publishV5(String clientId, String topic, String payload, int qos) throws Exception {
    Process pub = new ProcessBuilder("mosquitto_pub", "-V", "mqttv5", "-d", "-h", "127.0.0.1", "-p", String.valueOf(tw.mqttPort()),
        "-i", clientId, "-q", String.valueOf(qos), "-t", topic, "-m", payload).redirectErrorStream(true).start();
    assertTrue(pub.waitFor(20, TimeUnit.SECONDS), "mosquitto_pub finished");
    String out = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Matcher m = ACK.matcher(out);
    assertTrue(m.find(), "an acknowledgement: " + out);
    return new String[] {m.group(1), m.group(2)};
  }
}
