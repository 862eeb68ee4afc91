package io.tillwatch.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet and the simulated back office share one ledger: what the back office answers about each
 * money finding's sale is what the ground truth says happened, and the key folder holds what the
 * daemon needs.
 */
class BackOfficeKnowsTheTruthTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Vertx vertx;
  private TestMqttServer mqtt;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    mqtt = TestMqttServer.start(vertx);
  }

  @AfterEach
  void tearDown() {
    mqtt.close();
    vertx.close().await();
  }

  @Test
  void genericAnswersMatchTheGroundTruth(@TempDir Path keysDir) throws Exception {
    SimulatorOptions opts = SimulatorOptions.builder("127.0.0.1", mqtt.port()).terminals(4).merchants(2).salesPerSecond(20)
        .faults("unprinted=0.1,unconfirmed=0.1,reversal=0.1,double=0.05").outcomes("paper-out=0").primeFaults(true)
        .heartbeatIntervalSec(1).timeScale(20).doubleChargeDelay(Duration.ofMillis(300)).seed(11).build();
    AcquirerLedger ledger = new AcquirerLedger();
    BackOfficeKeys keys = BackOfficeKeys.generate();
    BackOfficeIds ids = BackOfficeIds.of(opts);
    SimulatedBackOffice bo = SimulatedBackOffice.start(vertx, ledger, ids, keys, BackOfficeFaults.NONE, "127.0.0.1", 0, 1).await();
    keys.writeTo(keysDir, ids, "http://127.0.0.1:" + bo.port(), "http");
    FleetSimulator sim = FleetSimulator.start(vertx, opts, ledger).await();
    await().atMost(Duration.ofSeconds(20)).until(() -> sim.groundTruth().all().stream().filter(r -> r.money() != null)
        .map(GroundTruthRecord::kind).distinct().count() == 4);
    sim.stop().await();

    List<GroundTruthRecord> money = sim.groundTruth().all().stream().filter(r -> r.money() != null).toList();
    assertTrue(money.size() >= 4);
    for (GroundTruthRecord r : money) {
      String status = status(bo, r.merchant(), r.terminal(), r.txn());
      String expected = switch (r.kind()) {
        case STUCK_REVERSAL -> r.money().reversed() ? "REVERSED" : "APPROVED";
        default -> r.money().charged() ? "APPROVED" : "DECLINED";
      };
      assertEquals(expected, status, r.toString());
      if (r.kind() == FindingKind.DOUBLE_CHARGE_RISK) {
        assertEquals(r.money().relatedCharged() ? "APPROVED" : "DECLINED", status(bo, r.merchant(), r.terminal(), r.relatedTxn()), r.toString());
      }
    }
    assertTrue(ledger.size() > money.size(), "every sale is booked, normal ones too");

    assertTrue(Files.readString(keysDir.resolve("merchant-private.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertEquals(keys.platform().getPublic(), Rsa.readPublicPem(Files.readString(keysDir.resolve("platform-public.pem"))));
    assertEquals(keys.merchant().getPrivate(), Rsa.readPrivatePem(Files.readString(keysDir.resolve("merchant-private.pem"))));
    String yaml = Files.readString(keysDir.resolve("backoffice.yaml"));
    assertTrue(yaml.contains("mchid: \"1900000002\""), yaml);
    assertTrue(yaml.contains("- {merchant: m002, backOffice: acquirer-m002}"), yaml);
    bo.close().await();
  }

  private String status(SimulatedBackOffice bo, String merchant, String terminal, String txn) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bo.port() + "/generic/sales?merchant="
        + merchant + "&terminal=" + terminal + "&txn=" + txn)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonObject("sale").getString("status");
  }
}
