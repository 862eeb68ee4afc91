package io.tillwatch.engine;

import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.TxnEvent;

/**
 * What the engine remembers of one sale: compact, primitive, one object per sale (plus its txn
 * string), and the sale's own deadline node.
 *
 * <p>Design: the history is the mask of event types seen plus the FIRST receive time of the
 * events that start a rule's clock. Times are kept as minima, so applying events in any order, or
 * twice, gives the same state: {@link #apply} is idempotent and commutative. Fields are absent as
 * {@code -1} (receive times are epoch ms, never negative) or null.
 */
class SaleState extends DeadlineNode {
  static final long NONE = -1;

  final TerminalState terminal;
  /** The txn id, see {@link TxnId}: exact for an inline id, a hash for a {@link LongId}. */
  final long id0;
  final long id1;
  /** Event types seen, as {@link EventType#bit()}s. */
  int mask;
  /** Open findings, as bits {@code 1 << FindingKind.ordinal()}. */
  int open;
  long firstReceivedMs = NONE;
  long lastReceivedMs = NONE;
  long startedMs = NONE;
  /** First receive time of AUTHORIZED, PRINT_FAILED or COMPLETED. */
  long authorizedMs = NONE;
  long printFailedMs = NONE;
  long reversalQueuedMs = NONE;
  /** Lowest seq of the sale's events: the terminal's own publication order, immune to arrival order. */
  long firstSeq = Long.MAX_VALUE;
  long amount = TxnEvent.NO_AMOUNT;
  /** The authorized amount wins over the started one (it is what was charged). */
  boolean amountAuthorized;
  String currency;
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

  /** Whether this sale's id is {@code txn}, given its words already match; {@code inline} is {@link TxnId#inline}. */
  boolean hasId(String txn, boolean inline) {
    return inline;
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
  }

  void apply(TxnEvent e, long receivedAtMs) {
    EventType type = e.type();
    mask |= type.bit();
    firstReceivedMs = min(firstReceivedMs, receivedAtMs);
    lastReceivedMs = Math.max(lastReceivedMs, receivedAtMs);
    firstSeq = Math.min(firstSeq, e.seq());
    switch (type) {
      case STARTED -> startedMs = min(startedMs, receivedAtMs);
      case AUTHORIZED, COMPLETED -> authorizedMs = min(authorizedMs, receivedAtMs);
      case PRINT_FAILED -> {
        authorizedMs = min(authorizedMs, receivedAtMs);
        printFailedMs = min(printFailedMs, receivedAtMs);
      }
      case REVERSAL_QUEUED -> reversalQueuedMs = min(reversalQueuedMs, receivedAtMs);
      default -> { }
    }
    if (e.hasAmount()) {
      boolean fromAuthorization = type == EventType.AUTHORIZED;
      if (amount == TxnEvent.NO_AMOUNT || (fromAuthorization && !amountAuthorized)) {
        amount = e.amount();
        currency = e.currency();
        amountAuthorized = fromAuthorization;
      }
    }
    if (rrn == null) {
      rrn = e.rrn();
    }
    if (pan == null) {
      pan = e.pan();
    }
  }

  boolean isOpen(FindingKind kind) {
    return (open & bit(kind)) != 0;
  }

  static int bit(FindingKind kind) {
    return 1 << kind.ordinal();
  }

  /** Holds an open UNCONFIRMED_SALE or UNPRINTED_RECEIPT: a candidate "earlier sale" of a double charge. */
  boolean doubtful() {
    return (open & (bit(FindingKind.UNCONFIRMED_SALE) | bit(FindingKind.UNPRINTED_RECEIPT))) != 0;
  }

  /** Its amount counts as at risk while any per-sale finding is open. */
  boolean atRisk() {
    return open != 0 && amount >= 0 && currency != null;
  }

  SaleStage stage() {
    return SaleMask.stage(mask);
  }

  boolean closed() {
    return SaleMask.closed(mask);
  }

  private static long min(long current, long value) {
    return current == NONE ? value : Math.min(current, value);
  }
}
