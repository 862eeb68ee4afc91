package io.tillwatch.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tillwatch.engine.FindingKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One finding the simulator expects TillWatch to raise, because it injected the fault behind it.
 * One JSON line in the ground-truth file:
 * {@code {"kind":"UNCONFIRMED_SALE","merchant":"m001","terminal":"t00001","txn":"...","relatedTxn":null,
 * "injectedAtMs":...,"detail":"..."}}. Money findings add what really happened and the right end state
 * of their task: {@code "charged":true,"relatedCharged":null,"reversed":null,"printerOk":true,
 * "backOfficeAnswers":true,"rightEnd":["RESOLVED:REPRINTED"]}; lines without them (older files) read
 * with {@code money} null.
 *
 * @param txn        the finding's subject: the txn id for per-sale kinds; for TELEMETRY_GAP the
 *                   missing range as {@code seq:<first>-<last>}; null for TERMINAL_SILENT and
 *                   UPLOAD_BACKLOG (their subject depends on the daemon's clock)
 * @param relatedTxn for DOUBLE_CHARGE_RISK the earlier, doubtful sale; else null
 * @param money      for money findings, what really happened at the acquirer; else (and in old files) null
 */
public record GroundTruthRecord(
    FindingKind kind, String merchant, String terminal, String txn, String relatedTxn, long injectedAtMs, String detail,
    MoneyTruth money) {

  private static final JsonFactory JSON = new JsonFactory();

  /** A finding with no money truth. */
  public GroundTruthRecord(FindingKind kind, String merchant, String terminal, String txn, String relatedTxn, long injectedAtMs,
      String detail) {
    this(kind, merchant, terminal, txn, relatedTxn, injectedAtMs, detail, null);
  }

  public GroundTruthRecord withMoney(MoneyTruth m) {
    return new GroundTruthRecord(kind, merchant, terminal, txn, relatedTxn, injectedAtMs, detail, m);
  }

  /** The right end states of the finding's task (any one is right); empty when there is no money truth. */
  public List<String> rightEnds() {
    return money == null ? List.of() : money.rightEnds(kind);
  }

  public String toJsonLine() {
    StringWriter w = new StringWriter(192);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("kind", kind.name());
      g.writeStringField("merchant", merchant);
      g.writeStringField("terminal", terminal);
      g.writeStringField("txn", txn);
      g.writeStringField("relatedTxn", relatedTxn);
      g.writeNumberField("injectedAtMs", injectedAtMs);
      g.writeStringField("detail", detail);
      if (money != null) {
        writeBoolean(g, "charged", money.charged());
        writeBoolean(g, "relatedCharged", money.relatedCharged());
        writeBoolean(g, "reversed", money.reversed());
        writeBoolean(g, "printerOk", money.printerOk());
        writeBoolean(g, "backOfficeAnswers", money.backOfficeAnswers());
        g.writeArrayFieldStart("rightEnd");
        for (String end : money.rightEnds(kind)) {
          g.writeString(end);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** Parses one line written by {@link #toJsonLine()}; unknown fields are ignored. */
  public static GroundTruthRecord fromJsonLine(String line) {
    FindingKind kind = null;
    String merchant = null;
    String terminal = null;
    String txn = null;
    String related = null;
    long at = 0;
    String detail = null;
    Boolean[] money = new Boolean[5];
    boolean hasMoney = false;
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("ground-truth line is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        String text = v == JsonToken.VALUE_NULL ? null : p.getText();
        switch (name) {
          case "kind" -> kind = FindingKind.valueOf(text);
          case "merchant" -> merchant = text;
          case "terminal" -> terminal = text;
          case "txn" -> txn = text;
          case "relatedTxn" -> related = text;
          case "injectedAtMs" -> at = p.getLongValue();
          case "detail" -> detail = text;
          case "charged", "relatedCharged", "reversed", "printerOk", "backOfficeAnswers" -> {
            money[MONEY_FIELDS.indexOf(name)] = v == JsonToken.VALUE_NULL ? null : p.getBooleanValue();
            hasMoney = true;
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("ground-truth line is not valid JSON: " + e.getMessage(), e);
    }
    if (kind == null || merchant == null || terminal == null) {
      throw new IllegalArgumentException("ground-truth line lacks kind, merchant or terminal");
    }
    MoneyTruth m = hasMoney ? new MoneyTruth(money[0], money[1], money[2], money[3], money[4]) : null;
    return new GroundTruthRecord(kind, merchant, terminal, txn, related, at, detail, m);
  }

  private static final List<String> MONEY_FIELDS = List.of("charged", "relatedCharged", "reversed", "printerOk",
      "backOfficeAnswers");

  private static void writeBoolean(JsonGenerator g, String name, Boolean v) throws IOException {
    if (v == null) {
      g.writeNullField(name);
    } else {
      g.writeBooleanField(name, v);
    }
  }
}
