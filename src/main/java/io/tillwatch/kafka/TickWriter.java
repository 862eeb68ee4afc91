package io.tillwatch.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the detectors' clock into the events topic: every {@code kafka.tick}, one tick record per
 * partition, stamped {@code kafka.tick-lag} behind the wall clock. A tick lands behind every event
 * appended before it, so a detector working through a backlog reaches the tick only after the
 * events that came first, and an idle partition's deadlines still fire. Every detector writes ticks
 * (a partition's clock is the latest tick it saw), so the clock keeps going while any detector runs.
 */
public final class TickWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TickWriter.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService timer;

  private TickWriter(KafkaProducer<byte[], byte[]> producer, ScheduledExecutorService timer) {
    this.producer = producer;
    this.timer = timer;
  }

  public static TickWriter start(KafkaSettings settings, String clientId, int partitions, Clock clock) {
    Properties p = settings.producer(clientId);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(settings.tick().toMillis() * 5, 5_000));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(settings.tick().toMillis() * 4, 4_000));
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tillwatch-ticks");
      t.setDaemon(true);
      return t;
    });
    long every = settings.tick().toMillis();
    long lag = settings.tickLag().toMillis();
    String topic = settings.eventsTopic();
    timer.scheduleAtFixedRate(() -> {
      long at = clock.millis() - lag;
      try {
        for (int i = 0; i < partitions; i++) {
          producer.send(EventRecords.tick(topic, i, at), (md, error) -> {
            if (error != null) {
              LOG.debug("a tick was not written: {}", error.toString()); // the next one carries the clock on
            }
          });
        }
      } catch (RuntimeException e) {
        LOG.warn("ticks not written: {}", e.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return new TickWriter(producer, timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}
