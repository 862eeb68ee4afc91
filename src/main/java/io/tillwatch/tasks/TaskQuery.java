package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import java.util.EnumSet;
import java.util.Set;

/**
 * Filters, order and paging of the task list. An empty set or a null text matches everything; the
 * filters combine with AND, the values of one set with OR. {@code cursor} is the opaque value of a
 * previous page's {@link TaskPage#nextCursor()} for the same order.
 *
 * @param states      e.g. OPEN and ACKNOWLEDGED for the inbox
 * @param txn         the task's sale or, for a double charge, the earlier sale it relates to
 * @param resolvedBy  part of the resolver's name, case-insensitive ("alice" finds "alice (on behalf of cashier-7)")
 * @param fromMs      detected at or after (epoch ms); {@link Long#MIN_VALUE} for no bound
 * @param toMs        detected before (epoch ms); {@link Long#MAX_VALUE} for no bound
 */
public record TaskQuery(
    Set<TaskState> states,
    Set<FindingKind> kinds,
    Set<Severity> severities,
    Set<Resolution> resolutions,
    String merchant,
    String terminal,
    String store,
    String txn,
    String rrn,
    String resolvedBy,
    long fromMs,
    long toMs,
    Order order,
    int limit,
    String cursor) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** The list's order; each has its own keyset cursor. */
  public enum Order {
    /** Newest detection first: the history and the default. */
    NEWEST,
    /** Most urgent first: critical before warning before info, then the oldest first (it has waited longest). */
    URGENT
  }

  public TaskQuery {
    states = copy(states, TaskState.class);
    kinds = copy(kinds, FindingKind.class);
    severities = copy(severities, Severity.class);
    resolutions = copy(resolutions, Resolution.class);
    order = order == null ? Order.NEWEST : order;
  }

  /** Every task, newest first, one default page. */
  public static Builder all() {
    return new Builder();
  }

  private static <E extends Enum<E>> Set<E> copy(Set<E> s, Class<E> type) {
    return s == null || s.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(s));
  }

  /** Builds a query; unset filters match everything. */
  public static final class Builder {
    private Set<TaskState> states = Set.of();
    private Set<FindingKind> kinds = Set.of();
    private Set<Severity> severities = Set.of();
    private Set<Resolution> resolutions = Set.of();
    private String merchant;
    private String terminal;
    private String store;
    private String txn;
    private String rrn;
    private String resolvedBy;
    private long fromMs = Long.MIN_VALUE;
    private long toMs = Long.MAX_VALUE;
    private Order order = Order.NEWEST;
    private int limit = DEFAULT_LIMIT;
    private String cursor;

    public Builder states(Set<TaskState> v) {
      states = v;
      return this;
    }

    public Builder state(TaskState v) {
      return states(v == null ? Set.of() : Set.of(v));
    }

    public Builder kinds(Set<FindingKind> v) {
      kinds = v;
      return this;
    }

    public Builder kind(FindingKind v) {
      return kinds(v == null ? Set.of() : Set.of(v));
    }

    public Builder severities(Set<Severity> v) {
      severities = v;
      return this;
    }

    public Builder resolutions(Set<Resolution> v) {
      resolutions = v;
      return this;
    }

    public Builder merchant(String v) {
      merchant = v;
      return this;
    }

    public Builder terminal(String v) {
      terminal = v;
      return this;
    }

    public Builder store(String v) {
      store = v;
      return this;
    }

    public Builder txn(String v) {
      txn = v;
      return this;
    }

    public Builder rrn(String v) {
      rrn = v;
      return this;
    }

    public Builder resolvedBy(String v) {
      resolvedBy = v;
      return this;
    }

    public Builder detectedFrom(long v) {
      fromMs = v;
      return this;
    }

    public Builder detectedBefore(long v) {
      toMs = v;
      return this;
    }

    public Builder order(Order v) {
      order = v;
      return this;
    }

    public Builder limit(int v) {
      limit = v;
      return this;
    }

    public Builder cursor(String v) {
      cursor = v;
      return this;
    }

    public TaskQuery build() {
      return new TaskQuery(states, kinds, severities, resolutions, merchant, terminal, store, txn, rrn, resolvedBy,
          fromMs, toMs, order, limit, cursor);
    }
  }
}
