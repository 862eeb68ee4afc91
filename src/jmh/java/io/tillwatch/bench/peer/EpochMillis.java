package io.tillwatch.bench.peer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.tillwatch.telemetry.BenchTime;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code at}: epoch milliseconds as an integer, or an RFC 3339 time, as the contract allows; the
 * range check is a constraint on the record. The time is parsed as a Jackson user would
 * (jackson-datatype-jsr310 also uses the JDK's formatters), unless the reader carries the
 * attribute {@link #FAST_PATH}: then TillWatch's own fast path comes first, falling back to the
 * JDK exactly as TillWatch's decoder does. That variant shows how much of the comparison is the
 * time parse alone.
 */
final class EpochMillis extends StdDeserializer<Long> {
  static final String FAST_PATH = "tillwatch.bench.fastTimeParse";

  EpochMillis() {
    super(Long.class);
  }

  @Override
  public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      if (ctxt.getAttribute(FAST_PATH) != null) {
        long ms = BenchTime.parseMillis(s);
        if (ms != Long.MIN_VALUE) {
          return ms;
        }
      }
      try {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
      } catch (DateTimeException e) {
        // fall through: the message must not echo the value (it may be a card number)
      }
    }
    throw MismatchedInputException.from(p, Long.class, "at must be an RFC 3339 time or epoch milliseconds");
  }
}
