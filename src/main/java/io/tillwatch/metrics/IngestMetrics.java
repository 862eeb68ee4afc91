package io.tillwatch.metrics;

import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.TopicKind;

/**
 * What the ingest pipeline counts for every terminal message, whichever way it arrived. The
 * pipeline depends on this interface only, so its unit tests run without Micrometer ({@link #NONE}
 * or a recording fake); {@link TillWatchMetrics} is the implementation the daemon wires in.
 */
public interface IngestMetrics {
  /** A message on a terminal topic, before validation. */
  void messageReceived(TopicKind kind);

  /** A message refused because it breaks the telemetry contract (acknowledged, not stored). */
  void messageRejected(RejectReason reason);

  /** A transaction event durably journaled. */
  void txnEventAccepted(EventType type);

  /** A message not acknowledged because the journal's write queue was full. */
  void ingestOverload();

  /** The difference between the terminal's clock ({@code at}) and TillWatch's at receipt. */
  void clockSkew(long skewMs);

  IngestMetrics NONE = new IngestMetrics() {
    @Override
    public void messageReceived(TopicKind kind) {}

    @Override
    public void messageRejected(RejectReason reason) {}

    @Override
    public void txnEventAccepted(EventType type) {}

    @Override
    public void ingestOverload() {}

    @Override
    public void clockSkew(long skewMs) {}
  };
}
