package io.tillwatch.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's reader of the commands topic: every partition, no consumer group (every gateway needs
 * every command, since any may hold the terminal), from the end of the topic at start. What was
 * announced before the start is in the shared store, which the daemon loads right after this
 * reader fixed its starting positions, so nothing falls in between.
 */
public final class CommandFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandFollower.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  private CommandFollower(KafkaConsumer<byte[], byte[]> consumer, Function<String, CompletionStage<Void>> adopt) {
    this.consumer = consumer;
    this.thread = new Thread(() -> loop(adopt), "tillwatch-commands");
    this.thread.setDaemon(true);
  }

  /** Positions at the end of every partition (returns after that); call {@link #start} once the store's open commands are loaded. */
  public static CommandFollower positioned(KafkaSettings settings, String clientId, Function<String, CompletionStage<Void>> adopt) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
    List<TopicPartition> partitions = consumer.partitionsFor(settings.commandsTopic(), Duration.ofSeconds(60)).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(tp -> consumer.position(tp, Duration.ofSeconds(60))); // resolve the end now, not at the first poll
    return new CommandFollower(consumer, adopt);
  }

  public CommandFollower start() {
    thread.start();
    return this;
  }

  private void loop(Function<String, CompletionStage<Void>> adopt) {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String id = new String(r.value(), StandardCharsets.UTF_8);
          adopt.apply(id).whenComplete((ok, error) -> {
            if (error != null) {
              LOG.warn("command {} could not be loaded: {}", id, error.toString());
            }
          });
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("the commands topic reader stopped: {}", e.toString(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    running = false;
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(5)); // never started: the loop will not close it
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
