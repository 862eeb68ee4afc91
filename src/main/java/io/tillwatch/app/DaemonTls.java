package io.tillwatch.app;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.Keys;
import io.tillwatch.ingest.BrokerClientCertificate;
import io.tillwatch.tls.ServerTls;
import io.tillwatch.tls.TlsConfigException;
import io.tillwatch.tls.TlsSettings;
import io.tillwatch.tls.TlsSettings.ClientAuth;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The daemon's TLS listeners from the {@code mqtt.tls.*}, {@code http.tls.*} and
 * {@code tls.reload-interval} settings: checked and loaded before anything opens, then re-read
 * periodically so certificates rotate without a restart.
 *
 * @param mqtt null: the MQTT endpoint speaks plain TCP
 * @param http null: the API listener speaks plain HTTP
 */
record DaemonTls(ServerTls mqtt, ServerTls http) {

  static DaemonTls load(Config c) {
    try {
      return checkAndLoad(c);
    } catch (TlsConfigException e) {
      throw new ConfigException(e.getMessage()); // one kind of start-up error for the commands to report
    }
  }

  private static DaemonTls checkAndLoad(Config c) {
    TlsSettings mqtt = new TlsSettings("mqtt.tls", c.get(Keys.MQTT_TLS_CERT_FILE), c.get(Keys.MQTT_TLS_KEY_FILE),
        c.get(Keys.MQTT_TLS_KEYSTORE_FILE), c.get(Keys.MQTT_TLS_KEYSTORE_PASSWORD),
        ClientAuth.parse(c.get(Keys.MQTT_TLS_CLIENT_AUTH)), c.get(Keys.MQTT_TLS_CA_FILE));
    TlsSettings http = new TlsSettings("http.tls", c.get(Keys.HTTP_TLS_CERT_FILE), c.get(Keys.HTTP_TLS_KEY_FILE),
        c.get(Keys.HTTP_TLS_KEYSTORE_FILE), c.get(Keys.HTTP_TLS_KEYSTORE_PASSWORD),
        ClientAuth.parse(c.get(Keys.HTTP_TLS_CLIENT_AUTH)), c.get(Keys.HTTP_TLS_CA_FILE));
    if (mqtt.clientAuth() != ClientAuth.NONE && !c.get(Keys.MQTT_AUTH)) {
      // A certificate names a terminal; its merchant (for the topic ACL) and revocation live in the credential store.
      throw new ConfigException("mqtt.tls.client-auth needs mqtt.auth=on: a certificate's terminal must be provisioned "
          + "(tillwatch terminals add --cert-only) so its merchant and revocation are known");
    }
    if (mqtt.enabled() && c.get(Keys.INGEST_MODE).equals("broker")) {
      throw new ConfigException("mqtt.tls.* configures the embedded endpoint, which broker mode does not open: "
          + "use broker.url=ssl://... with broker.ca-file (and broker.cert-file/broker.key-file)");
    }
    return new DaemonTls(ServerTls.load(mqtt), ServerTls.load(http));
  }

  /** broker.cert-file and broker.key-file: both or neither, readable, and only with an ssl:// broker. */
  static BrokerClientCertificate brokerCertificate(Config c) {
    String cert = c.get(Keys.BROKER_CERT_FILE);
    String key = c.get(Keys.BROKER_KEY_FILE);
    if (cert.isEmpty() && key.isEmpty()) {
      return BrokerClientCertificate.NONE;
    }
    if (cert.isEmpty() || key.isEmpty()) {
      throw new ConfigException("broker.cert-file and broker.key-file go together: the client certificate chain and its key");
    }
    if (!c.get(Keys.BROKER_URL).getScheme().equals("ssl")) {
      throw new ConfigException("broker.cert-file is set but broker.url is not ssl://: a client certificate needs TLS");
    }
    for (String f : new String[] {cert, key}) {
      if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(f))) {
        throw new ConfigException((f.equals(cert) ? "broker.cert-file" : "broker.key-file") + ": cannot read " + f);
      }
    }
    return new BrokerClientCertificate(cert, key);
  }

  /** Checks the files every {@code tls.reload-interval} (never with 0), off the event loop. */
  void scheduleReloads(Vertx vertx, Config c) {
    long every = c.get(Keys.TLS_RELOAD_INTERVAL).toMillis();
    List<ServerTls> listeners = new ArrayList<>();
    listeners.add(mqtt);
    listeners.add(http);
    listeners.removeIf(Objects::isNull);
    if (every > 0 && !listeners.isEmpty()) {
      vertx.setPeriodic(every, id -> vertx.executeBlocking(() -> {
        listeners.forEach(ServerTls::reloadIfChanged);
        return null;
      }, false));
    }
  }
}
