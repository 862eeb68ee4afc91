package io.tillwatch.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tillwatch.engine.FindingKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * One finding the simulator expects TillWatch to raise, because it injected the fault behind it.
 * One JSON line in the ground-truth file:
 * {@code {"kind":"UNCONFIRMED_SALE","merchant":"m001","terminal":"t00001","txn":"...","relatedTxn":null,
 * "injectedAtMs":...,"detail":"..."}}.
 *
 * @param txn        the finding's subject: the txn id for per-sale kinds; for TELEMETRY_GAP the
 *                   missing range as {@code seq:<first>-<last>}; null for TERMINAL_SILENT and
 *                   UPLOAD_BACKLOG (their subject depends on the daemon's clock)
 * @param relatedTxn for DOUBLE_CHARGE_RISK the earlier, doubtful sale; else null
 */
public record GroundTruthRecord(
    FindingKind kind, String merchant, String terminal, String txn, String relatedTxn, long injectedAtMs, String detail) {

  private static final JsonFactory JSON = new JsonFactory();

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
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("ground-truth line is not valid JSON: " + e.getMessage(), e);
    }
    if (kind == null || merchant == null || terminal == null) {
      throw new IllegalArgumentException("ground-truth line lacks kind, merchant or terminal");
    }
    return new GroundTruthRecord(kind, merchant, terminal, txn, related, at, detail);
  }
}
