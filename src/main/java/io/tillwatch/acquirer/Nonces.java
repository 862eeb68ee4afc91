package io.tillwatch.acquirer;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

/** The default source of request nonces: 32 random hex digits. Tests pass their own supplier. */
public final class Nonces {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Nonces() {}

  public static Supplier<String> random() {
    return () -> {
      byte[] bytes = new byte[16];
      RANDOM.nextBytes(bytes);
      return HexFormat.of().withUpperCase().formatHex(bytes);
    };
  }
}
