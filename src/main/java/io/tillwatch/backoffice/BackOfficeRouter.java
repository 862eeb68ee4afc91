package io.tillwatch.backoffice;

import io.tillwatch.telemetry.PaymentMethod;
import java.util.Optional;

/**
 * Which back office knows a merchant's sales: configuration, by merchant and optionally payment
 * method (a shop's card sales go to its acquirer, its QR sales to the wallet). Empty when none is
 * configured: the task then keeps its manual next step.
 */
@FunctionalInterface
public interface BackOfficeRouter {
  BackOfficeRouter NONE = (merchant, method) -> Optional.empty();

  /** The name of the back office for this merchant's sales paid by {@code method} (null when the terminal did not say). */
  Optional<String> route(String merchant, PaymentMethod method);
}
