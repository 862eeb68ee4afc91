package io.tillwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tillwatch.acquirer.BackOfficeCatalog;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.ConfiguredBackOffice;
import io.tillwatch.backoffice.SaleLookup;
import io.tillwatch.backoffice.Verdict;
import io.tillwatch.sim.AcquirerLedger;
import io.tillwatch.sim.BackOfficeFaults;
import io.tillwatch.sim.BackOfficeIds;
import io.tillwatch.sim.BackOfficeKeys;
import io.tillwatch.sim.LedgerEntry;
import io.tillwatch.sim.LedgerOutcome;
import io.tillwatch.sim.SimulatedBackOffice;
import io.tillwatch.telemetry.PaymentMethod;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's adapters against the simulator's back office, over HTTP with keys made here. The two
 * sides were written apart from the same published formats (WeChat Pay v3, Alipay, the generic
 * JSON), so this is where a misreading on either side shows: the configuration the simulator writes
 * must load, every request must pass its signature check, every answer must verify, and each
 * back office must give the ledger's verdict.
 */
class BackOfficeFormatsEndToEndTest {
  @TempDir Path keys;
  private Vertx vertx;
  private SimulatedBackOffice simulated;
  private BackOfficeCatalog catalog;
  private final AcquirerLedger ledger = new AcquirerLedger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    long old = System.currentTimeMillis() - 10 * 60_000; // older than "young": NOTPAY is final
    for (LedgerOutcome o : List.of(LedgerOutcome.CHARGED, LedgerOutcome.NOT_CHARGED, LedgerOutcome.REVERSED)) {
      String txn = "x-" + o.name().toLowerCase();
      boolean moved = o != LedgerOutcome.NOT_CHARGED;
      ledger.record(new LedgerEntry("m001", "t00001", txn, "t00001-" + txn, 12_850, "CNY", PaymentMethod.QR,
          "4334" + o.ordinal() + "2345678", "A1B2C3", old, moved ? old + 1_000 : -1, o, true, 0));
    }
    BackOfficeIds ids = new BackOfficeIds(List.of("m001"));
    BackOfficeKeys generated = BackOfficeKeys.generate();
    simulated = SimulatedBackOffice.start(vertx, ledger, ids, generated, BackOfficeFaults.NONE, "127.0.0.1", 0, 1)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    generated.writeTo(keys, ids, "http://127.0.0.1:" + simulated.port(), "mixed");
    catalog = BackOfficeCatalog.load(keys.resolve("backoffice.yaml"), vertx, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    catalog.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyFormatGivesTheLedgersVerdictWithVerifiedSignatures() throws Exception {
    Map<LedgerOutcome, Verdict> expected = Map.of(LedgerOutcome.CHARGED, Verdict.CHARGED,
        LedgerOutcome.NOT_CHARGED, Verdict.NOT_CHARGED, LedgerOutcome.REVERSED, Verdict.REVERSED_OR_REFUNDED);
    assertEquals(3, catalog.backOffices().size(), "wechatpay, alipay and the generic JSON for m001");
    for (ConfiguredBackOffice office : catalog.backOffices()) {
      for (LedgerEntry e : ledger.all()) {
        SaleLookup sale = new SaleLookup(e.merchant(), e.terminal(), e.txn(), e.ref(), e.rrn(), e.authCode(), e.amount(),
            e.currency(), e.method(), null, e.createdAtMs());
        BackOfficeAnswer a = office.backOffice().lookUp(sale).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(expected.get(e.outcome()), a.verdict(), office.name() + " on " + e.outcome() + ": " + a);
        if (e.outcome() == LedgerOutcome.CHARGED) {
          assertNotNull(a.reference(), office.name() + " names its reference for a charge");
        }
      }
    }
  }

  @Test
  void theRoutesFollowThePaymentMethod() {
    assertEquals("wechat-m001", catalog.router().route("m001", PaymentMethod.QR).orElseThrow());
    assertEquals("alipay-m001", catalog.router().route("m001", PaymentMethod.WALLET).orElseThrow());
    assertEquals("acquirer-m001", catalog.router().route("m001", PaymentMethod.CARD).orElseThrow());
  }
}
