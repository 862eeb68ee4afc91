package io.tillwatch.backoffice;

/**
 * Ask the terminal to print the receipt of a sale the back office confirmed charged.
 *
 * @param taskId         the task it serves; with one reprint per task it is also the idempotency key,
 *                       so a restart never creates a second command for the same task
 * @param sale           what the receipt shows (amount, rrn, auth code, masked PAN, time)
 * @param backOfficeRef  the back office's own reference, printed as proof; may be null
 */
public record ReprintOrder(String taskId, SaleLookup sale, String backOfficeRef) {}
