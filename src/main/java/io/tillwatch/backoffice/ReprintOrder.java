package io.tillwatch.backoffice;

/**
 * Ask the terminal to print the receipt of a sale the back office confirmed charged.
 *
 * @param taskId         the task it serves
 * @param idempotencyKey the same key returns the same command: {@code <task>:auto} for TillWatch's own
 *                       reprint (so a restart never sends a second one), {@code <task>:manual:<revision>}
 *                       for an operator's (a double click sends one, a later press after the paper
 *                       was refilled sends another)
 * @param sale           what the receipt shows (amount, rrn, auth code, masked PAN, time)
 * @param backOfficeRef  the back office's own reference, printed as proof; may be null
 */
public record ReprintOrder(String taskId, String idempotencyKey, SaleLookup sale, String backOfficeRef) {

  static ReprintOrder automatic(String taskId, SaleLookup sale, String backOfficeRef) {
    return new ReprintOrder(taskId, taskId + ":auto", sale, backOfficeRef);
  }

  static ReprintOrder byHand(String taskId, long taskRevision, SaleLookup sale, String backOfficeRef) {
    return new ReprintOrder(taskId, taskId + ":manual:" + taskRevision, sale, backOfficeRef);
  }
}
