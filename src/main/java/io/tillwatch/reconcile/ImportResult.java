package io.tillwatch.reconcile;

/**
 * The answer to one import: IMPORTED (the report is new), UNCHANGED (the same content was imported
 * before: its stored report, nothing changed), or REFUSED (nothing imported; {@code error} says why).
 */
public record ImportResult(Status status, BillFormat format, ReconcileReport report, String error) {
  public enum Status { IMPORTED, UNCHANGED, REFUSED }

  static ImportResult refused(BillFormat format, String error) {
    return new ImportResult(Status.REFUSED, format, null, error);
  }
}
