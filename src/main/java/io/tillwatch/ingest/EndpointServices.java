package io.tillwatch.ingest;

import io.tillwatch.auth.Authenticator;
import io.tillwatch.metrics.ConnectionMetrics;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What every connection of the embedded endpoint shares, whichever event loop it runs on.
 *
 * @param authenticator null when authentication is explicitly off (anonymous access)
 * @param accepting     false while stopping: new connections and messages are refused
 * @param limits        resource limits of each connection and of the endpoint as a whole
 */
public record EndpointServices(
    IngestPipeline pipeline,
    Subscriptions subscriptions,
    ConnectionMetrics metrics,
    AtomicInteger activeConnections,
    BooleanSupplier accepting,
    ClientRegistry clients,
    Authenticator authenticator,
    ConnectionLimits limits) {}
