package io.tillwatch.app;

import io.tillwatch.app.config.Setting;
import java.util.Locale;

/**
 * Explains a listener that could not bind in the operator's terms: which address, and which
 * setting to change. The network stack only says "Address already in use", without the address,
 * and the operator must guess which of the daemon's listeners and settings it is about.
 */
final class ListenFailure {
  private ListenFailure() {}

  /** The start-up error for {@code what} failing to listen on {@code host:port}; {@code cause} as Vert.x reported it. */
  static IllegalStateException of(String what, String host, int port, Setting<?> hostSetting, Setting<?> portSetting,
      Throwable cause) {
    String address = host + ":" + port;
    String why = reason(cause);
    String message;
    if (why.contains("address already in use")) {
      message = address + " is already in use (another TillWatch, or another program, listens there): stop it, or change "
          + portSetting.key() + " (or " + hostSetting.key() + ")";
    } else if (why.contains("cannot assign requested address") || why.contains("unresolved")) {
      message = host + " is not an address of this machine: change " + hostSetting.key() + " (0.0.0.0 listens on every one)";
    } else if (why.contains("permission denied") || why.contains("access denied")) {
      message = "not allowed to listen on " + address + " (ports below 1024 need privileges): change " + portSetting.key();
    } else {
      message = "cannot listen on " + address + " (" + hostSetting.key() + ", " + portSetting.key() + "): " + cause.getMessage();
    }
    return new IllegalStateException("could not start the " + what + ": " + message, cause);
  }

  /** The chain's messages, lower-cased: the bind error is often wrapped (Vert.x, Netty's native transport). */
  private static String reason(Throwable cause) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      all.append(t.getMessage()).append(' ');
    }
    return all.toString().toLowerCase(Locale.ROOT);
  }
}
