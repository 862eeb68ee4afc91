package io.tillwatch.notify;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * A WeCom (企业微信) group robot: {@code {"msgtype":"markdown","markdown":{"content":...}}} to the
 * robot's webhook URL (its key is the credential). The robot answers 200 with an errcode.
 */
final class WeComRobot implements WebhookFormat {
  /** WeCom caps markdown content at 4096 bytes (UTF-8). */
  static final int MAX_BYTES = 4096;
  /** -1 system busy; 45009 API rate limit (a robot takes 20 messages a minute). */
  private static final Set<Integer> RETRY = Set.of(-1, 45009);

  private final ShopText text;

  WeComRobot(ShopText text) {
    this.text = text;
  }

  @Override
  public WebhookRequest request(Notification n, NotifyTarget target, String deliveryId, long nowMs, int suppressed) {
    String content = fit(text.markdown(n, suppressed), MAX_BYTES);
    String json = new JsonObject().put("msgtype", "markdown").put("markdown", new JsonObject().put("content", content))
        .encode();
    return new WebhookRequest(target.url(), Map.of("Content-Type", "application/json; charset=utf-8"), json);
  }

  @Override
  public Outcome judge(int status, String body) {
    return Outcome.ofRobotAnswer(status, body, RETRY);
  }

  /** Cuts at a character boundary so the UTF-8 form fits; the Chinese block comes first and survives. */
  static String fit(String s, int maxBytes) {
    if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return s;
    }
    int budget = maxBytes - 3;
    int used = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (used + len > budget) {
        break;
      }
      used += len;
      i += Character.charCount(cp);
    }
    return s.substring(0, i) + "...";
  }
}
