package io.tillwatch.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time (EC P-256, fast to generate), issuing server
 * certificates for 127.0.0.1/localhost and terminal certificates, written as PEM files (and
 * PKCS#12 on request) the way an operator's PKI would hand them over. Nothing is committed: every
 * run has fresh keys.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** One issued certificate: its files and objects. */
  public record Issued(X509Certificate cert, PrivateKey key, X509Certificate ca, Path certFile, Path keyFile) {
    /** The chain (leaf, CA) as a PKCS#12 file with this password. */
    public Path pkcs12(Path file, String password) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("tillwatch", key, password.toCharArray(), new Certificate[] {cert, ca});
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, password.toCharArray());
      }
      return file;
    }

    /**
     * A TLS client context trusting {@code trusted} and always presenting this certificate, as a
     * terminal with one certificate does, even when the server names other CAs as acceptable (the
     * JDK's own key manager would then send none).
     */
    public SSLContext clientContext(TestPki trusted) throws Exception {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(new KeyManager[] {new OneCertificate()}, trusted.trustManagers(), null);
      return ctx;
    }

    private final class OneCertificate extends X509ExtendedKeyManager {
      @Override
      public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {"client"};
      }

      @Override
      public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return "client";
      }

      @Override
      public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return "client";
      }

      @Override
      public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return new X509Certificate[] {cert, ca};
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return key;
      }
    }
  }

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate caCert;
  public final Path caFile;

  private TestPki(Path dir, String name) throws Exception {
    this.dir = Files.createDirectories(dir);
    this.caKeys = keyPair();
    X500Name subject = new X500Name("CN=" + name + ",O=TillWatch Test");
    JcaX509v3CertificateBuilder b = builder(subject, subject, caKeys, Duration.ofDays(2));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.caCert = sign(b, caKeys.getPrivate());
    this.caFile = writePem(dir.resolve(name + "-ca.pem"), "CERTIFICATE", caCert.getEncoded());
  }

  public static TestPki create(Path dir, String name) throws Exception {
    return new TestPki(dir, name);
  }

  /** A server certificate for 127.0.0.1 and localhost, written as {@code <name>.pem} (leaf + CA) and {@code <name>.key}. */
  public Issued server(String name) throws Exception {
    GeneralNames sans = new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
    return issue(name, "CN=tillwatch-" + name, sans, KeyPurposeId.id_kp_serverAuth);
  }

  /** A terminal certificate with this CN and, when given, extra URI subject alternative names. */
  public Issued client(String file, String cn, String... uriSans) throws Exception {
    GeneralNames sans = null;
    if (uriSans.length > 0) {
      List<GeneralName> names = new ArrayList<>();
      for (String u : uriSans) {
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u));
      }
      sans = new GeneralNames(names.toArray(GeneralName[]::new));
    }
    return issue(file, "CN=" + cn + ",O=Shop", sans, KeyPurposeId.id_kp_clientAuth);
  }

  public javax.net.ssl.TrustManager[] trustManagers() throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", caCert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return tmf.getTrustManagers();
  }

  /** A TLS client context trusting this CA and presenting no certificate. */
  public SSLContext clientContext() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trustManagers(), null);
    return ctx;
  }

  private Issued issue(String file, String subject, GeneralNames sans, KeyPurposeId purpose) throws Exception {
    KeyPair keys = keyPair();
    JcaX509v3CertificateBuilder b = builder(X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), new X500Name(subject),
        keys, Duration.ofDays(1));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    if (sans != null) {
      b.addExtension(Extension.subjectAlternativeName, false, sans);
    }
    X509Certificate cert = sign(b, caKeys.getPrivate());
    Path certFile = dir.resolve(file + ".pem");
    Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()) + pem("CERTIFICATE", caCert.getEncoded()));
    Path keyFile = writePem(dir.resolve(file + ".key"), "PRIVATE KEY", keys.getPrivate().getEncoded()); // PKCS#8
    return new Issued(cert, keys.getPrivate(), caCert, certFile, keyFile);
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration validity) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey issuerKey) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256, new SecureRandom());
    return g.generateKeyPair();
  }

  private static Path writePem(Path file, String type, byte[] der) throws IOException {
    return Files.writeString(file, pem(type, der));
  }

  private static String pem(String type, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }
}
