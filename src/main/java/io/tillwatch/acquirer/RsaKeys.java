package io.tillwatch.acquirer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSA keys from PEM files: a PKCS#8 private key ({@code BEGIN PRIVATE KEY}), an X.509
 * SubjectPublicKeyInfo public key ({@code BEGIN PUBLIC KEY}) or a certificate whose public key is
 * taken ({@code BEGIN CERTIFICATE}, as WeChat Pay's platform certificates come). Errors say which
 * file and what was expected, never a byte of its content.
 */
public final class RsaKeys {
  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private RsaKeys() {}

  public static PrivateKey privateKey(Path file) {
    Block block = read(file);
    if (!block.label.equals("PRIVATE KEY")) {
      throw new KeyFileException(file + " holds a " + block.label + ", not a PKCS#8 private key (BEGIN PRIVATE KEY)");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(block.der));
    } catch (GeneralSecurityException e) {
      throw new KeyFileException(file + " is not a readable PKCS#8 RSA private key");
    }
  }

  public static PublicKey publicKey(Path file) {
    Block block = read(file);
    try {
      return switch (block.label) {
        case "PUBLIC KEY" -> KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(block.der));
        case "CERTIFICATE" -> CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(block.der)).getPublicKey();
        default -> throw new KeyFileException(file + " holds a " + block.label
            + ", not a public key (BEGIN PUBLIC KEY) nor a certificate (BEGIN CERTIFICATE)");
      };
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      if (e instanceof KeyFileException k) {
        throw k;
      }
      throw new KeyFileException(file + " is not a readable RSA public key or X.509 certificate");
    }
  }

  private record Block(String label, byte[] der) {}

  private static Block read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException("cannot read key file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    Matcher m = BLOCK.matcher(text);
    if (!m.find()) {
      throw new KeyFileException(file + " is not a PEM file (no BEGIN/END block)");
    }
    try {
      return new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2)));
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(file + " has a PEM block that is not valid base64");
    }
  }

  /** A key file that cannot be used; the message names the file and never its content. */
  public static final class KeyFileException extends RuntimeException {
    public KeyFileException(String message) {
      super(message, null, false, false);
    }
  }
}
