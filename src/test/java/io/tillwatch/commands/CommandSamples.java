package io.tillwatch.commands;

/** Commands and requests for the tests. */
public final class CommandSamples {
  public static final long T0 = 1_764_583_200_000L; // 2025-12-01T10:00:00Z

  private CommandSamples() {}

  public static SaleDetails sale() {
    return new SaleDetails(12_850L, "CNY", "CARD", "433412345678", "A1B2C3", "622848******1234", "T0001-000123", T0 - 120_000,
        "4200001234202612011234567890");
  }

  public static ReprintRequest reprint(String key, String terminal, String txn) {
    return new ReprintRequest(key, "t_" + key, "m001", terminal, txn, sale());
  }

  /** A PENDING command as the service would make it. */
  public static Command pending(String id, String key, long nowMs) {
    return Command.reprint(id, reprint(key, "t0001", "s1"), nowMs, nowMs + 1_800_000);
  }
}
