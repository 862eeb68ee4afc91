package io.tillwatch.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A page of the terminal list.
 *
 * @param items the first terminals after the filter's cursor, in the list's order
 * @param total how many terminals match the filter, on every page
 */
public record TerminalList(List<TerminalSummary> items, long total) {

  /** {@link #merge} once every engine has answered: the terminal list of several shards or partitions. */
  public static CompletableFuture<TerminalList> gather(List<CompletableFuture<TerminalList>> parts, int limit) {
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(v -> merge(parts.stream().map(CompletableFuture::join).toList(), limit));
  }

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
