package io.tillwatch.backoffice;

import io.tillwatch.journal.StoredEvent;
import io.tillwatch.tasks.TaskSale;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import java.util.List;

/**
 * Builds what a back office is asked by from the sale's journaled events: the amount of STARTED or
 * AUTHORIZED, the first rrn, auth code, order reference, method and masked PAN any event carried, and
 * the terminal's time of the first event. When the journal no longer holds the sale, the task's own
 * copy of the sale (amount, rrn, PAN) is what is left.
 */
final class SaleLookups {
  private SaleLookups() {}

  static SaleLookup of(String merchant, String terminal, String txn, List<StoredEvent> events, TaskSale fallback) {
    long amount = -1;
    String currency = null;
    String ref = null;
    String rrn = null;
    String authCode = null;
    String pan = null;
    PaymentMethod method = null;
    long saleAtMs = Long.MAX_VALUE;
    for (StoredEvent s : events) {
      TxnEvent e = s.event();
      if (amount < 0 && e.hasAmount()) {
        amount = e.amount();
        currency = e.currency();
      }
      ref = ref != null ? ref : e.ref();
      rrn = rrn != null ? rrn : e.rrn();
      authCode = authCode != null ? authCode : e.authCode();
      pan = pan != null ? pan : e.pan();
      method = method != null ? method : e.method();
      saleAtMs = Math.min(saleAtMs, e.atMs());
    }
    boolean ownSale = fallback != null && txn.equals(fallback.txn());
    if (amount < 0 && ownSale && fallback.hasAmount()) {
      amount = fallback.amount();
      currency = fallback.currency();
    }
    if (ownSale) {
      rrn = rrn != null ? rrn : fallback.rrn();
      pan = pan != null ? pan : fallback.pan();
    }
    return new SaleLookup(merchant, terminal, txn, ref, rrn, authCode, amount, currency, method, pan,
        saleAtMs == Long.MAX_VALUE ? -1 : saleAtMs);
  }
}
