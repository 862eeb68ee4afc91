package io.tillwatch.ingest;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.metrics.IngestMetrics;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded endpoint on one event loop with no daemon around it: anonymous access, a journal
 * that commits when the test says so, recorded connection metrics and no detection.
 */
final class TestEndpoint implements AutoCloseable {
  final FakeJournal journal = new FakeJournal();
  final RecordingConnectionMetrics metrics = new RecordingConnectionMetrics();
  final ClientRegistry clients = new ClientRegistry();
  private final Vertx vertx = Vertx.vertx();
  private final MqttEndpointVerticle endpoint;

  TestEndpoint(ConnectionLimits limits) throws Exception {
    IngestPipeline pipeline = new IngestPipeline(new TelemetryDecoder(8192), journal, new NoDetection(), IngestMetrics.NONE,
        new RejectLog(Duration.ofMinutes(1), Ticker.systemTicker()), Clock.systemUTC());
    EndpointServices services = new EndpointServices(pipeline, new Subscriptions(), metrics, new AtomicInteger(), () -> true,
        clients, null, limits);
    endpoint = new MqttEndpointVerticle(MqttEndpointVerticle.options("127.0.0.1", 0, 8192, 10), services);
    vertx.deployVerticle(endpoint).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  int port() {
    return endpoint.actualPort();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static final class NoDetection implements TelemetryConsumer {
    @Override
    public void txnCommitted(TxnEvent event, long receivedAtMs) {}

    @Override
    public CompletionStage<TerminalSnapshot> terminalUpdate(Telemetry heartbeatOrStatus, long receivedAtMs) {
      return CompletableFuture.completedFuture(null);
    }
  }
}
