package io.tillwatch.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The command as the terminal reads it, and the ids it deduplicates by. */
class CommandJsonTest {
  @Test
  void theCommandCarriesWhatTheContractSays() {
    Command c = CommandSamples.pending("cmd-01", "k1", CommandSamples.T0);
    JsonObject j = new JsonObject(new String(CommandJson.encode(c), StandardCharsets.UTF_8));
    assertEquals("cmd-01", j.getString("id"));
    assertEquals("REPRINT", j.getString("type"));
    assertEquals("s1", j.getString("txn"));
    assertEquals("t_k1", j.getString("taskId"));
    assertEquals("2025-12-01T10:00:00.000Z", j.getString("issuedAt"));
    assertEquals("2025-12-01T10:30:00.000Z", j.getString("expiresAt"));
    JsonObject sale = j.getJsonObject("sale");
    assertEquals(12_850L, sale.getLong("amount"));
    assertEquals("CNY", sale.getString("currency"));
    assertEquals("CARD", sale.getString("method"));
    assertEquals("433412345678", sale.getString("rrn"));
    assertEquals("A1B2C3", sale.getString("authCode"));
    assertEquals("622848******1234", sale.getString("pan"));
    assertEquals("T0001-000123", sale.getString("ref"));
    assertEquals("2025-12-01T09:58:00.000Z", sale.getString("at"));
    assertEquals("4200001234202612011234567890", sale.getString("backOfficeRef"));
  }

  @Test
  void unknownSaleFieldsAreLeftOut() {
    Command c = Command.reprint("cmd-01", new ReprintRequest("k", null, "m001", "t0001", "s1", null), 0, 1);
    JsonObject j = new JsonObject(new String(CommandJson.encode(c), StandardCharsets.UTF_8));
    assertEquals(new JsonObject(), j.getJsonObject("sale"));
    assertTrue(!j.containsKey("taskId"));
  }

  @Test
  void aCommandNeverCarriesAClearCardNumber() {
    assertThrows(IllegalArgumentException.class,
        () -> new SaleDetails(1L, "CNY", "CARD", "4111111111111111", null, null, null, null, null));
    assertThrows(IllegalArgumentException.class,
        () -> new SaleDetails(1L, "CNY", "CARD", null, null, "4111111111111111", null, null, null));
    // An acquirer's reference whose 18-digit run passes the Luhn check by chance is a reference, not a card.
    new SaleDetails(1L, "CNY", "CARD", null, null, null, "202612020000004523", null, "ACQ202612020000004523");
  }

  @Test
  void idsAreUniqueAndSortByCreationTime() {
    Set<String> seen = new HashSet<>();
    String previous = "";
    for (int i = 0; i < 1_000; i++) {
      String id = CommandIds.next(CommandSamples.T0 + i);
      assertTrue(seen.add(id));
      assertTrue(id.compareTo(previous) > 0, id + " sorts after " + previous);
      assertTrue(io.tillwatch.telemetry.Ids.isValid(id), "a valid id on the wire: " + id);
      previous = id;
    }
  }
}
