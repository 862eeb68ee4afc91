package io.tillwatch.reconcile;

import io.tillwatch.telemetry.PaymentMethod;

/**
 * A sale as the journal knows it, summed up from its events for matching.
 *
 * @param ref      the merchant order number (txn event {@code ref}); empty when the terminal sent none
 * @param rrn      empty when none
 * @param amount   minor units; -1 when no event carried one
 * @param method   null when no event said
 * @param timeMs   the terminal's time of AUTHORIZED, else of its first event
 * @param complete COMPLETED or PRINTED was seen: TillWatch saw the sale end well
 * @param undone   VOIDED, REVERSED, DECLINED or CANCELLED was seen: no charge expected
 */
public record JournalSale(String merchant, String terminal, String txn, String ref, String rrn, long amount,
    String currency, PaymentMethod method, long timeMs, boolean complete, boolean undone) {

  public JournalSale {
    ref = ref == null ? "" : ref;
    rrn = rrn == null ? "" : rrn;
  }
}
