package io.tillwatch.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the health endpoints while start-up waits for a PostgreSQL store that is not reachable
 * yet: {@code /health/live} 200 (the process is alive and doing what it should: waiting), every
 * other path 503 with the reason, {@code /health/ready} included. Without it a supervisor that
 * probes liveness (Kubernetes) sees nothing listening and restarts the process again and again: the
 * crash loop that waiting for the database is meant to avoid.
 *
 * <p>Plain HTTP on the listener that serves health once started: the management listener when
 * there is one, else the API's when it has no TLS (a plain answer on a TLS port would only fail the
 * probe's handshake, so then nothing is served). Closed as soon as the store is open; the real
 * listener binds the same address moments later.
 */
final class StartupHealth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StartupHealth.class);
  private static final byte[] LIVE = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] WAITING = "{\"status\":\"DOWN\",\"reason\":\"waiting for the store (store.url)\"}"
      .getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;

  private StartupHealth(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code host:port}; null when it cannot (the port is taken: start-up will say so later). */
  static StartupHealth open(String host, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
      server.createContext("/", StartupHealth::answer);
      server.start();
      LOG.info("waiting for the store: /health/live answers on {}:{} meanwhile", host,
          server.getAddress().getPort());
      return new StartupHealth(server);
    } catch (IOException e) {
      LOG.warn("cannot answer health checks on {}:{} while waiting for the store: {}", host, port, e.getMessage());
      return null;
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange) throws IOException {
    boolean live = exchange.getRequestURI().getPath().equals("/health/live");
    byte[] body = live ? LIVE : WAITING;
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(live ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
