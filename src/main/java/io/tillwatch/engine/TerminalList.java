package io.tillwatch.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A page of the terminal list.
 *
 * @param items the first terminals after the filter's cursor, in the list's order
 * @param total how many terminals match the filter, on every page
 */
public record TerminalList(List<TerminalSummary> items, long total) {

  /** Several engines' pages as one: merged in order, cut to {@code limit}, totals summed. */
  public static TerminalList merge(List<TerminalList> parts, int limit) {
    List<TerminalSummary> all = new ArrayList<>();
    long total = 0;
    for (TerminalList p : parts) {
      all.addAll(p.items());
      total += p.total();
    }
    all.sort(TerminalFilter.ORDER);
    return new TerminalList(List.copyOf(all.size() > limit ? all.subList(0, limit) : all), total);
  }
}
