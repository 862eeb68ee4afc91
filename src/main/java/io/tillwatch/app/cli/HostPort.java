package io.tillwatch.app.cli;

/** A {@code host:port} command-line argument (also of the tools' commands). */
public record HostPort(String host, int port) {
  public static HostPort parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected host:port, got '" + s + "'");
    }
    try {
      return new HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port, got '" + s + "'");
    }
  }
}
