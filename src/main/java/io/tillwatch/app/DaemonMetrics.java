package io.tillwatch.app;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillwatch.metrics.ClusterMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/** The process's meter registry: the JVM's meters once, and Vert.x's own with closed label sets. TillWatch's are in metrics. */
final class DaemonMetrics {
  private DaemonMetrics() {}

  /** A Prometheus registry with the JVM and process meters bound. */
  static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ClusterMetrics.refusePerPartitionMeters(registry); // before any meter: a cluster role binds Kafka's later
    bindJvmMetrics(registry);
    return registry;
  }

  /**
   * Vert.x's own meters (vertx_net_server_*, vertx_http_server_*, vertx_pool_*) into our registry,
   * with labels limited to closed sets: never the remote or local address, never an HTTP path (the
   * route label is the matched route's template, such as /api/v1/tasks/:id or /console/*, which the
   * console's and the API's requests are told apart by).
   */
  static MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(false) // bound below, once, by our own binders
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE, Label.POOL_NAME));
  }

  private static void bindJvmMetrics(PrometheusMeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }
}
