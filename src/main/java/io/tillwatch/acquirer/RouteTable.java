package io.tillwatch.acquirer;

import io.tillwatch.backoffice.BackOfficeRouter;
import io.tillwatch.telemetry.PaymentMethod;
import java.util.List;
import java.util.Optional;

/** The configured routes, in order: the first whose merchant ({@code *} for any) and method (when given) match wins. */
public final class RouteTable implements BackOfficeRouter {
  public static final String ANY_MERCHANT = "*";

  /** @param method null for any payment method */
  public record Route(String merchant, PaymentMethod method, String backOffice) {}

  private final List<Route> routes;

  public RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  public List<Route> routes() {
    return routes;
  }

  @Override
  public Optional<String> route(String merchant, PaymentMethod method) {
    for (Route r : routes) {
      if ((r.merchant().equals(ANY_MERCHANT) || r.merchant().equals(merchant))
          && (r.method() == null || r.method() == method)) {
        return Optional.of(r.backOffice());
      }
    }
    return Optional.empty();
  }
}
