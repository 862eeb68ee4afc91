package io.tillwatch.notify;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * A DingTalk (钉钉) group robot: {@code {"msgtype":"markdown","markdown":{"title","text"}}} to its
 * webhook URL. With the robot's "加签" secret each attempt adds {@code &timestamp=<ms>&sign=<urlencoded
 * base64 HMAC-SHA256 of "timestamp\nsecret">} (DingTalk refuses a timestamp more than an hour off).
 */
final class DingTalkRobot implements WebhookFormat {
  /** 130101 sending too fast (20 messages a minute per robot); -1 system busy. */
  private static final Set<Integer> RETRY = Set.of(-1, 130101);

  private final ShopText text;

  DingTalkRobot(ShopText text) {
    this.text = text;
  }

  @Override
  public WebhookRequest request(Notification n, NotifyTarget target, String deliveryId, long nowMs, int suppressed) {
    String title = "TillWatch " + ShopText.titleZh(n) + " " + ShopText.amount(n.task());
    String json = new JsonObject().put("msgtype", "markdown")
        .put("markdown", new JsonObject().put("title", title).put("text", WeComRobot.fit(text.markdown(n, suppressed), 4096)))
        .encode();
    String url = target.url();
    if (target.secret() != null) {
      url += (url.contains("?") ? "&" : "?") + "timestamp=" + nowMs + "&sign="
          + URLEncoder.encode(Signatures.dingTalk(target.secret(), nowMs), StandardCharsets.UTF_8);
    }
    return new WebhookRequest(url, Map.of("Content-Type", "application/json; charset=utf-8"), json);
  }

  @Override
  public Outcome judge(int status, String body) {
    return Outcome.ofRobotAnswer(status, body, RETRY);
  }
}
