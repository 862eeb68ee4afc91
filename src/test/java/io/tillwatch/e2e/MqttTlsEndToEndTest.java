package io.tillwatch.e2e;

import static io.tillwatch.e2e.MqttAuthEndToEndTest.cli;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.tls.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded endpoint and the API over real TLS, with certificates made at test time: terminals
 * with a secret over TLS, terminals identified by their client certificate (mqtt.tls.client-auth=
 * request, so both kinds share one port), and everything that must be refused. Paho and
 * mosquitto_pub are the clients; /metrics is read from the plain management listener.
 */
class MqttTlsEndToEndTest {
  @TempDir
  static Path dir;

  static TestPki pki;
  static TestPki rogue;
  static InProcessDaemon tw;
  static Api metrics;
  static String secret;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(dir.resolve("pki"), "shop-ca");
    rogue = TestPki.create(dir.resolve("rogue"), "rogue-ca");
    TestPki.Issued server = pki.server("server");
    Path data = dir.resolve("data");
    String d = "--data.dir=" + data;
    secret = cli("add", "--terminal", "t-secret", "--merchant", "m1", d, "--mqtt.auth-iterations=1000");
    assertNull(cli("add", "--terminal", "t-cert", "--merchant", "m1", "--cert-only", d), "a certificate terminal gets no secret");
    cli("add", "--terminal", "t-mosq", "--merchant", "m1", "--cert-only", d);
    cli("add", "--terminal", "t-gone", "--merchant", "m1", "--cert-only", d);
    cli("revoke", "--terminal", "t-gone", d);
    Map<String, String> s = new HashMap<>();
    s.put("mqtt.auth", "on");
    s.put("mqtt.auth-iterations", "1000");
    s.put("mqtt.tls.cert-file", server.certFile().toString());
    s.put("mqtt.tls.key-file", server.keyFile().toString());
    s.put("mqtt.tls.client-auth", "request");
    s.put("mqtt.tls.ca-file", pki.caFile.toString());
    s.put("http.tls.cert-file", server.certFile().toString());
    s.put("http.tls.key-file", server.keyFile().toString());
    s.put("http.management-port", "0");
    tw = new InProcessDaemon(data, s);
    metrics = tw.management();
  }

  @AfterAll
  static void stop() {
    tw.close();
  }

  private static String tls() {
    return "ssl://127.0.0.1:" + tw.mqttPort();
  }

  private static MqttAsyncClient connect(SSLContext ctx, String clientId, String username, String secret) throws MqttException {
    return MqttAuthEndToEndTest.connect(tls(), ctx, clientId, username, secret);
  }

  private static void publishStarted(MqttAsyncClient c, String terminal, String txn) throws MqttException {
    MqttMessage m = new MqttMessage(Payloads.txn(txn, 1, "STARTED", 100).getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("pos/v1/m1/" + terminal + "/txn", m).waitForCompletion(10_000); // returns once PUBACKed
  }

  private static double refused(String reason) {
    return metrics.metric("tillwatch_mqtt_connections_refused_total{reason=\"" + reason + "\"}");
  }

  private static void assertOpenSale(String terminal, String txn) {
    Api api = Api.https(tw.daemon.httpPort(), uncheckedContext());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      Api.Response r = api.get("/api/v1/terminals/m1/" + terminal);
      assertEquals(200, r.status(), r.body());
      assertTrue(r.body().contains(txn), r.body());
    });
  }

  private static SSLContext uncheckedContext() {
    try {
      return pki.clientContext();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aSecretTerminalConnectsOverTls() throws Exception {
    MqttAsyncClient c = connect(pki.clientContext(), "t-secret", "t-secret", secret);
    publishStarted(c, "t-secret", "tls-secret-1");
    c.disconnect().waitForCompletion();
    c.close();
    assertOpenSale("t-secret", "tls-secret-1");
  }

  @Test
  void aCertificateNamingTheClientIdNeedsNoSecretAndItsEventsReachTheApi() throws Exception {
    SSLContext ctx = pki.client("t-cert", "t-cert").clientContext(pki);
    MqttAsyncClient c = connect(ctx, "t-cert", null, null);
    publishStarted(c, "t-cert", "mtls-1");
    c.disconnect().waitForCompletion();
    c.close();
    assertOpenSale("t-cert", "mtls-1");
  }

  @Test
  void aCertificateOfAnotherTerminalIsRefusedEvenWithTheRightSecret() throws Exception {
    double before = refused("certificate_mismatch");
    SSLContext ctx = pki.client("other", "t-cert").clientContext(pki);
    MqttException e = assertThrows(MqttException.class, () -> connect(ctx, "t-secret", "t-secret", secret));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, e.getReasonCode());
    assertEquals(before + 1, refused("certificate_mismatch"));
  }

  @Test
  void aRevokedCertificateTerminalIsRefused() throws Exception {
    double before = refused("revoked");
    SSLContext ctx = pki.client("gone", "t-gone").clientContext(pki);
    MqttException e = assertThrows(MqttException.class, () -> connect(ctx, "t-gone", null, null));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, e.getReasonCode());
    assertEquals(before + 1, refused("revoked"));
  }

  @Test
  void aCertificateFromAnUntrustedCaFailsTheHandshake() throws Exception {
    double mismatches = refused("certificate_mismatch");
    double accepted = metrics.metric("tillwatch_mqtt_connections_total");
    SSLContext ctx = rogue.client("rogue", "t-cert").clientContext(pki);
    MqttException e = assertThrows(MqttException.class, () -> connect(ctx, "t-cert", null, null));
    assertTrue(e.getReasonCode() != MqttException.REASON_CODE_NOT_AUTHORIZED, "refused by TLS, before any CONNACK: " + e);
    assertEquals(mismatches, refused("certificate_mismatch"), "never reached MQTT");
    assertEquals(accepted, metrics.metric("tillwatch_mqtt_connections_total"));
  }

  @Test
  void plainMqttAgainstTheTlsPortFails() {
    assertThrows(MqttException.class,
        () -> MqttAuthEndToEndTest.connect("tcp://127.0.0.1:" + tw.mqttPort(), null, "t-secret", "t-secret", secret));
  }

  @Test
  void mosquittoPubPublishesWithItsCertificate() throws Exception {
    TestPki.Issued cert = pki.client("t-mosq", "t-mosq");
    Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(tw.mqttPort()),
        "--cafile", pki.caFile.toString(), "--cert", cert.certFile().toString(), "--key", cert.keyFile().toString(),
        "-i", "t-mosq", "-q", "1", "-t", "pos/v1/m1/t-mosq/txn", "-m", Payloads.txn("mosq-1", 1, "STARTED", 5))
        .redirectErrorStream(true).start();
    assertTrue(pub.waitFor(10, TimeUnit.SECONDS));
    String output = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, pub.exitValue(), output);
    assertOpenSale("t-mosq", "mosq-1");
  }

  @Test
  void theApiSpeaksHttpsOnly() throws Exception {
    Api https = Api.https(tw.daemon.httpPort(), pki.clientContext());
    assertEquals(200, https.get("/api/v1/tasks").status());
    assertEquals(-1, new Api(tw.daemon.httpPort()).get("/api/v1/tasks").status(), "plain HTTP gets no answer");
    assertEquals(-1, Api.https(tw.daemon.httpPort(), rogue.clientContext()).get("/api/v1/tasks").status(),
        "a client that does not trust the server's CA does not talk to it");
  }
}
