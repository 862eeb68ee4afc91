package io.tillwatch.bench.peer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TxnEvent;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.util.Set;

/**
 * The validating peer of TillWatch's decoder: Jackson databind into {@link TxnMessage}, Hibernate
 * Validator's {@code validate}, then the same {@link TxnEvent} the decoder returns, so the same
 * engine can take it. Configured the way a careful team would configure these libraries for an
 * untrusted input, and no further:
 *
 * <ul>
 *   <li>the parser gets TillWatch's limits (nesting depth 8, number length 32, string length) and
 *       the payload its size limit, so a hostile payload costs both sides the same bounded work;
 *   <li>no coercion between JSON types, no float for an integer, no number for an enum, trailing
 *       content refused: TillWatch refuses all of these;
 *   <li>floats in unknown fields are read as exact {@code BigDecimal}s, so the card-number scan sees
 *       their digits rather than a rounded double.
 * </ul>
 *
 * <p>One {@link ObjectReader} and one {@link Validator} are built once and shared, as the libraries
 * intend; nothing is cached per message.
 */
public final class ValidatingPeer {
  /** Why the peer refused a payload; {@code cardData} when a card-data constraint was violated. */
  public static final class Refused extends Exception {
    public final boolean cardData;

    Refused(boolean cardData, String why) {
      super(why, null, false, false);
      this.cardData = cardData;
    }
  }

  private final int maxPayloadBytes;
  private final ObjectReader reader;
  private final ValidatorFactory factory;
  private final Validator validator;

  /** {@code fastTimeParse}: parse {@code at} with TillWatch's RFC 3339 fast path (see {@link EpochMillis}). */
  public ValidatingPeer(int maxPayloadBytes, boolean fastTimeParse) {
    this.maxPayloadBytes = maxPayloadBytes;
    JsonFactory json = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(8)
            .maxStringLength(Math.max(1024, maxPayloadBytes))
            .maxNumberLength(32)
            .build())
        .build();
    JsonMapper mapper = JsonMapper.builder(json)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // they go to TxnMessage.unknown
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .withCoercionConfig(LogicalType.Textual, c -> c
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Enum, c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
        .build();
    ObjectReader r = mapper.readerFor(TxnMessage.class);
    this.reader = fastTimeParse ? r.withAttribute(EpochMillis.FAST_PATH, Boolean.TRUE) : r;
    this.factory = Validation.buildDefaultValidatorFactory();
    this.validator = factory.getValidator();
  }

  /** Bind, validate and convert one transaction event published on {@code topic}. */
  public TxnEvent decode(Topic topic, byte[] payload) throws Refused {
    if (payload.length > maxPayloadBytes) {
      throw new Refused(false, "too large");
    }
    TxnMessage m;
    try {
      m = bind(payload);
    } catch (IOException e) {
      throw new Refused(false, "not bindable"); // Jackson's message may quote the value: not kept
    }
    if (m == null) {
      throw new Refused(false, "not an object");
    }
    Set<ConstraintViolation<TxnMessage>> violations = validator.validate(m);
    if (!violations.isEmpty()) {
      boolean cardData = false;
      for (ConstraintViolation<TxnMessage> v : violations) {
        cardData |= v.getConstraintDescriptor().getPayload().contains(CardDataViolation.class);
      }
      throw new Refused(cardData, violations.size() + " constraint violation(s)");
    }
    return new TxnEvent(topic.merchant(), topic.terminal(), m.txn(), m.seq(), m.event(), m.at(),
        m.amount() == null ? TxnEvent.NO_AMOUNT : m.amount(), m.currency(), method(m.method()), m.rrn(),
        m.authCode(), m.pan(), m.ref());
  }

  /** Jackson databind alone: types checked, no constraint. */
  public TxnMessage bind(byte[] payload) throws IOException {
    return reader.readValue(payload);
  }

  /** The contract's reading of {@code method}: a value it does not know (yet) is OTHER. */
  private static PaymentMethod method(String s) {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case "CARD" -> PaymentMethod.CARD;
      case "CONTACTLESS" -> PaymentMethod.CONTACTLESS;
      case "QR" -> PaymentMethod.QR;
      case "WALLET" -> PaymentMethod.WALLET;
      default -> PaymentMethod.OTHER;
    };
  }

  public void close() {
    factory.close();
  }
}
