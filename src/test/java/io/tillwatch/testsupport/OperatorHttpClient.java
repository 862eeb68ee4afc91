package io.tillwatch.testsupport;

import java.net.http.HttpClient;

/**
 * A {@code java.net.http} client for TillWatch's plain-HTTP listeners that speaks HTTP/1.1, as the
 * operators' tools do (curl, Prometheus, Grafana).
 *
 * <p>Why not the JDK's default (HTTP/2): over plain HTTP the JDK client then asks for an h2c
 * upgrade on its first request, which Vert.x grants. When the 101 response and more than 16 KiB of
 * the HTTP/2 frames behind it come in one socket read, the JDK (17 and 25 alike) hands the first
 * 16 KiB buffer to the HTTP/2 connection and delivers the next ones to the HTTP/1.1 reader it has
 * already drained and stopped; those bytes are lost, the frame decoder then reads a "frame header"
 * in the middle of the response body and fails the request with {@code ProtocolException: Frame
 * type(..) length(..) exceeds MAX_FRAME_SIZE(16384)}. A new client whose first request is
 * {@code /metrics} (about 95 KB) hit this a few times in a thousand.
 */
public final class OperatorHttpClient {
  private OperatorHttpClient() {}

  /** A builder with the protocol fixed to HTTP/1.1; the caller adds its timeouts and TLS context. */
  public static HttpClient.Builder builder() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
  }
}
