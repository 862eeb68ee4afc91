package io.tillwatch.bench.peer;

import jakarta.validation.Payload;

/**
 * Bean Validation's way to tag a constraint: violations of constraints carrying this payload are
 * card data (TillWatch's {@code card_data} refusal, which pages someone), not format errors.
 */
public interface CardDataViolation extends Payload {}
