package io.tillwatch.app.cli;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.Keys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a started daemon tells its operator: one line per listener (what, where, and whether it
 * authenticates), the ingest when it is a broker rather than a listener, where the data is, and the
 * cluster role. Built from the effective settings and the ports actually bound (0 picks one). The
 * full settings table is not among them: it is logged at DEBUG, and {@code tillwatch config} lists
 * every key with its default.
 */
final class StartupLines {
  private StartupLines() {}

  static List<String> of(Config c, TillWatchDaemon daemon) {
    return of(c, daemon.mqttPort(), daemon.httpPort(), daemon.managementPort());
  }

  /** The lines for the ports bound: {@code mqttPort} -1 when there is no MQTT endpoint (broker ingest, a detector). */
  static List<String> of(Config c, int mqttPort, int httpPort, int managementPort) {
    List<String> lines = new ArrayList<>();
    if (c.get(Keys.INGEST_MODE).equals("broker")) {
      lines.add(brokerLine(c));
    } else if (mqttPort >= 0) {
      String host = c.get(Keys.MQTT_HOST);
      lines.add("MQTT endpoint on " + host + ":" + mqttPort + " (" + (host.equals("0.0.0.0") ? "every interface; " : "")
          + (tls(c.get(Keys.MQTT_TLS_CERT_FILE), c.get(Keys.MQTT_TLS_KEYSTORE_FILE)) ? "MQTT over TLS" : "plain MQTT")
          + "; " + terminalAuth(c) + ")");
    }
    String api = apiBase(c, httpPort);
    lines.add("HTTP API and operator console on " + api + " (" + apiAuth(c) + ")");
    boolean ownListener = c.get(Keys.HTTP_MANAGEMENT_PORT) >= 0;
    String management = ownListener ? "http://" + displayHost(managementHost(c)) + ":" + managementPort
        : api.substring(0, api.length() - 1);
    lines.add("metrics and health on " + (ownListener ? "their own listener " : "the API listener ") + management
        + "/metrics and /health/ready (no authentication)");
    lines.add(c.get(Keys.STORE).equals("postgres") ? postgresLine(c)
        : "data directory " + Path.of(c.get(Keys.DATA_DIR)).toAbsolutePath().normalize() + " (SQLite)");
    if (!c.get(Keys.ROLE).equals("embedded")) {
      lines.add("cluster role " + c.get(Keys.ROLE) + ": Kafka at " + c.get(Keys.KAFKA_BOOTSTRAP) + " (topics "
          + c.get(Keys.KAFKA_TOPIC_EVENTS) + ", " + c.get(Keys.KAFKA_TOPIC_COMMANDS) + ")");
    }
    return lines;
  }

  /** Where the API listens, as a browser on this machine reaches it, ending in '/'. */
  static String apiBase(Config c, int httpPort) {
    String scheme = tls(c.get(Keys.HTTP_TLS_CERT_FILE), c.get(Keys.HTTP_TLS_KEYSTORE_FILE)) ? "https" : "http";
    return scheme + "://" + displayHost(c.get(Keys.HTTP_HOST)) + ":" + httpPort + "/";
  }

  private static String brokerLine(Config c) {
    String user = c.get(Keys.BROKER_USERNAME).isEmpty() ? "no user name" : "user " + c.get(Keys.BROKER_USERNAME);
    String certificate = c.get(Keys.BROKER_CERT_FILE).isEmpty() ? "" : ", client certificate";
    java.net.URI url = c.get(Keys.BROKER_URL); // without user information, which may hold a password
    String broker = url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    return "ingest from the broker at " + broker + " as client " + c.get(Keys.BROKER_CLIENT_ID) + " ("
        + user + certificate + "; terminals partition " + c.get(Keys.BROKER_PARTITION)[0] + "/"
        + c.get(Keys.BROKER_PARTITION)[1] + ")";
  }

  private static String terminalAuth(Config c) {
    String certificates = switch (c.get(Keys.MQTT_TLS_CLIENT_AUTH)) {
      case "required" -> "client certificates required";
      case "request" -> "client certificates or secrets";
      default -> null;
    };
    if (certificates != null) {
      return "authentication on: " + certificates;
    }
    return c.get(Keys.MQTT_AUTH) ? "authentication on: provisioned terminals' secrets"
        : "authentication OFF: any client may connect";
  }

  private static String apiAuth(Config c) {
    String auth = switch (c.get(Keys.HTTP_AUTH)) {
      case "token" -> "authentication on: API tokens from " + Keys.tokensFile(c).toAbsolutePath().normalize();
      case "proxy" -> "authentication by the fronting proxy: " + c.get(Keys.HTTP_PROXY_USER_HEADER) + " header";
      default -> "authentication OFF: anyone who can reach it";
    };
    return c.get(Keys.HTTP_TLS_CLIENT_AUTH).equals("none") ? auth : auth + "; client certificates " + c.get(Keys.HTTP_TLS_CLIENT_AUTH);
  }

  private static String postgresLine(Config c) {
    String url = c.get(Keys.STORE_URL);
    int query = url.indexOf('?'); // its parameters may hold a password
    return "store PostgreSQL " + (query < 0 ? url : url.substring(0, query)) + " as " + c.get(Keys.STORE_USER) + " (TLS "
        + c.get(Keys.STORE_TLS) + ")";
  }

  private static String managementHost(Config c) {
    return c.get(Keys.HTTP_MANAGEMENT_HOST).isEmpty() ? c.get(Keys.HTTP_HOST) : c.get(Keys.HTTP_MANAGEMENT_HOST);
  }

  private static boolean tls(String certFile, String keystoreFile) {
    return !certFile.isEmpty() || !keystoreFile.isEmpty();
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") ? "localhost" : host;
  }
}
