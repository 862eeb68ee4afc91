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

/** A field name (a map key) that is neither a forbidden card field ({@code cvv}, ...) nor a card number. */
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = NoCardField.Validator.class)
public @interface NoCardField {
  String message() default "names a card-data field or holds a card number";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Validator implements ConstraintValidator<NoCardField, String> {
    @Override
    public boolean isValid(String name, ConstraintValidatorContext context) {
      return name == null || !(CardNumbers.isForbiddenName(name) || CardNumbers.contains(name, false));
    }
  }
}
