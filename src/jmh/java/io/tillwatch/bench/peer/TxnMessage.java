package io.tillwatch.bench.peer;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tillwatch.telemetry.EventType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transaction event as a Jackson + Bean Validation user would declare it, with the contract's
 * rules (docs/telemetry.md, "Transaction event") as annotations. Jackson checks types: the mapper
 * coerces nothing (a number is not a string, a string is not a number, a float is not an integer),
 * {@code nulls = FAIL} refuses an explicit null where TillWatch does, and the {@code event} enum
 * admits only its names. Everything else is a constraint.
 *
 * <p>A class with fields, not a record: Jackson binds a record through its constructor, where an
 * absent property and an explicit null are the same null, and the contract tells them apart
 * ({@code "amount":null} is refused, a missing amount is fine on PRINTED). Unknown fields are
 * kept, not dropped: {@code unknown} collects them (names, and values as trees) so the card-data
 * constraints can walk them as TillWatch's decoder walks them.
 */
@AmountRule
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public final class TxnMessage {
  private static final String CARD_PAN_MASK = "\\d{0,8}[*xX#]+\\d{0,4}";

  @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") @NoCardNumber(idRule = true, payload = CardDataViolation.class)
  private String txn;

  @NotNull @PositiveOrZero
  private Long seq;

  @NotNull
  private EventType event;

  @JsonDeserialize(using = EpochMillis.class)
  @NotNull @Min(946_684_800_000L) @Max(4_102_444_800_000L) // years 2000..2100
  private Long at;

  @JsonSetter(nulls = Nulls.FAIL) @PositiveOrZero
  private Long amount;

  @JsonSetter(nulls = Nulls.FAIL) @Pattern(regexp = "[A-Z]{3}")
  private String currency;

  @Size(min = 1, max = 32) // a value not (yet) in the contract is read as OTHER, not refused
  private String method;

  @Size(min = 1, max = 128) @NoCardNumber(payload = CardDataViolation.class)
  private String rrn;

  @Size(min = 1, max = 128) @NoCardNumber(payload = CardDataViolation.class)
  private String authCode;

  @Size(min = 12, max = 19, payload = CardDataViolation.class) @Pattern(regexp = CARD_PAN_MASK, payload = CardDataViolation.class)
  private String pan;

  @Size(min = 1, max = 128) @NoCardNumber(idRule = true, payload = CardDataViolation.class)
  private String ref;

  // transient: not a property Jackson would bind by name, so a payload field "unknown" is unknown too
  private transient Map<@NoCardField(payload = CardDataViolation.class) String, @NoCardData(payload = CardDataViolation.class) JsonNode> unknown;

  @JsonAnySetter
  void unknown(String name, JsonNode value) {
    if (unknown == null) {
      unknown = new LinkedHashMap<>();
    }
    unknown.put(name, value);
  }

  public String txn() {
    return txn;
  }

  public Long seq() {
    return seq;
  }

  public EventType event() {
    return event;
  }

  public Long at() {
    return at;
  }

  public Long amount() {
    return amount;
  }

  public String currency() {
    return currency;
  }

  public String method() {
    return method;
  }

  public String rrn() {
    return rrn;
  }

  public String authCode() {
    return authCode;
  }

  public String pan() {
    return pan;
  }

  public String ref() {
    return ref;
  }
}
