package io.tillwatch.engine;

import java.util.Comparator;
import java.util.Set;

/**
 * Which terminals a list shows; null texts and an empty set match everything.
 *
 * @param afterMerchant with {@code afterTerminal}: the terminal the previous page ended with,
 *                      exclusive; both null from the start
 */
public record TerminalFilter(String merchant, String store, Set<Liveness> liveness, String afterMerchant,
    String afterTerminal) {

  public TerminalFilter {
    liveness = liveness == null ? Set.of() : Set.copyOf(liveness);
  }

  /** The list's order: by merchant, then terminal. */
  public static final Comparator<TerminalSummary> ORDER =
      Comparator.comparing(TerminalSummary::merchant).thenComparing(TerminalSummary::terminal);

  /** Whether the terminal passes the filters (the cursor aside: a match counts in the total on every page). */
  public boolean matches(TerminalSummary t) {
    return (merchant == null || merchant.equals(t.merchant()))
        && (store == null || store.equals(t.store()))
        && (liveness.isEmpty() || liveness.contains(t.liveness()));
  }

  /** Whether the terminal comes after the previous page. */
  public boolean afterCursor(TerminalSummary t) {
    if (afterMerchant == null) {
      return true;
    }
    int c = t.merchant().compareTo(afterMerchant);
    return c > 0 || (c == 0 && t.terminal().compareTo(afterTerminal) > 0);
  }
}
