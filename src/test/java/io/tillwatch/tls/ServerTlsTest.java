package io.tillwatch.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.tls.TlsSettings.ClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and reloading a listener's key material: what is refused, and that a bad reload keeps the old certificate. */
class ServerTlsTest {
  @TempDir
  Path dir;

  private static TlsSettings pem(TestPki.Issued s) {
    return new TlsSettings("http.tls", s.certFile().toString(), s.keyFile().toString(), "", "", ClientAuth.NONE, "");
  }

  @Test
  void noKeyMaterialMeansPlain() {
    assertNull(ServerTls.load(TlsSettings.off("mqtt.tls")));
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtStart() throws Exception {
    TestPki pki = TestPki.create(dir, "ca");
    TestPki.Issued a = pki.server("a");
    TestPki.Issued b = pki.server("b");
    TlsSettings mixed = new TlsSettings("http.tls", a.certFile().toString(), b.keyFile().toString(), "", "", ClientAuth.NONE, "");
    String m = assertThrows(TlsConfigException.class, () -> ServerTls.load(mixed)).getMessage();
    assertTrue(m.startsWith("http.tls: cannot load") && m.contains("does not belong"), m);
  }

  @Test
  void notPemIsRefusedAtStart() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    TlsSettings s = new TlsSettings("mqtt.tls", junk.toString(), junk.toString(), "", "", ClientAuth.NONE, "");
    assertThrows(TlsConfigException.class, () -> ServerTls.load(s));
  }

  @Test
  void aWrongKeystorePasswordIsRefusedAtStart() throws Exception {
    TestPki pki = TestPki.create(dir, "ca");
    Path p12 = pki.server("s").pkcs12(dir.resolve("s.p12"), "right");
    TlsSettings s = new TlsSettings("mqtt.tls", "", "", p12.toString(), "wrong", ClientAuth.NONE, "");
    assertThrows(TlsConfigException.class, () -> ServerTls.load(s));
    TlsSettings ok = new TlsSettings("mqtt.tls", "", "", p12.toString(), "right", ClientAuth.NONE, "");
    assertTrue(ServerTls.load(ok).certificate().getSubjectX500Principal().getName().contains("tillwatch-s"));
  }

  @Test
  void aHalfDoneRotationKeepsTheLoadedCertificateUntilThePairMatches() throws Exception {
    TestPki pki = TestPki.create(dir, "ca");
    TestPki.Issued live = pki.server("live");
    ServerTls tls = ServerTls.load(pem(live));
    assertFalse(tls.reloadIfChanged(), "nothing changed");

    TestPki.Issued next = pki.server("next");
    Files.copy(next.certFile(), live.certFile(), StandardCopyOption.REPLACE_EXISTING); // the key is still the old one
    assertFalse(tls.reloadIfChanged());
    assertEquals(live.cert(), tls.certificate(), "a certificate without its key is not taken");

    Files.copy(next.keyFile(), live.keyFile(), StandardCopyOption.REPLACE_EXISTING);
    assertTrue(tls.reloadIfChanged());
    assertEquals(next.cert(), tls.certificate());
  }
}
