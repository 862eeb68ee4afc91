package io.tillwatch.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.PaymentMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandDeskTest {
  private static final long NOW = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
  private final Sale sale = new Sale("r-000001", 12_850, "CNY", PaymentMethod.CARD, "433412345678", "A1B2C3", "622848******1234",
      "t00001-r-000001");
  private boolean paperOut;
  private final CommandDesk desk = new CommandDesk(Map.of("r-000001", sale)::get, () -> paperOut);

  private static String reprint(String id, String txn, String expiresAt) {
    return new JsonObject().put("id", id).put("type", "REPRINT").put("txn", txn).put("issuedAt", "2026-12-01T09:59:00.000Z")
        .put("expiresAt", expiresAt).put("taskId", "t-1").put("sale", new JsonObject().put("amount", 12_850)).encode();
  }

  @Test
  void aReprintOfAKnownSalePrintsIt() {
    CommandDesk.Reply r = desk.handle(reprint("cmd-1", "r-000001", "2026-12-01T10:30:00.000Z"), NOW);
    assertEquals("DONE", r.status());
    assertSame(sale, r.print());
    JsonObject result = new JsonObject(r.resultJson());
    assertEquals("cmd-1", result.getString("id"));
    assertEquals("DONE", result.getString("status"));
    assertEquals("2026-12-01T10:00:00Z", result.getString("at"));
    assertTrue(result.containsKey("reason"));
    assertNull(result.getString("reason"));
  }

  @Test
  void aRedeliveredCommandIsAnsweredAgainButNotObeyedTwice() {
    CommandDesk.Reply first = desk.handle(reprint("cmd-1", "r-000001", "2026-12-01T10:30:00Z"), NOW);
    CommandDesk.Reply again = desk.handle(reprint("cmd-1", "r-000001", "2026-12-01T10:30:00Z"), NOW + 5_000);
    assertFalse(first.duplicate());
    assertTrue(again.duplicate());
    assertNull(again.print());
    assertEquals(first.resultJson(), again.resultJson());
  }

  @Test
  void outOfPaperTheReprintFails() {
    paperOut = true;
    CommandDesk.Reply r = desk.handle(reprint("cmd-2", "r-000001", "2026-12-01T10:30:00Z"), NOW);
    assertEquals("FAILED", r.status());
    assertEquals("PAPER_OUT", r.reason());
    assertNull(r.print());
  }

  @Test
  void expiredUnknownTypeAndUnknownSaleAreRejected() {
    assertEquals("EXPIRED", desk.handle(reprint("c1", "r-000001", "2026-12-01T09:59:59Z"), NOW).reason());
    assertEquals("EXPIRED", desk.handle(reprint("c2", "r-000001", "yesterday"), NOW).reason());
    String reboot = new JsonObject().put("id", "c3").put("type", "REBOOT").put("expiresAt", "2026-12-01T10:30:00Z").encode();
    CommandDesk.Reply r = desk.handle(reboot, NOW);
    assertEquals("REJECTED", r.status());
    assertEquals("UNKNOWN_TYPE", r.reason());
    assertEquals("UNKNOWN_SALE", desk.handle(reprint("c4", "r-999999", "2026-12-01T10:30:00Z"), NOW).reason());
  }

  @Test
  void unreadableCommandsAreIgnored() {
    assertNull(desk.handle("not json", NOW));
    assertNull(desk.handle("[1,2]", NOW));
    assertNull(desk.handle("{\"type\":\"REPRINT\"}", NOW));
    assertNull(desk.handle("{\"id\":7}", NOW));
  }
}
