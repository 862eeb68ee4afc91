package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.sim.AcquirerLedger;
import io.tillwatch.sim.BackOfficeFaults;
import io.tillwatch.sim.BackOfficeIds;
import io.tillwatch.sim.BackOfficeKeys;
import io.tillwatch.sim.LedgerEntry;
import io.tillwatch.sim.LedgerOutcome;
import io.tillwatch.sim.SimulatedBackOffice;
import io.tillwatch.telemetry.PaymentMethod;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 补单 loop end to end: the daemon with its real adapters and the simulator's back office over
 * HTTP, a Paho terminal on the embedded endpoint. A sale the terminal never saw complete is looked
 * up, found charged, reprinted by command, and the terminal's PRINTED closes the task as REPRINTED;
 * one the back office says was never charged becomes "collect again" with the evidence.
 */
class FollowUpEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private Vertx vertx;
  private SimulatedBackOffice backOffice;
  private final AcquirerLedger ledger = new AcquirerLedger();
  private Path config;

  @BeforeEach
  void startBackOffice() throws Exception {
    vertx = Vertx.vertx();
    long old = System.currentTimeMillis() - 10 * 60_000;
    ledger.record(new LedgerEntry("m001", "t-fu", "paid", "t-fu-paid", 12_850, "CNY", PaymentMethod.QR, "433412345678",
        "A1B2C3", old, old + 1_000, LedgerOutcome.CHARGED, true, 0));
    ledger.record(new LedgerEntry("m001", "t-fu", "unpaid", "t-fu-unpaid", 4_200, "CNY", PaymentMethod.QR, null, null, old,
        -1, LedgerOutcome.NOT_CHARGED, true, 0));
    BackOfficeIds ids = new BackOfficeIds(List.of("m001"));
    BackOfficeKeys keys = BackOfficeKeys.generate();
    backOffice = SimulatedBackOffice.start(vertx, ledger, ids, keys, BackOfficeFaults.NONE, "127.0.0.1", 0, 1)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    keys.writeTo(dir.resolve("keys"), ids, "http://127.0.0.1:" + backOffice.port(), "mixed");
    config = dir.resolve("keys/backoffice.yaml");
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String started(String txn, long seq, long amount) {
    return new JsonObject().put("txn", txn).put("seq", seq).put("event", "STARTED").put("at", Instant.now().toString())
        .put("amount", amount).put("currency", "CNY").put("method", "QR").put("ref", "t-fu-" + txn).encode();
  }

  private static JsonObject task(InProcessDaemon tw, String txn) {
    return tw.api.tasks("kind=UNCONFIRMED_SALE").stream().filter(t -> txn.equals(t.getString("txn"))).findFirst().orElse(null);
  }

  @Test
  void aChargedSaleIsReprintedAndClosedAndAnUnchargedOneIsCollectedAgain() throws Exception {
    Map<String, String> settings = new HashMap<>(InProcessDaemon.FAST);
    settings.put("backoffice.file", config.toString());
    try (InProcessDaemon tw = new InProcessDaemon(dir.resolve("data"), settings);
         TestTerminal terminal = new TestTerminal(tw.mqttPort(), "m001", "t-fu")) {
      CommandInbox inbox = new CommandInbox(terminal);
      terminal.publish("txn", started("paid", 1, 12_850), 1);
      terminal.publish("txn", started("unpaid", 2, 4_200), 1);

      // The charged sale: a reprint command carrying what the receipt needs.
      await().atMost(WAIT).until(() -> inbox.received.size() == 1);
      JsonObject command = inbox.received.get(0);
      assertEquals("paid", command.getString("txn"));
      assertEquals(12_850L, command.getJsonObject("sale").getLong("amount"));
      JsonObject paid = task(tw, "paid");
      JsonObject followUp = paid.getJsonObject("followUp");
      assertEquals("CHARGED", followUp.getString("verdict"));
      assertEquals("DO_NOT_COLLECT_REPRINT", followUp.getString("nextStep"));
      assertTrue(paid.getString("action").startsWith("¥128.50, wechat-m001 ref "), paid.getString("action"));

      // The terminal prints it: its answer, then its PRINTED, which closes the task as REPRINTED by TillWatch.
      inbox.answer(command.getString("id"), "DONE", null);
      terminal.publish("txn", new JsonObject().put("txn", "paid").put("seq", 3).put("event", "PRINTED")
          .put("at", Instant.now().toString()).encode(), 1);
      await().atMost(WAIT).until(() -> "RESOLVED".equals(task(tw, "paid").getString("state")));
      assertEquals("REPRINTED", task(tw, "paid").getString("resolution"));
      assertEquals("tillwatch", task(tw, "paid").getString("resolvedBy"));

      // The uncharged sale: collect again, with the back office's word in the history.
      await().atMost(WAIT).until(() -> task(tw, "unpaid") != null && task(tw, "unpaid").getJsonObject("followUp") != null
          && "COLLECT_AGAIN".equals(task(tw, "unpaid").getJsonObject("followUp").getString("nextStep")));
      JsonObject unpaid = tw.api.get("/api/v1/tasks/" + task(tw, "unpaid").getString("id")).json();
      assertEquals("OPEN", unpaid.getString("state"));
      assertTrue(unpaid.getString("action").contains("Not charged: collect the payment again. / 未扣款：请重新收款。"),
          unpaid.getString("action"));
      assertTrue(unpaid.getJsonArray("history").stream().map(JsonObject.class::cast)
          .anyMatch(h -> h.getString("note") != null && h.getString("note").startsWith("wechat-m001: NOT_CHARGED")),
          unpaid.getJsonArray("history").encodePrettily());
      assertEquals(1, inbox.received.size(), "nothing is reprinted for a sale that was not charged");
      assertEquals(1.0, tw.api.metric("tillwatch_followup_auto_resolved_total{kind=\"UNCONFIRMED_SALE\",resolution=\"reprinted\"}"));
      assertEquals(2.0, tw.api.metric("tillwatch_backoffice_lookups_total{back_office=\"wechat-m001\",problem=\"none\",verdict=\"charged\"}")
          + tw.api.metric("tillwatch_backoffice_lookups_total{back_office=\"wechat-m001\",problem=\"none\",verdict=\"not_charged\"}"));
    }
  }
}
