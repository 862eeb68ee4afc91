/**
 * Commands TillWatch sends to terminals on {@code pos/v1/{merchant}/{terminal}/cmd} (a receipt
 * reprint), kept until the terminal has them or they expire, and the terminal's results.
 */
package io.tillwatch.commands;
