package io.tillwatch.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.tls.TlsSettings.ClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad combination of a listener's TLS keys stops start-up with a message naming the keys. */
class TlsSettingsTest {
  @TempDir
  static Path dir;

  static String cert;
  static String key;
  static String ca;

  @BeforeAll
  static void files() throws Exception {
    cert = Files.writeString(dir.resolve("c.pem"), "x").toString();
    key = Files.writeString(dir.resolve("k.pem"), "x").toString();
    ca = Files.writeString(dir.resolve("ca.pem"), "x").toString();
  }

  private static String refused(String cert, String key, String p12, String password, ClientAuth auth, String ca) {
    return assertThrows(TlsConfigException.class, () -> new TlsSettings("mqtt.tls", cert, key, p12, password, auth, ca)).getMessage();
  }

  @Test
  void pemAndPkcs12AreExclusive() {
    assertTrue(refused(cert, key, cert, "pw", ClientAuth.NONE, "").contains("both set"));
  }

  @Test
  void aCertificateNeedsItsKey() {
    assertTrue(refused(cert, "", "", "", ClientAuth.NONE, "").contains("mqtt.tls.key-file"));
    assertTrue(refused("", key, "", "", ClientAuth.NONE, "").contains("mqtt.tls.cert-file"));
  }

  @Test
  void clientCertificatesNeedACaAndTls() {
    assertTrue(refused(cert, key, "", "", ClientAuth.REQUIRED, "").contains("needs mqtt.tls.ca-file"));
    assertTrue(refused("", "", "", "", ClientAuth.REQUEST, ca).contains("need TLS"));
    assertTrue(refused(cert, key, "", "", ClientAuth.NONE, ca).contains("client-auth is none"));
  }

  @Test
  void aPasswordWithoutKeystoreIsAMistake() {
    assertTrue(refused("", "", "", "pw", ClientAuth.NONE, "").contains("keystore-password"));
  }

  @Test
  void unreadableFilesAreNamed() {
    String m = refused(cert, dir.resolve("missing.key").toString(), "", "", ClientAuth.NONE, "");
    assertTrue(m.contains("mqtt.tls.key-file") && m.contains("missing.key"), m);
  }

  @Test
  void validCombinations() {
    assertFalse(TlsSettings.off("http.tls").enabled());
    assertTrue(new TlsSettings("mqtt.tls", cert, key, "", "", ClientAuth.REQUEST, ca).enabled());
    assertTrue(new TlsSettings("mqtt.tls", "", "", cert, "pw", ClientAuth.NONE, "").pkcs12());
  }
}
