package io.tillwatch.kafka;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands to terminals in a cluster: the instance that makes a command (wherever the 补单 loop or
 * an operator ran) announces its id on the commands topic, and every gateway, which reads the whole
 * topic ({@link CommandFollower}), takes the command from the shared store and offers it to its own
 * endpoint. Only the gateway holding the terminal's subscription sends it; its delivery and the
 * terminal's answer are compare-and-set on the shared store, like every command change.
 *
 * <p>As a {@link CommandChannel}: each command is announced once (the command service offers a
 * pending command again every second), then passed to this instance's own endpoint, if it has one.
 */
public final class CommandTopic implements CommandChannel, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandTopic.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final CommandChannel local;
  private final Cache<String, Boolean> announced;

  private CommandTopic(KafkaProducer<byte[], byte[]> producer, String topic, CommandChannel local, Duration expiry) {
    this.producer = producer;
    this.topic = topic;
    this.local = local;
    this.announced = Caffeine.newBuilder().expireAfterWrite(expiry).build();
  }

  /** @param local this instance's endpoint channel, or {@link CommandChannel#NONE} on a detector alone */
  public static CommandTopic open(KafkaSettings settings, String clientId, CommandChannel local, Duration expiry) {
    Properties p = settings.producer(clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new CommandTopic(new KafkaProducer<>(p), settings.commandsTopic(), local, expiry);
  }

  @Override
  public boolean offer(Command command, byte[] payload) {
    if (announced.asMap().putIfAbsent(command.id(), Boolean.TRUE) == null) {
      producer.send(new ProducerRecord<>(topic, EventRecords.key(command.merchant(), command.terminal()),
          command.id().getBytes(StandardCharsets.UTF_8)), (md, error) -> {
            if (error != null) {
              announced.invalidate(command.id()); // announced again at the next offer
              LOG.warn("command {} not announced to the gateways: {}", command.id(), error.toString());
            }
          });
    }
    return local.offer(command, payload);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
