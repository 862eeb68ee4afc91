package io.tillwatch.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskSamples;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which task changes go out on {@code ops/v1/tasks/{merchant}}, with a shared broker and with an own endpoint. */
class OpsTopicPublisherTest {
  private final List<String> sent = new ArrayList<>();
  private final TopicPublisher publisher = (topic, payload) ->
      sent.add(topic + " " + new JsonObject(payload).getString("change"));

  private static final Task TASK = TaskSamples.task("t_1", FindingKind.UNPRINTED_RECEIPT, "m007", "t0001", "s1", 1_000);
  private static final TaskChange CREATED = TaskChange.stored(TASK, TaskChange.Kind.CREATED, TaskHistoryEntry.SYSTEM, null);
  private static final TaskChange ACKED = TaskChange.stored(TASK.acknowledge("alice", 2_000).to(),
      TaskChange.Kind.ACKNOWLEDGED, "alice", null);

  @Test
  void onASharedBrokerOnlyTheInstanceThatMadeAChangePublishesIt() {
    OpsTopicPublisher ops = OpsTopicPublisher.toSharedBroker(publisher);
    ops.changed(CREATED);
    ops.changedElsewhere(ACKED); // its instance published it on the same broker already
    assertEquals(List.of("ops/v1/tasks/m007 created"), sent);
  }

  @Test
  void onItsOwnEndpointAnInstancePublishesEveryChangeOfTheSharedList() {
    OpsTopicPublisher ops = OpsTopicPublisher.toOwnEndpoint(publisher);
    ops.changed(CREATED);
    ops.changedElsewhere(ACKED);
    assertEquals(List.of("ops/v1/tasks/m007 created", "ops/v1/tasks/m007 acknowledged by alice"), sent);
  }
}
