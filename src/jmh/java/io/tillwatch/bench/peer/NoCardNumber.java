package io.tillwatch.bench.peer;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The text holds no card number (a Luhn-valid run of 13..19 digits); null is valid. */
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = NoCardNumber.Validator.class)
public @interface NoCardNumber {
  /** The id rule: only runs that also start like a card number count (ids, order numbers). */
  boolean idRule() default false;

  String message() default "holds what looks like a full card number";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<NoCardNumber, CharSequence> {
    private boolean idRule;

    @Override
    public void initialize(NoCardNumber a) {
      idRule = a.idRule();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
      return value == null || !CardNumbers.contains(value, idRule);
    }
  }
}
