package io.tillwatch.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A free loopback port for a server started in another process (port 0 can't be read back from
 * there). The OS may hand the same ephemeral port out again as soon as the probe socket closes, so
 * two calls in a row could name one port for two listeners (a daemon's MQTT and HTTP ports once did,
 * and Vert.x then shared the port between the two servers); a port is therefore never handed out
 * twice in one test JVM.
 */
public final class FreePorts {
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  public static int next() {
    while (true) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        s.setReuseAddress(true);
        port = s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
  }
}
