package io.tillwatch.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The TLS configuration of one listener ({@code mqtt.tls.*} or {@code http.tls.*}), checked as a
 * whole: the key material is either PEM (certificate chain file + key file) or PKCS#12 (keystore
 * file + password), never both; client certificates need a CA bundle to be checked against; every
 * named file must be readable. Each message names the keys involved.
 *
 * @param prefix         the keys' common prefix, e.g. {@code mqtt.tls}
 * @param caFile         PEM bundle of the CAs trusted for client certificates; empty without client-auth
 */
public record TlsSettings(String prefix, String certFile, String keyFile, String keystoreFile, String keystorePassword,
    ClientAuth clientAuth, String caFile) {

  /** Whether a client certificate is asked for at the handshake. */
  public enum ClientAuth {
    /** Server authentication only. */
    NONE,
    /** Asked for; a client without one goes on to authenticate otherwise (MQTT: username and secret). */
    REQUEST,
    /** No handshake without a certificate from a trusted CA. */
    REQUIRED;

    public static ClientAuth parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** Validates the combination; the files are read (and parsed) only by {@link ServerTls#load}. */
  public TlsSettings {
    boolean pem = !certFile.isEmpty() || !keyFile.isEmpty();
    boolean pkcs12 = !keystoreFile.isEmpty();
    if (pem && pkcs12) {
      throw new TlsConfigException(prefix + ".cert-file/" + prefix + ".key-file (PEM) and " + prefix
          + ".keystore-file (PKCS#12) are both set: give one of them");
    }
    if (pem && (certFile.isEmpty() || keyFile.isEmpty())) {
      throw new TlsConfigException(prefix + ".cert-file and " + prefix + ".key-file go together: the certificate chain and "
          + "its private key, both PEM");
    }
    if (!pkcs12 && !keystorePassword.isEmpty()) {
      throw new TlsConfigException(prefix + ".keystore-password is set but " + prefix + ".keystore-file is not");
    }
    boolean enabled = pem || pkcs12;
    if (!enabled && (clientAuth != ClientAuth.NONE || !caFile.isEmpty())) {
      throw new TlsConfigException(prefix + ".client-auth and " + prefix + ".ca-file need TLS: set " + prefix
          + ".cert-file and " + prefix + ".key-file, or " + prefix + ".keystore-file");
    }
    if (clientAuth != ClientAuth.NONE && caFile.isEmpty()) {
      throw new TlsConfigException(prefix + ".client-auth=" + clientAuth.name().toLowerCase(Locale.ROOT) + " needs " + prefix
          + ".ca-file: the PEM bundle of the CAs that issue client certificates");
    }
    if (clientAuth == ClientAuth.NONE && !caFile.isEmpty()) {
      throw new TlsConfigException(prefix + ".ca-file is set but " + prefix + ".client-auth is none: set it to request or "
          + "required, or drop the CA file");
    }
    readable(prefix + ".cert-file", certFile);
    readable(prefix + ".key-file", keyFile);
    readable(prefix + ".keystore-file", keystoreFile);
    readable(prefix + ".ca-file", caFile);
  }

  /** No key material configured: the listener speaks plain TCP. */
  public static TlsSettings off(String prefix) {
    return new TlsSettings(prefix, "", "", "", "", ClientAuth.NONE, "");
  }

  public boolean enabled() {
    return !certFile.isEmpty() || !keystoreFile.isEmpty();
  }

  public boolean pkcs12() {
    return !keystoreFile.isEmpty();
  }

  private static void readable(String key, String file) {
    if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
      throw new TlsConfigException(key + ": cannot read " + file);
    }
  }
}
