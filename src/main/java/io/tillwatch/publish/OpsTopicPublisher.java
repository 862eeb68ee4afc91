package io.tillwatch.publish;

import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskListener;
import io.tillwatch.tasks.TaskView;
import io.tillwatch.telemetry.Topic;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Publishes every committed task change on {@code ops/v1/tasks/{merchant}} as the task's JSON plus {@code change}. */
public final class OpsTopicPublisher implements TaskListener {
  private final TopicPublisher publisher;

  public OpsTopicPublisher(TopicPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public void changed(TaskChange change) {
    Map<String, Object> body = TaskView.toMap(change.task());
    body.put("change", change.text());
    publisher.publish(Topic.taskTopic(change.task().key().merchant()), new JsonObject(body).toBuffer());
  }
}
