package io.tillwatch.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lines a started daemon logs for each way it can be set up; StartupLogIT checks the default one in the real jar. */
class StartupLinesTest {
  private static final String DATA = "data directory " + Path.of("tillwatch-data").toAbsolutePath() + " (SQLite)";

  @Test
  void tlsClientCertificatesAndAnOwnManagementListener() {
    Config c = config("--mqtt.host=0.0.0.0", "--mqtt.tls.cert-file=m.pem", "--mqtt.tls.key-file=m.key",
        "--mqtt.tls.client-auth=required", "--http.tls.keystore-file=h.p12", "--http.auth=proxy",
        "--http.management-host=10.0.0.5", "--http.management-port=9100");
    assertEquals(List.of("MQTT endpoint on 0.0.0.0:8883 (every interface; MQTT over TLS; authentication on: client "
            + "certificates required)",
        "HTTP API and operator console on https://127.0.0.1:8443/ (authentication by the fronting proxy: X-Forwarded-User header)",
        "metrics and health on their own listener http://10.0.0.5:9100/metrics and /health/ready (no authentication)", DATA),
        StartupLines.of(c, 8883, 8443, 9100));
  }

  @Test
  void brokerIngestOnPostgresWithAuthenticationOff() {
    Config c = config("--ingest.mode=broker", "--broker.url=ssl://tw:secret@mq.example:8883", "--broker.username=tw",
        "--broker.partition=1/3", "--http.auth=off", "--store=postgres",
        "--store.url=jdbc:postgresql://db.example:5432/tillwatch?password=hunter2");
    assertEquals(List.of("ingest from the broker at ssl://mq.example:8883 as client tillwatch-1 (user tw; terminals "
            + "partition 1/3)",
        "HTTP API and operator console on http://127.0.0.1:8080/ (authentication OFF: anyone who can reach it)",
        "metrics and health on the API listener http://127.0.0.1:8080/metrics and /health/ready (no authentication)",
        "store PostgreSQL jdbc:postgresql://db.example:5432/tillwatch as tillwatch (TLS prefer)"),
        StartupLines.of(c, -1, 8080, 8080));
  }

  @Test
  void aDetectorHasNoMqttEndpoint() {
    Config c = config("--role=detector", "--kafka.bootstrap=k1:9092", "--mqtt.auth=off");
    assertEquals(List.of("HTTP API and operator console on http://127.0.0.1:8080/ (authentication on: API tokens from "
            + Path.of("tillwatch-tokens").toAbsolutePath() + ")",
        "metrics and health on the API listener http://127.0.0.1:8080/metrics and /health/ready (no authentication)", DATA,
        "cluster role detector: Kafka at k1:9092 (topics tillwatch.events, tillwatch.commands)"),
        StartupLines.of(c, -1, 8080, 8080));
  }

  private static Config config(String... args) {
    return ConfigLoader.load(null, Map.of(), List.of(args)).with(Map.of("data.dir", "tillwatch-data",
        "http.tokens-file", "tillwatch-tokens"));
  }
}
