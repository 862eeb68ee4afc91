package io.tillwatch.engine;

import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.TxnEvent;
import java.util.IdentityHashMap;

/**
 * What the engine remembers of one sale: one object per sale, which is also the sale's deadline
 * node and its own entry in the terminal's {@link SaleTable}.
 *
 * <p>Design: the history is the mask of event types seen plus, for each {@link SaleClock}, the
 * FIRST receive time of its events. Times are kept as minima, so applying events in any order, or
 * twice, gives the same state: {@link #apply} is idempotent and commutative. Absent times read as
 * {@link #NONE} (receive times are epoch ms, never negative), absent texts as null.
 *
 * <p>Layout (compressed oops; ten million of these must fit 1.5 GiB): 104 bytes, no other object.
 * <pre>
 *  12  header
 *  16  DeadlineNode: prev, next (4 + 4), deadline (8)
 *   4  terminal
 *  16  id0, id1: the txn id inline ({@link TxnId}); a longer id costs a {@link LongId}
 *   8  firstReceivedMs: exact epoch ms, and the base of the other times
 *  20  last, started, authorized, printFailed, reversalQueued: int ms after firstReceivedMs
 *   8  firstSeq
 *   8  amount (minor units)
 *   4  bits: event mask (10), open findings (6), amount-was-authorized (1), currency code (15)
 *   8  rrn, pan (the event's Strings, null until seen)
 * </pre>
 * An int offset covers 24.8 days. Every time of a sale is at or after its first receive time, and
 * a sale lives at most terminalForget (7 days by default) after it, so offsets fit unless that
 * setting is raised beyond 24 days (or a replay spans that long). Then, exactly and rarely, the
 * sale goes "wide": its five offsets read {@link #WIDE} and the times live as longs in
 * {@link TerminalState#wideTimes}, until they fit again or the sale is {@link #release}d.
 */
class SaleState extends DeadlineNode {
  static final long NONE = -1;

  private static final int NONE_OFFSET = -1;
  private static final int WIDE = Integer.MIN_VALUE;

  private static final int MASK_BITS = 10;
  private static final int OPEN_SHIFT = MASK_BITS;
  private static final int OPEN_BITS = 6;
  private static final int AUTHORIZED_AMOUNT = 1 << (OPEN_SHIFT + OPEN_BITS);
  private static final int CURRENCY_SHIFT = OPEN_SHIFT + OPEN_BITS + 1;

  static {
    // the packing of bits relies on these; fail at class load, not with corrupt state
    if (EventType.values().length > MASK_BITS || CURRENCY_SHIFT + CurrencyCodes.BITS != 32) {
      throw new AssertionError("SaleState bit layout does not fit");
    }
    for (FindingKind k : FindingKind.values()) {
      if (k.perSale() && k.ordinal() >= OPEN_BITS) {
        throw new AssertionError("per-sale finding kind beyond the open bits: " + k);
      }
    }
  }

  final TerminalState terminal;
  /** The txn id, see {@link TxnId}: exact for an inline id, a hash for a {@link LongId}. */
  final long id0;
  final long id1;
  long firstReceivedMs = NONE;
  private int lastOffset = NONE_OFFSET;
  /** The {@link SaleClock}s, in their order; see {@link #clockMs}. */
  private int startedOffset = NONE_OFFSET;
  private int authorizedOffset = NONE_OFFSET;
  private int printFailedOffset = NONE_OFFSET;
  private int reversalQueuedOffset = NONE_OFFSET;
  /** Lowest seq of the sale's events: the terminal's own publication order, immune to arrival order. */
  long firstSeq = Long.MAX_VALUE;
  long amount = TxnEvent.NO_AMOUNT;
  private int bits;
  String rrn;
  String pan;

  private SaleState(TerminalState terminal, String txn) {
    this.terminal = terminal;
    this.id0 = TxnId.word(txn, 0);
    this.id1 = TxnId.word(txn, TxnId.CHARS_PER_WORD);
  }

  /** A sale of id {@code txn}: inline when the id fits two words (the contract's ids do), else a {@link LongId}. */
  static SaleState create(TerminalState terminal, String txn) {
    return TxnId.inline(txn) ? new SaleState(terminal, txn) : new LongId(terminal, txn);
  }

  /** The txn id; allocates for an inline id (findings and views only). */
  String txn() {
    return TxnId.decode(id0, id1);
  }

  /** {@link TxnId#fingerprint} of the id, without decoding it. */
  long fingerprint() {
    return TxnId.fingerprint(id0, id1);
  }

  /** Whether this sale's id is {@code txn}, given its words already match; {@code inline} is {@link TxnId#inline}. */
  boolean hasId(String txn, boolean inline) {
    return inline;
  }

  void apply(TxnEvent e, long receivedAtMs) {
    EventType type = e.type();
    int bit = type.bit();
    long first = min(firstReceivedMs, receivedAtMs);
    long last = Math.max(lastReceivedMs(), receivedAtMs);
    long started = advance(startedMs(), SaleClock.STARTED, bit, receivedAtMs);
    long authorized = advance(authorizedMs(), SaleClock.AUTHORIZED, bit, receivedAtMs);
    long printFailed = advance(printFailedMs(), SaleClock.PRINT_FAILED, bit, receivedAtMs);
    long reversalQueued = advance(reversalQueuedMs(), SaleClock.REVERSAL_QUEUED, bit, receivedAtMs);
    setTimes(first, last, started, authorized, printFailed, reversalQueued);
    bits |= bit;
    firstSeq = Math.min(firstSeq, e.seq());
    if (e.hasAmount()) {
      boolean fromAuthorization = type == EventType.AUTHORIZED;
      if (amount == TxnEvent.NO_AMOUNT || (fromAuthorization && !amountAuthorized())) {
        amount = e.amount();
        int currency = CurrencyCodes.code(e.currency());
        bits = (bits & ~(AUTHORIZED_AMOUNT | (CurrencyCodes.MAX_CODE << CURRENCY_SHIFT)))
            | (fromAuthorization ? AUTHORIZED_AMOUNT : 0) | (currency << CURRENCY_SHIFT);
      }
    }
    if (rrn == null) {
      rrn = e.rrn();
    }
    if (pan == null) {
      pan = e.pan();
    }
  }

  // ---- times ---------------------------------------------------------------------------------

  long lastReceivedMs() {
    return time(lastOffset, 0);
  }

  /** The first receive time of any of the clock's events, or {@link #NONE}. */
  long clockMs(SaleClock clock) {
    return switch (clock) {
      case STARTED -> startedMs();
      case AUTHORIZED -> authorizedMs();
      case PRINT_FAILED -> printFailedMs();
      case REVERSAL_QUEUED -> reversalQueuedMs();
    };
  }

  long startedMs() {
    return time(startedOffset, 1);
  }

  long authorizedMs() {
    return time(authorizedOffset, 2);
  }

  long printFailedMs() {
    return time(printFailedOffset, 3);
  }

  long reversalQueuedMs() {
    return time(reversalQueuedOffset, 4);
  }

  /** A clock's time {@code t} after an event of type {@code eventBit} received at {@code receivedAtMs}: the minimum. */
  private static long advance(long t, SaleClock clock, int eventBit, long receivedAtMs) {
    return clock.startedBy(eventBit) ? min(t, receivedAtMs) : t;
  }

  /** Lets go of what the sale holds outside itself; call when it is evicted. */
  void release() {
    if (lastOffset == WIDE) {
      terminal.wideTimes.remove(this);
    }
    if (terminal.heardLate != null) {
      terminal.heardLate.remove(this);
    }
  }

  private long time(int offset, int wideIndex) {
    if (offset >= 0) {
      return firstReceivedMs + offset;
    }
    return offset == NONE_OFFSET ? NONE : terminal.wideTimes.get(this)[wideIndex];
  }

  private void setTimes(long first, long last, long started, long authorized, long printFailed, long reversalQueued) {
    boolean wasWide = lastOffset == WIDE;
    firstReceivedMs = first;
    if (fits(last) && fits(started) && fits(authorized) && fits(printFailed) && fits(reversalQueued)) {
      lastOffset = offset(last);
      startedOffset = offset(started);
      authorizedOffset = offset(authorized);
      printFailedOffset = offset(printFailed);
      reversalQueuedOffset = offset(reversalQueued);
      if (wasWide) {
        terminal.wideTimes.remove(this);
      }
    } else {
      lastOffset = startedOffset = authorizedOffset = printFailedOffset = reversalQueuedOffset = WIDE;
      if (terminal.wideTimes == null) {
        terminal.wideTimes = new IdentityHashMap<>();
      }
      terminal.wideTimes.put(this, new long[] {last, started, authorized, printFailed, reversalQueued});
    }
  }

  private boolean fits(long time) {
    return time == NONE || (time >= firstReceivedMs && time - firstReceivedMs <= Integer.MAX_VALUE);
  }

  private int offset(long time) {
    return time == NONE ? NONE_OFFSET : (int) (time - firstReceivedMs);
  }

  // ---- events, findings, amount --------------------------------------------------------------

  /** Event types seen, as {@link EventType#bit()}s. */
  int mask() {
    return bits & ((1 << MASK_BITS) - 1);
  }

  /** Open findings, as bits {@code 1 << FindingKind.ordinal()} (per-sale kinds only). */
  int open() {
    return (bits >>> OPEN_SHIFT) & ((1 << OPEN_BITS) - 1);
  }

  void setOpen(FindingKind kind) {
    bits |= bit(kind) << OPEN_SHIFT;
  }

  void clearOpen(FindingKind kind) {
    bits &= ~(bit(kind) << OPEN_SHIFT);
  }

  /** The authorized amount wins over the started one (it is what was charged). */
  private boolean amountAuthorized() {
    return (bits & AUTHORIZED_AMOUNT) != 0;
  }

  int currencyCode() {
    return bits >>> CURRENCY_SHIFT;
  }

  String currency() {
    return CurrencyCodes.name(currencyCode());
  }

  boolean isOpen(FindingKind kind) {
    return (open() & bit(kind)) != 0;
  }

  static int bit(FindingKind kind) {
    return 1 << kind.ordinal();
  }

  /** Holds an open finding that puts its charge in doubt ({@link SaleRule#doubt}): a candidate "earlier sale". */
  boolean doubtful() {
    return (open() & SaleRule.DOUBTFUL_OPEN_BITS) != 0;
  }

  /** Its amount counts as at risk while any per-sale finding is open. */
  boolean atRisk() {
    return open() != 0 && amount >= 0 && currencyCode() != 0;
  }

  SaleStage stage() {
    return SaleMask.stage(mask());
  }

  boolean closed() {
    return SaleMask.closed(mask());
  }

  private static long min(long current, long value) {
    return current == NONE ? value : Math.min(current, value);
  }

  /** A sale whose id does not fit inline keeps it as a String (the words are then only its hash). */
  static final class LongId extends SaleState {
    private final String txn;

    LongId(TerminalState terminal, String txn) {
      super(terminal, txn);
      this.txn = txn;
    }

    @Override
    String txn() {
      return txn;
    }

    @Override
    boolean hasId(String txn, boolean inline) {
      return this.txn.equals(txn);
    }

    @Override
    long fingerprint() {
      return TxnId.fingerprint(txn);
    }
  }
}
