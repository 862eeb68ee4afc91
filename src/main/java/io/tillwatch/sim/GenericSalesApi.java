package io.tillwatch.sim;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The generic acquirer's JSON look-up, as the simulated back office speaks it:
 * {@code GET /generic/sales?merchant=&terminal=&txn=&ref=&rrn=} answering
 * {@code {"sale":{"status":"APPROVED|DECLINED|REVERSED|PROCESSING","id":"..."}}}, or 404 when no sale
 * matches. A sale is found by order number first, then terminal + txn, then rrn. With a token
 * configured, requests must carry {@code Authorization: Bearer <token>} (401 otherwise). A sale never
 * charged is DECLINED; one still in progress PROCESSING (without an id).
 */
final class GenericSalesApi {
  static final String PATH = "/generic/sales";

  private final AcquirerLedger ledger;
  private final String token;
  private final LongSupplier clock;

  /** {@code token}: the bearer token to require; null for none. */
  GenericSalesApi(AcquirerLedger ledger, String token, LongSupplier clock) {
    this.ledger = ledger;
    this.token = token;
    this.clock = clock;
  }

  HttpAnswer query(String method, String query, String authorization, long pendingForMs) {
    if (!"GET".equals(method)) {
      return HttpAnswer.json(405, "{\"error\":\"method not allowed\"}");
    }
    if (token != null && !("Bearer " + token).equals(authorization)) {
      return HttpAnswer.json(401, "{\"error\":\"unauthorized\"}");
    }
    Map<String, String> p = new HashMap<>();
    AlipayApi.parseForm(query, p);
    String merchant = p.get("merchant");
    if (merchant == null || merchant.isEmpty()) {
      return HttpAnswer.json(400, "{\"error\":\"merchant is required\"}");
    }
    LedgerEntry e = ledger.byRef(merchant, blankToNull(p.get("ref")));
    if (e == null) {
      e = ledger.byTxn(merchant, blankToNull(p.get("terminal")), blankToNull(p.get("txn")));
    }
    if (e == null) {
      e = ledger.byRrn(merchant, blankToNull(p.get("rrn")));
    }
    if (e == null) {
      return HttpAnswer.json(404, "{\"error\":\"no such sale\"}");
    }
    BackOfficeView.State state = BackOfficeView.stateAt(e, clock.getAsLong(), pendingForMs);
    String status = switch (state) {
      case CHARGED -> "APPROVED";
      case REVERSED -> "REVERSED";
      case PENDING -> "PROCESSING";
      default -> "DECLINED";
    };
    JsonObject sale = new JsonObject().put("status", status).put("id", state == BackOfficeView.State.PENDING ? null : BackOfficeView.acquirerReference(e));
    return HttpAnswer.json(200, new JsonObject().put("sale", sale).encode());
  }

  HttpAnswer serverError() {
    return HttpAnswer.json(503, "{\"error\":\"temporarily unavailable\"}");
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
