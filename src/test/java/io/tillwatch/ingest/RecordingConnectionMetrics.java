package io.tillwatch.ingest;

import io.tillwatch.metrics.ConnectionMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Connection metrics as lists a test can look at; safe to read while an event loop records. */
final class RecordingConnectionMetrics implements ConnectionMetrics {
  final List<Long> acknowledged = new CopyOnWriteArrayList<>();
  final List<String> connections = new CopyOnWriteArrayList<>();
  final List<String> aclDenied = new CopyOnWriteArrayList<>();

  @Override
  public void acknowledged(long nanos) {
    acknowledged.add(nanos);
  }

  @Override
  public void connectionAccepted() {
    connections.add("accepted");
  }

  @Override
  public void connectionRefused(String reason) {
    connections.add("refused:" + reason);
  }

  @Override
  public void serverDisconnect(String reason) {
    connections.add("disconnected:" + reason);
  }

  @Override
  public void messageThrottled() {}

  @Override
  public void aclDenied(String action) {
    aclDenied.add(action);
  }

  @Override
  public void brokerConnected(boolean connected) {}

  @Override
  public void brokerReconnect() {}
}
