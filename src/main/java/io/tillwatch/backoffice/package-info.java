/**
 * 补单 follow-up: asking the acquirer's or wallet's back office whether a sale in doubt was
 * charged, asking again on a schedule until the answer is final, and turning the answer into the
 * task's next step (a reprint command, "collect again", "refund the duplicate").
 *
 * <p>{@link io.tillwatch.backoffice.BackOffice} is the port; the adapters that speak each back
 * office's API live in {@code io.tillwatch.acquirer}.
 */
package io.tillwatch.backoffice;
