package io.tillwatch.ingest;

import io.tillwatch.telemetry.RejectReason;

/**
 * How a message ended, told once per message, on any thread. {@link #safe()} means it may be
 * acknowledged: it is either durably stored or refused for good (a refused QoS 1 message is
 * acknowledged too, so the terminal does not resend it forever). {@link #notStored} means it must
 * not be acknowledged.
 */
public interface IngestOutcome {
  void safe();

  void notStored(Throwable cause);

  /**
   * Refused for good, nothing of it kept: as final as {@link #safe()}, which is what a receiver
   * that cannot tell the sender why (an external broker, MQTT 3.1.1) does. {@code inTopic}: the
   * topic, not the payload, broke the contract.
   */
  default void refused(RejectReason reason, boolean inTopic) {
    safe();
  }
}
