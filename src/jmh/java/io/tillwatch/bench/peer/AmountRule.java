package io.tillwatch.bench.peer;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.tillwatch.telemetry.EventType;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The contract's cross-field rule: amount on STARTED and AUTHORIZED, currency whenever amount is given. */
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = AmountRule.Validator.class)
public @interface AmountRule {
  String message() default "amount is required on STARTED and AUTHORIZED, currency whenever amount is given";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<AmountRule, TxnMessage> {
    @Override
    public boolean isValid(TxnMessage m, ConstraintValidatorContext context) {
      boolean amountRequired = m.event() == EventType.STARTED || m.event() == EventType.AUTHORIZED;
      return !(amountRequired && m.amount() == null) && !(m.amount() != null && m.currency() == null);
    }
  }
}
