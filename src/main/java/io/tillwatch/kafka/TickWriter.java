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
 * Writes the partitions' clock into the events topic: every {@code kafka.tick}, one tick record per
 * partition, named for this instance. A detector's tick carries the wall clock minus
 * {@code kafka.tick-lag}; a gateway's (or an {@code all} instance's) carries its watermark, no later
 * than that and before every message it still waits on Kafka for in that partition. How a detector
 * turns the ticks into its clock is {@link PartitionClock}'s; a tick lands behind every event appended
 * before it, so a detector working through a backlog reaches a deadline only after the events that
 * came first.
 *
 * <p>A gateway ticks once before its endpoint opens, so detectors wait for it from its first message
 * on, and says farewell when it stops with nothing left in flight.
 */
public final class TickWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TickWriter.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService timer;
  private final KafkaSettings settings;
  private final String source;
  private final int partitions;
  private final GatewaySink gateway;
  private final Clock clock;

  private TickWriter(KafkaSettings settings, String source, int partitions, GatewaySink gateway, Clock clock) {
    Properties p = settings.producer("tillwatch-ticks-" + source);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(settings.tick().toMillis() * 5, 5_000));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(settings.tick().toMillis() * 4, 4_000));
    this.producer = new KafkaProducer<>(p);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tillwatch-ticks");
      t.setDaemon(true);
      return t;
    });
    this.settings = settings;
    this.source = source;
    this.partitions = partitions;
    this.gateway = gateway;
    this.clock = clock;
  }

  /**
   * Starts ticking for instance {@code source}: as a gateway when {@code gateway} is given, else as a
   * detector. A gateway's first ticks are sent before this returns.
   */
  public static TickWriter start(KafkaSettings settings, String source, int partitions, GatewaySink gateway, Clock clock) {
    TickWriter ticks = new TickWriter(settings, source, partitions, gateway, clock);
    long every = settings.tick().toMillis();
    if (gateway != null) {
      ticks.tick();
      ticks.producer.flush();
    }
    ticks.timer.scheduleAtFixedRate(ticks::tick, every, every, TimeUnit.MILLISECONDS);
    return ticks;
  }

  private void tick() {
    long upTo = clock.millis() - settings.tickLag().toMillis();
    long[] watermarks = gateway == null ? null : gateway.watermarks(upTo);
    String topic = settings.eventsTopic();
    try {
      for (int i = 0; i < partitions; i++) {
        long at = watermarks == null || i >= watermarks.length ? upTo : watermarks[i];
        producer.send(EventRecords.tick(topic, i, at, source, gateway != null), (md, error) -> {
          if (error != null) {
            LOG.debug("a tick was not written: {}", error.toString()); // the next one carries the clock on
          }
        });
      }
    } catch (RuntimeException e) {
      LOG.warn("ticks not written: {}", e.toString());
    }
  }

  /**
   * Stops ticking. A gateway whose sink closed with nothing in flight says farewell, so detectors stop
   * waiting for it at once; one that still waited on Kafka says nothing and is waited for until its
   * watermark is stale.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    if (gateway != null && gateway.idle()) {
      long at = clock.millis() - settings.tickLag().toMillis();
      try {
        for (int i = 0; i < partitions; i++) {
          producer.send(EventRecords.farewell(settings.eventsTopic(), i, at, source));
        }
        producer.flush();
      } catch (RuntimeException e) {
        LOG.warn("farewell ticks not written: {}", e.toString());
      }
    }
    producer.close(Duration.ofSeconds(5));
  }
}
