package io.tillwatch.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bare HTTP/1.1 client of an event stream over a plain socket, so a test controls exactly when
 * the connection closes and whether it reads at all. Lines (the response head, chunk sizes and
 * the events' lines alike) are collected as they arrive; {@link #ended()} once the server closed.
 */
public final class SseClient implements AutoCloseable {
  public final List<String> lines = new CopyOnWriteArrayList<>();
  private final Socket socket = new Socket();
  private volatile boolean ended;

  /** @param read false: a client that never reads, with a small receive buffer (a stalled console) */
  public SseClient(int port, String path, Map<String, String> headers, boolean read) throws IOException {
    if (!read) {
      socket.setReceiveBufferSize(4096);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    if (read) {
      Thread reader = new Thread(this::readAll, "sse-client");
      reader.setDaemon(true);
      reader.start();
    }
  }

  private void readAll() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // closed by the server (reset) or by this client
    }
    ended = true;
  }

  /** Reads what a stalled client left unread until the server's close; true if it came within the socket timeout. */
  boolean drainUntilClosed(int timeoutMs) {
    try {
      socket.setSoTimeout(timeoutMs);
      byte[] buf = new byte[64 * 1024];
      while (socket.getInputStream().read(buf) >= 0) {
        // discard
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  boolean ended() {
    return ended;
  }

  /** The data lines of the events named {@code event}. */
  public List<String> data(String event) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).equals("event: " + event) && lines.get(i + 1).startsWith("data: ")) {
        out.add(lines.get(i + 1).substring(6));
      }
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
