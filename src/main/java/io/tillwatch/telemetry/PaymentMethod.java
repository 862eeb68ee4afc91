package io.tillwatch.telemetry;

/** How the customer paid. */
public enum PaymentMethod {
  CARD,
  CONTACTLESS,
  QR,
  WALLET,
  OTHER
}
