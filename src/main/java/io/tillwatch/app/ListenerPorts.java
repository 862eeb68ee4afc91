package io.tillwatch.app;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses two of the daemon's listeners configured on one address and port. Vert.x does not fail
 * the second bind: servers of one Vert.x instance on the same host and port share the socket and
 * each connection goes to either of them, so an HTTP request could reach the MQTT endpoint and a
 * terminal the HTTP API. Port 0 picks a free port for each listener and never clashes.
 */
final class ListenerPorts {
  private record Listener(String key, String host, int port) {}

  private ListenerPorts() {}

  /** {@code mqttEndpoint}: the embedded MQTT endpoint listens (not in broker mode). */
  static void check(Config c, boolean mqttEndpoint) {
    List<Listener> listeners = new ArrayList<>();
    if (mqttEndpoint) {
      listeners.add(new Listener("mqtt.port", c.get(Keys.MQTT_HOST), c.get(Keys.MQTT_PORT)));
    }
    listeners.add(new Listener("http.port", c.get(Keys.HTTP_HOST), c.get(Keys.HTTP_PORT)));
    int management = c.get(Keys.HTTP_MANAGEMENT_PORT);
    if (management >= 0) {
      String host = c.get(Keys.HTTP_MANAGEMENT_HOST).isEmpty() ? c.get(Keys.HTTP_HOST) : c.get(Keys.HTTP_MANAGEMENT_HOST);
      listeners.add(new Listener("http.management-port", host, management));
    }
    for (int i = 0; i < listeners.size(); i++) {
      for (int j = 0; j < i; j++) {
        Listener a = listeners.get(j);
        Listener b = listeners.get(i);
        if (a.port() != 0 && a.port() == b.port() && overlap(a.host(), b.host())) {
          throw new ConfigException(b.key() + " and " + a.key() + " are both " + b.port() + " on " + b.host()
              + ": each listener needs a port of its own; change one of them");
        }
      }
    }
  }

  private static boolean overlap(String a, String b) {
    return a.equals(b) || wildcard(a) || wildcard(b);
  }

  private static boolean wildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }
}
