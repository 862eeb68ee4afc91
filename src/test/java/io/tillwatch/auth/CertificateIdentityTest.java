package io.tillwatch.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.tls.TestPki;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which terminal a client certificate names: the tillwatch URN SAN wins over the CN; ambiguity names none. */
class CertificateIdentityTest {
  @TempDir
  static Path dir;

  static TestPki pki;

  @BeforeAll
  static void ca() throws Exception {
    pki = TestPki.create(dir, "ca");
  }

  private static Optional<String> id(String cn, String... sans) throws Exception {
    return CertificateIdentity.terminalId(pki.client("c" + System.nanoTime(), cn, sans).cert());
  }

  @Test
  void theCommonNameWithoutSan() throws Exception {
    assertEquals(Optional.of("t-0001"), id("t-0001"));
  }

  @Test
  void theUrnSanWinsOverTheCommonName() throws Exception {
    assertEquals(Optional.of("t-0002"), id("Shop 12 till 3", "urn:tillwatch:terminal:t-0002"));
  }

  @Test
  void otherUrisAreIgnored() throws Exception {
    assertEquals(Optional.of("t-0003"), id("t-0003", "https://example.com/device/9"));
  }

  @Test
  void twoDifferentTerminalsNameNone() throws Exception {
    assertEquals(Optional.empty(), id("t-1", "urn:tillwatch:terminal:t-1", "urn:tillwatch:terminal:t-2"));
  }

  @Test
  void anInvalidIdNamesNone() throws Exception {
    assertEquals(Optional.empty(), id("Shop 12 till 3"));
    assertEquals(Optional.empty(), id("t-1", "urn:tillwatch:terminal:"));
  }
}
