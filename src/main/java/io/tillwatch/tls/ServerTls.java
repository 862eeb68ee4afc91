package io.tillwatch.tls;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS of one listener: its key material, loaded at start (a failure stops start-up, naming the
 * keys) and re-read by {@link #reloadIfChanged} while the listener runs.
 *
 * <p>Design notes. Vert.x's MQTT server has no {@code updateSSLOptions}, so rotation does not go
 * through Vert.x at all: the listener is given key and trust managers that delegate to the
 * current material ({@link ReloadingKeyManager}, {@link ReloadingTrustManager}), and a reload
 * swaps the delegates. The same mechanism serves the HTTP listener, so both rotate alike. A
 * reload that fails (a file half-written, a key that does not match its certificate) is logged
 * once per content and leaves the previous material in use; the next check tries again.
 * Only TLS 1.2 and 1.3 are offered.
 */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private final TlsSettings settings;
  private final ReloadingKeyManager keyManager;
  private final ReloadingTrustManager trustManager;
  private volatile String loadedDigest;
  private volatile String failedDigest;
  private volatile X509Certificate leaf;

  private ServerTls(TlsSettings settings, TlsMaterial initial) {
    this.settings = settings;
    this.keyManager = new ReloadingKeyManager(initial.keyManager());
    this.trustManager = initial.trustManager() == null ? null : new ReloadingTrustManager(initial.trustManager());
    this.loadedDigest = initial.digest();
    this.leaf = initial.leaf();
  }

  /** Reads and checks the files; null when the settings configure no TLS (a plain listener). */
  public static ServerTls load(TlsSettings settings) {
    if (!settings.enabled()) {
      return null;
    }
    try {
      ServerTls tls = new ServerTls(settings, TlsMaterial.read(settings));
      LOG.info("{}: TLS on ({}, client certificates {}), presenting {} valid until {}", settings.prefix(),
          settings.pkcs12() ? "PKCS#12" : "PEM", settings.clientAuth().name().toLowerCase(java.util.Locale.ROOT),
          tls.leaf.getSubjectX500Principal().getName(), tls.leaf.getNotAfter().toInstant());
      return tls;
    } catch (RuntimeException e) {
      throw new TlsConfigException(settings.prefix() + ": cannot load the TLS key material (" + describeFiles(settings) + "): "
          + e.getMessage());
    }
  }

  /** Makes a server's options speak TLS with this listener's (reloadable) material. */
  public <T extends NetServerOptions> T applyTo(T options) {
    options.setSsl(true)
        .setKeyCertOptions(KeyCertOptions.wrap(keyManager))
        .setEnabledSecureTransportProtocols(PROTOCOLS);
    if (trustManager != null) {
      options.setTrustOptions(TrustOptions.wrap(trustManager));
    }
    options.setClientAuth(switch (settings.clientAuth()) {
      case NONE -> ClientAuth.NONE;
      case REQUEST -> ClientAuth.REQUEST;
      case REQUIRED -> ClientAuth.REQUIRED;
    });
    return options;
  }

  /**
   * Re-reads the files when their content changed; new connections then get the new material.
   * Blocking (file reads): call it off the event loop. Returns true when new material was taken.
   */
  public boolean reloadIfChanged() {
    String now;
    try {
      now = TlsMaterial.digestOf(settings);
    } catch (IOException e) {
      warnOnce("unreadable:" + e.getMessage(), "cannot read the TLS files ({}): {}; keeping the loaded certificate",
          e.toString());
      return false;
    }
    if (now.equals(loadedDigest)) {
      return false;
    }
    try {
      TlsMaterial next = TlsMaterial.read(settings);
      keyManager.replace(next.keyManager());
      if (trustManager != null) {
        trustManager.replace(next.trustManager());
      }
      loadedDigest = next.digest();
      leaf = next.leaf();
      failedDigest = null;
      LOG.info("{}: reloaded the TLS key material; now presenting {} valid until {}", settings.prefix(),
          leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant());
      return true;
    } catch (RuntimeException e) {
      warnOnce(now, "the changed TLS files cannot be used ({}); keeping the loaded certificate until they can",
          e.getMessage());
      return false;
    }
  }

  /** The certificate presented to clients now. */
  public X509Certificate certificate() {
    return leaf;
  }

  public TlsSettings settings() {
    return settings;
  }

  private void warnOnce(String key, String message, String detail) {
    if (!key.equals(failedDigest)) {
      failedDigest = key;
      LOG.warn(settings.prefix() + ": " + message, detail);
    }
  }

  private static String describeFiles(TlsSettings s) {
    return (s.pkcs12() ? s.keystoreFile() : s.certFile() + ", " + s.keyFile())
        + (s.caFile().isEmpty() ? "" : ", CA " + s.caFile());
  }
}
