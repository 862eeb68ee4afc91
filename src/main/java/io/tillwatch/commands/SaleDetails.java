package io.tillwatch.commands;

import io.tillwatch.telemetry.CardData;

/**
 * What a terminal needs to print the receipt of a sale it may never have seen complete. Every field
 * may be null (unknown). {@code pan} must already be masked: a command never carries card data.
 *
 * @param amount        minor units (fen, cents)
 * @param atMs          when the sale happened (epoch ms)
 * @param backOfficeRef the acquirer's or wallet's own reference, as its back office answered it
 */
public record SaleDetails(Long amount, String currency, String method, String rrn, String authCode, String pan,
    String ref, Long atMs, String backOfficeRef) {

  public static final SaleDetails NONE = new SaleDetails(null, null, null, null, null, null, null, null, null);

  public SaleDetails {
    if (pan != null && !CardData.isProperlyMasked(pan)) {
      throw new IllegalArgumentException("pan must be masked to at most the first 8 and last 4 digits");
    }
    // References are identifiers, often long and numeric (an acquirer's 18-digit reference passes the
    // Luhn check one time in ten): held to the ids' card rule, a Luhn-valid run that starts like a card.
    for (String text : new String[] {currency, method, rrn, authCode, ref, backOfficeRef}) {
      if (text != null && CardData.containsCardNumberId(text)) {
        throw new IllegalArgumentException("a sale field holds what looks like a full card number");
      }
    }
  }
}
