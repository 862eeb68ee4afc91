package io.tillwatch.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates TillWatch's topics when they are missing and reads how many partitions the events topic
 * has, which fixes the terminal-to-partition map. Creating is idempotent: every instance tries at
 * start and all but the first find the topic there. An operator who creates the topics by hand (to
 * choose placement, say) keeps theirs; only the partition count is read back.
 */
public final class ClusterTopics {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTopics.class);

  private ClusterTopics() {}

  /** Makes sure the events and commands topics exist; returns the events topic's partition count. */
  public static int ensure(KafkaSettings settings) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      String minIsr = Integer.toString(Math.max(1, settings.replication() - 1));
      for (String topic : List.of(settings.eventsTopic(), settings.commandsTopic())) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, settings.partitions(), (short) settings.replication())
              .configs(Map.of("min.insync.replicas", minIsr, "message.timestamp.type", "CreateTime")));
        }
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
          LOG.info("created Kafka topics {} ({} partitions, replication {})", missing.stream().map(NewTopic::name).toList(),
              settings.partitions(), settings.replication());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      TopicDescription events = admin.describeTopics(List.of(settings.eventsTopic())).allTopicNames().get(60, TimeUnit.SECONDS)
          .get(settings.eventsTopic());
      return events.partitions().size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing Kafka topics", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("could not prepare the Kafka topics at " + settings.bootstrap() + ": "
          + (e.getCause() != null ? e.getCause() : e), e);
    }
  }
}
