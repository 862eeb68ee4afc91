package io.tillwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.ConfigLoader;
import io.tillwatch.ingest.BrokerClientCertificate;
import io.tillwatch.tls.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon-level TLS checks that span settings of different areas (MQTT auth, ingest mode, broker). */
class DaemonTlsTest {
  @TempDir
  static Path dir;

  static TestPki pki;
  static TestPki.Issued server;

  @BeforeAll
  static void pki() throws Exception {
    pki = TestPki.create(dir, "ca");
    server = pki.server("server");
  }

  private static Config config(String... args) {
    return ConfigLoader.load(null, Map.of(), List.of(args));
  }

  private static String mqttTls() {
    return "--mqtt.tls.cert-file=" + server.certFile();
  }

  private static String mqttKey() {
    return "--mqtt.tls.key-file=" + server.keyFile();
  }

  @Test
  void plainByDefault() {
    DaemonTls tls = DaemonTls.load(config());
    assertNull(tls.mqtt());
    assertNull(tls.http());
  }

  @Test
  void bothListenersLoad() {
    DaemonTls tls = DaemonTls.load(config(mqttTls(), mqttKey(), "--http.tls.cert-file=" + server.certFile(),
        "--http.tls.key-file=" + server.keyFile(), "--mqtt.tls.client-auth=required", "--mqtt.tls.ca-file=" + pki.caFile));
    assertNotNull(tls.mqtt());
    assertEquals(server.cert(), tls.http().certificate());
  }

  @Test
  void clientCertificatesNeedTheCredentialStore() {
    String m = assertThrows(ConfigException.class, () -> DaemonTls.load(config(mqttTls(), mqttKey(), "--mqtt.auth=off",
        "--mqtt.tls.client-auth=request", "--mqtt.tls.ca-file=" + pki.caFile))).getMessage();
    assertTrue(m.contains("needs mqtt.auth=on"), m);
  }

  @Test
  void brokerModeHasNoEmbeddedListenerToSecure() {
    String m = assertThrows(ConfigException.class, () -> DaemonTls.load(config(mqttTls(), mqttKey(), "--ingest.mode=broker")))
        .getMessage();
    assertTrue(m.contains("broker mode"), m);
  }

  @Test
  void aBrokerClientCertificateNeedsItsKeyAndSsl() {
    assertEquals(BrokerClientCertificate.NONE, DaemonTls.brokerCertificate(config()));
    assertThrows(ConfigException.class, () -> DaemonTls.brokerCertificate(config("--broker.cert-file=" + server.certFile(),
        "--broker.url=ssl://127.0.0.1:8883")));
    String m = assertThrows(ConfigException.class, () -> DaemonTls.brokerCertificate(config("--broker.cert-file="
        + server.certFile(), "--broker.key-file=" + server.keyFile()))).getMessage();
    assertTrue(m.contains("ssl://"), m);
    assertEquals(new BrokerClientCertificate(server.certFile().toString(), server.keyFile().toString()),
        DaemonTls.brokerCertificate(config("--broker.cert-file=" + server.certFile(), "--broker.key-file=" + server.keyFile(),
            "--broker.url=ssl://127.0.0.1:8883")));
  }

  @Test
  void theKeystorePasswordIsNeverEchoed() {
    String m = assertThrows(ConfigException.class, () -> DaemonTls.load(config("--mqtt.tls.keystore-file=" + server.certFile(),
        "--mqtt.tls.keystore-password=hunter2-secret"))).getMessage();
    assertTrue(!m.contains("hunter2-secret"), m);
    assertTrue(config("--mqtt.tls.keystore-password=hunter2-secret").describe().get("mqtt.tls.keystore-password")
        .startsWith("****"));
  }
}
