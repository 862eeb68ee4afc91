package io.tillwatch.notify;

/** How one kind of receiver is spoken to: the request for a notification, and what its answer means. */
interface WebhookFormat {
  /**
   * @param deliveryId the same on every attempt of this notification to this target, so a receiver can drop repeats
   * @param nowMs      the attempt's time: signatures are made per attempt
   * @param suppressed the merchant's notifications the rate limit held back since the last one sent
   */
  WebhookRequest request(Notification n, NotifyTarget target, String deliveryId, long nowMs, int suppressed);

  Outcome judge(int status, String body);

  static WebhookFormat of(TargetType type, ShopText text) {
    return switch (type) {
      case GENERIC -> new GenericWebhook();
      case WECOM -> new WeComRobot(text);
      case DINGTALK -> new DingTalkRobot(text);
    };
  }
}
