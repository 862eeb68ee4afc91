package io.tillwatch.e2e;

import static io.tillwatch.e2e.MqttAuthEndToEndTest.cli;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.tls.TestPki;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates required on both listeners, the MQTT endpoint's key material as PKCS#12,
 * and certificate rotation without a restart: replacing the files changes the certificate new
 * connections see, while a connection opened before keeps working.
 */
class TlsRotationEndToEndTest {
  @TempDir
  static Path dir;

  static TestPki pki;
  static InProcessDaemon tw;
  static Path mqttKeystore;
  static Path httpCert;
  static Path httpKey;
  static SSLContext terminal;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(dir.resolve("pki"), "shop-ca");
    mqttKeystore = pki.server("mqtt-v1").pkcs12(dir.resolve("mqtt.p12"), "changeit");
    TestPki.Issued http = pki.server("http-v1");
    httpCert = http.certFile();
    httpKey = http.keyFile();
    terminal = pki.client("t-rot", "t-rot").clientContext(pki);
    Path data = dir.resolve("data");
    cli("add", "--terminal", "t-rot", "--merchant", "m1", "--cert-only", "--data.dir=" + data);
    Map<String, String> s = new HashMap<>();
    s.put("mqtt.auth", "on");
    s.put("mqtt.tls.keystore-file", mqttKeystore.toString());
    s.put("mqtt.tls.keystore-password", "changeit");
    s.put("mqtt.tls.client-auth", "required");
    s.put("mqtt.tls.ca-file", pki.caFile.toString());
    s.put("http.tls.cert-file", httpCert.toString());
    s.put("http.tls.key-file", httpKey.toString());
    s.put("http.tls.client-auth", "required");
    s.put("http.tls.ca-file", pki.caFile.toString());
    s.put("tls.reload-interval", "100ms");
    tw = new InProcessDaemon(data, s);
  }

  @AfterAll
  static void stop() {
    tw.close();
  }

  /** The serial number of the certificate a new TLS connection to this port is shown. */
  private static BigInteger servedSerial(int port) throws Exception {
    try (SSLSocket s = (SSLSocket) terminal.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  /** As a deployment tool does it: write beside, then rename over the file the daemon reads. */
  private static void replace(Path source, Path target) throws Exception {
    Path tmp = target.resolveSibling(target.getFileName() + ".new");
    Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static MqttAsyncClient connect(SSLContext ctx) throws MqttException {
    return MqttAuthEndToEndTest.connect("ssl://127.0.0.1:" + tw.mqttPort(), ctx, "t-rot", null, null);
  }

  private static void publish(MqttAsyncClient c, String txn) throws MqttException {
    MqttMessage m = new MqttMessage(Payloads.txn(txn, 1, "STARTED", 100).getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("pos/v1/m1/t-rot/txn", m).waitForCompletion(10_000);
  }

  @Test
  void withoutAClientCertificateThereIsNoConnection() throws Exception {
    assertThrows(MqttException.class, () -> connect(pki.clientContext()));
    assertEquals(-1, Api.https(tw.daemon.httpPort(), pki.clientContext()).get("/api/v1/tasks").status());
    assertEquals(200, Api.https(tw.daemon.httpPort(), terminal).get("/api/v1/tasks").status());
    MqttAsyncClient c = connect(terminal); // the PKCS#12 server certificate, checked by Paho against the CA
    publish(c, "p12-1");
    c.disconnect().waitForCompletion();
    c.close();
  }

  @Test
  void replacedCertificatesAreServedToNewConnectionsWhileOpenOnesStay() throws Exception {
    MqttAsyncClient before = connect(terminal);

    TestPki.Issued mqttV2 = pki.server("mqtt-v2");
    Path p12 = mqttV2.pkcs12(dir.resolve("mqtt-v2.p12"), "changeit");
    replace(p12, mqttKeystore);
    await().atMost(Duration.ofSeconds(5)).until(() -> servedSerial(tw.mqttPort()).equals(mqttV2.cert().getSerialNumber()));

    TestPki.Issued httpV2 = pki.server("http-v2");
    replace(httpV2.keyFile(), httpKey); // key first: the daemon keeps the old pair until the certificate matches
    replace(httpV2.certFile(), httpCert);
    await().atMost(Duration.ofSeconds(5)).until(() -> servedSerial(tw.daemon.httpPort()).equals(httpV2.cert().getSerialNumber()));
    assertEquals(200, Api.https(tw.daemon.httpPort(), terminal).get("/api/v1/tasks").status());

    assertTrue(before.isConnected(), "a rotation does not drop connections");
    publish(before, "rot-1");
    before.disconnect().waitForCompletion();
    before.close();
    MqttAsyncClient after = connect(terminal);
    publish(after, "rot-2");
    after.disconnect().waitForCompletion();
    after.close();
  }
}
