package io.tillwatch.publish;

import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskListener;
import io.tillwatch.tasks.TaskView;
import io.tillwatch.telemetry.Topic;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Publishes every committed task change on {@code ops/v1/tasks/{merchant}} as the task's JSON plus {@code change}.
 *
 * <p>Changes made by another instance on a shared store: whether this instance republishes them
 * depends on whose topic it publishes to. An external broker is one topic for every instance, and
 * the instance that made the change has already published it there; its own embedded endpoint is
 * a topic only this instance's subscribers read, so they hear of it only if it is published here.
 */
public final class OpsTopicPublisher implements TaskListener {
  private final TopicPublisher publisher;
  private final boolean republishPeerChanges;

  private OpsTopicPublisher(TopicPublisher publisher, boolean republishPeerChanges) {
    this.publisher = publisher;
    this.republishPeerChanges = republishPeerChanges;
  }

  /** Publishing to a broker every instance shares: each change once, by the instance that made it. */
  public static OpsTopicPublisher toSharedBroker(TopicPublisher publisher) {
    return new OpsTopicPublisher(publisher, false);
  }

  /** Publishing to this instance's own endpoint: every change of the shared task list, wherever it was made. */
  public static OpsTopicPublisher toOwnEndpoint(TopicPublisher publisher) {
    return new OpsTopicPublisher(publisher, true);
  }

  @Override
  public void changed(TaskChange change) {
    Map<String, Object> body = TaskView.toMap(change.task());
    body.put("change", change.text());
    publisher.publish(Topic.taskTopic(change.task().key().merchant()), new JsonObject(body).toBuffer());
  }

  @Override
  public void changedElsewhere(TaskChange change) {
    if (republishPeerChanges) {
      changed(change);
    }
  }
}
