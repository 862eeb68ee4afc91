package io.tillwatch.reconcile;

/** What a bill line says happened to the money: the customer was charged, or money went back (refund, reversal). */
public enum BillStatus {
  CHARGED,
  REFUNDED
}
