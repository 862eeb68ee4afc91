package io.tillwatch.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One reading of a listener's key material: the key manager, the trust manager for client
 * certificates (null without client-auth) and a digest of the bytes they were made from.
 *
 * <p>Design notes. The files are read here, once, and handed to Vert.x's parsers as values (PEM:
 * PKCS#8, PKCS#1 and SEC1 keys; PKCS#12; the CA bundle by the JDK's certificate parser), so the digest describes exactly what was loaded: a
 * change check compares digests, immune to coarse file timestamps. A private key that does not
 * belong to the certificate is refused (a test signature must verify), which catches the
 * half-done rotation where the new certificate is in place but the old key is still there; a
 * reload keeps the previous material in that case.
 */
record TlsMaterial(X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager, String digest,
    X509Certificate leaf) {

  /** Key types the JDK names for server aliases; a key manager holding none of them has nothing to present. */
  private static final List<String> KEY_TYPES = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

  static TlsMaterial read(TlsSettings s) {
    MessageDigest digest = sha256();
    try {
      KeyManager[] kms = s.pkcs12()
          ? new PfxOptions().setValue(bytes(s.keystoreFile(), digest)).setPassword(s.keystorePassword())
              .getKeyManagerFactory(null).getKeyManagers()
          : new PemKeyCertOptions().setCertValue(bytes(s.certFile(), digest)).setKeyValue(bytes(s.keyFile(), digest))
              .getKeyManagerFactory(null).getKeyManagers();
      X509ExtendedKeyManager km = only(kms, X509ExtendedKeyManager.class, "key manager");
      X509Certificate leaf = checkedLeaf(km);
      X509ExtendedTrustManager tm = null;
      if (!s.caFile().isEmpty()) {
        tm = trustManager(s.caFile(), bytes(s.caFile(), digest));
      }
      return new TlsMaterial(km, tm, HexFormat.of().formatHex(digest.digest()), leaf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // Vert.x's parsers declare Exception: wrong password, not PEM, unsupported key format
      throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  /** Digest of the files as they are now, to tell whether a reload has anything new to read. */
  static String digestOf(TlsSettings s) throws IOException {
    MessageDigest digest = sha256();
    for (String f : s.pkcs12() ? List.of(s.keystoreFile(), s.caFile()) : List.of(s.certFile(), s.keyFile(), s.caFile())) {
      if (!f.isEmpty()) {
        digest.update(Files.readAllBytes(Path.of(f)));
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static Buffer bytes(String file, MessageDigest digest) throws IOException {
    byte[] b = Files.readAllBytes(Path.of(file));
    digest.update(b);
    return Buffer.buffer(b);
  }

  /** PKIX trust in the bundle's certificates (the JDK's own parser: every PEM certificate in the file). */
  private static X509ExtendedTrustManager trustManager(String file, Buffer pem) throws GeneralSecurityException, IOException {
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    int n = 0;
    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes()))) {
      anchors.setCertificateEntry("ca-" + n++, c);
    }
    if (n == 0) {
      throw new IllegalArgumentException(file + " holds no CA certificate");
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(anchors);
    return only(tmf.getTrustManagers(), X509ExtendedTrustManager.class, "trust manager");
  }

  /** The first server certificate whose key matches it; fails when there is none. */
  private static X509Certificate checkedLeaf(X509ExtendedKeyManager km) throws GeneralSecurityException {
    for (String type : KEY_TYPES) {
      String[] aliases = km.getServerAliases(type, null);
      for (String alias : aliases == null ? new String[0] : aliases) {
        X509Certificate[] chain = km.getCertificateChain(alias);
        PrivateKey key = km.getPrivateKey(alias);
        if (chain != null && chain.length > 0 && key != null) {
          if (!matches(key, chain[0].getPublicKey())) {
            throw new IllegalArgumentException("the private key does not belong to the certificate "
                + chain[0].getSubjectX500Principal().getName());
          }
          return chain[0];
        }
      }
    }
    throw new IllegalArgumentException("no certificate with its private key found");
  }

  private static boolean matches(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
    String alg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
      default -> null;
    };
    if (alg == null) {
      return true; // no generic test signature for this key type; the handshake will tell
    }
    byte[] probe = "tillwatch key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Signature sign = Signature.getInstance(alg);
    sign.initSign(key);
    sign.update(probe);
    byte[] sig = sign.sign();
    Signature verify = Signature.getInstance(alg);
    verify.initVerify(pub);
    verify.update(probe);
    return verify.verify(sig);
  }

  private static <T> T only(Object[] managers, Class<T> type, String what) {
    return Arrays.stream(managers).filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new IllegalStateException("Vert.x gave no " + what + " of type " + type.getSimpleName()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
