package io.tillwatch.acquirer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.backoffice.BackOffice;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.LookupProblem;
import io.tillwatch.backoffice.SaleLookup;
import io.tillwatch.backoffice.Verdict;
import io.tillwatch.telemetry.PaymentMethod;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Sales to look up, a look-up that waits for its answer with a bound, and what an unreachable answer must say. */
public final class Sales {
  public static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private Sales() {}

  /** A QR sale paid by wallet, its order number {@code ref}, made {@code minutesAgo} before {@link #NOW}. */
  public static SaleLookup qr(String ref, int minutesAgo) {
    return new SaleLookup("m001", "T0001", "abc-000123", ref, null, null, 12850, "CNY", PaymentMethod.QR, null,
        NOW.minusSeconds(60L * minutesAgo).toEpochMilli());
  }

  public static SaleLookup card(String rrn, String ref) {
    return new SaleLookup("m 001", "T0001", "abc/000123", ref, rrn, "A1B2C3", 12850, "CNY", PaymentMethod.CARD,
        "622848******1234", NOW.minusSeconds(120).toEpochMilli());
  }

  public static void assertProblem(LookupProblem expected, BackOfficeAnswer answer) {
    assertEquals(Verdict.UNREACHABLE, answer.verdict(), answer::toString);
    assertEquals(expected, answer.problem(), answer::toString);
  }

  public static BackOfficeAnswer ask(BackOffice office, SaleLookup sale) throws Exception {
    return office.lookUp(sale).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
