/**
 * Settlement reconciliation: reading an acquirer's or wallet's daily bill, matching it against the
 * journal and the tasks, and reporting what real-time telemetry missed.
 */
package io.tillwatch.reconcile;
