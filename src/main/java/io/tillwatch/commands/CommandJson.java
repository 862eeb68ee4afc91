package io.tillwatch.commands;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The command as the terminal reads it on {@code pos/v1/{merchant}/{terminal}/cmd}:
 * {@code {"id","type","txn","issuedAt","expiresAt","taskId","sale":{...}}}. Times are RFC 3339 UTC
 * with milliseconds; sale fields that are unknown are left out.
 */
public final class CommandJson {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private CommandJson() {}

  public static byte[] encode(Command c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", c.id());
      g.writeStringField("type", c.type().name());
      g.writeStringField("txn", c.txn());
      g.writeStringField("issuedAt", time(c.issuedAtMs()));
      g.writeStringField("expiresAt", time(c.expiresAtMs()));
      if (c.taskId() != null) {
        g.writeStringField("taskId", c.taskId());
      }
      SaleDetails s = c.sale();
      g.writeObjectFieldStart("sale");
      if (s.amount() != null) {
        g.writeNumberField("amount", s.amount());
      }
      text(g, "currency", s.currency());
      text(g, "method", s.method());
      text(g, "rrn", s.rrn());
      text(g, "authCode", s.authCode());
      text(g, "pan", s.pan());
      text(g, "ref", s.ref());
      if (s.atMs() != null) {
        g.writeStringField("at", time(s.atMs()));
      }
      text(g, "backOfficeRef", s.backOfficeRef());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory: cannot happen
    }
    return out.toByteArray();
  }

  public static String time(long epochMs) {
    return RFC3339.format(Instant.ofEpochMilli(epochMs));
  }

  private static void text(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
