package io.tillwatch.bench.peer;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Iterator;
import java.util.Map;

/**
 * An unknown field's value, at any depth, holds no card data: no forbidden field name, no field
 * name or text or number with a card number in it. Numbers are scanned as written (integers) or as
 * their exact {@code BigDecimal} (the peer reads floats that way).
 */
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = NoCardData.Validator.class)
public @interface NoCardData {
  String message() default "holds card data";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<NoCardData, JsonNode> {
    @Override
    public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
      return value == null || !holdsCardData(value);
    }

    private static boolean holdsCardData(JsonNode n) {
      if (n.isTextual() || n.isNumber()) {
        return CardNumbers.contains(n.asText(), false);
      }
      if (n.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (CardNumbers.isForbiddenName(e.getKey()) || CardNumbers.contains(e.getKey(), false) || holdsCardData(e.getValue())) {
            return true;
          }
        }
      } else if (n.isArray()) {
        for (JsonNode element : n) {
          if (holdsCardData(element)) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
