package io.tillwatch.ingest;

/**
 * How a message ended, told once per message, on any thread. {@link #safe()} means it may be
 * acknowledged: it is either durably stored or refused for good (a refused QoS 1 message is
 * acknowledged too, so the terminal does not resend it forever). {@link #notStored} means it must
 * not be acknowledged.
 */
public interface IngestOutcome {
  void safe();

  void notStored(Throwable cause);
}
