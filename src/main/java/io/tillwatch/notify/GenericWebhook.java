package io.tillwatch.notify;

import io.tillwatch.tasks.TaskView;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any receiver: {@code {"event":"task.created|task.overdue","task":{the API's task JSON}}} (plus
 * {@code "suppressed":n} when the rate limit held some back), signed with the target's secret.
 */
final class GenericWebhook implements WebhookFormat {
  @Override
  public WebhookRequest request(Notification n, NotifyTarget target, String deliveryId, long nowMs, int suppressed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", n.event().wireName());
    body.put("task", TaskView.toMap(n.task()));
    if (suppressed > 0) {
      body.put("suppressed", suppressed);
    }
    String json = new JsonObject(body).encode();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.put("X-TillWatch-Event", n.event().wireName());
    headers.put("X-TillWatch-Delivery", deliveryId);
    headers.put("X-TillWatch-Signature", Signatures.generic(target.secret(), nowMs / 1000, json));
    return new WebhookRequest(target.url(), headers, json);
  }

  @Override
  public Outcome judge(int status, String body) {
    return Outcome.ofStatus(status);
  }
}
