package io.tillwatch.notify;

/** What the dispatcher counts (implemented by metrics.NotifyMetrics); called on the dispatcher's context. */
public interface DeliveryEvents {
  /** Why a notification was not sent at all. */
  enum Dropped {
    /** The dispatcher already held notify queue's worth of notifications. */
    QUEUE_FULL,
    /** The merchant's token bucket was empty; the next message that goes out says how many were held back. */
    RATE_LIMITED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A notification to one target ended: DELIVERED, REJECTED or GAVE_UP. */
  void finished(TargetType type, Outcome outcome);

  /** An attempt failed and another one is scheduled. */
  void retried(TargetType type);

  void dropped(Dropped reason);

  DeliveryEvents NONE = new DeliveryEvents() {
    @Override
    public void finished(TargetType type, Outcome outcome) {}

    @Override
    public void retried(TargetType type) {}

    @Override
    public void dropped(Dropped reason) {}
  };
}
