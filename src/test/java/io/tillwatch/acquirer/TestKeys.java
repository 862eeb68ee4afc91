package io.tillwatch.acquirer;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * RSA key pairs made at test time, their PEM files, and a signer and verifier written apart from the
 * production code, so a fake back office does not agree with an adapter merely by sharing its bugs.
 */
public final class TestKeys {
  private static final class Shared {
    static final KeyPair MERCHANT = rsa();
    static final KeyPair PLATFORM = rsa();
  }

  private TestKeys() {}

  /** The merchant's (or Alipay application's) pair, made once per test run: RSA 2048 is slow to make. */
  public static KeyPair merchant() {
    return Shared.MERCHANT;
  }

  /** The platform's (WeChat Pay's or Alipay's) pair, made once per test run. */
  public static KeyPair platform() {
    return Shared.PLATFORM;
  }

  public static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path privatePem(Path dir, String name, PrivateKey key) throws IOException {
    return write(dir.resolve(name), "PRIVATE KEY", key.getEncoded());
  }

  public static Path publicPem(Path dir, String name, PublicKey key) throws IOException {
    return write(dir.resolve(name), "PUBLIC KEY", key.getEncoded());
  }

  /** A self-signed certificate holding the pair's public key, as WeChat Pay's platform certificates come. */
  public static Path certificatePem(Path dir, String name, KeyPair pair) throws Exception {
    X500Name subject = new X500Name("CN=Test Platform");
    long now = System.currentTimeMillis();
    var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, new Date(now - 60_000),
        new Date(now + 86_400_000L), subject, pair.getPublic());
    byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())).getEncoded();
    return write(dir.resolve(name), "CERTIFICATE", der);
  }

  private static Path write(Path file, String label, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n");
    return file;
  }

  public static String sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(message);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean verifies(PublicKey key, byte[] message, String base64) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update(message);
      return s.verify(Base64.getDecoder().decode(base64));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
