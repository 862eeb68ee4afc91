package io.tillwatch.reconcile;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Task;
import io.tillwatch.telemetry.PaymentMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a bill against the journal's sales and the open tasks. Pure: no I/O, no clock.
 *
 * <p>Design. Bill lines are first grouped by (merchant, merchant order number), so a payment and its
 * refund in the same bill are judged together (charged minus refunded). Each group is matched to
 * at most one sale, and each sale to at most one group, by the strongest key available: (merchant,
 * ref); else (merchant, terminal, rrn) when the bill carries an rrn; else the same terminal (or
 * merchant, when the bill names no terminal) and amount within {@code windowMs} of the bill's time,
 * the closest first, never a sale whose own ref says it is another order. Then:
 * <ul>
 *   <li>amounts differ: AMOUNT_MISMATCH, nothing else is concluded;</li>
 *   <li>an open UNCONFIRMED_SALE or UNPRINTED_RECEIPT: SETTLED_TASK (the bill answers its question:
 *       the sale was charged). An open STUCK_REVERSAL is settled
 *       only when the bill shows the money went back; charged and not refunded, it stays open
 *       (the customer must be refunded by hand) and the line is MATCHED with a note saying so;</li>
 *   <li>sale complete (COMPLETED or PRINTED): MATCHED;</li>
 *   <li>otherwise, charged and not refunded: CHARGE_NOT_SEEN (a task), or PAST_RETENTION when the
 *       bill's time is older than the journal keeps cleanly closed sales, so absence proves nothing;</li>
 *   <li>a complete sale of the bill's day, merchant and payment means that matched nothing: NOT_IN_BILL.</li>
 * </ul>
 */
final class SaleMatcher {
  private static final Set<FindingKind> SETTLED_BY_A_CHARGE = Set.of(FindingKind.UNCONFIRMED_SALE,
      FindingKind.UNPRINTED_RECEIPT);

  /**
   * @param dayStartMs         the bill's day, in its zone
   * @param windowMs           largest time difference for a match by terminal and amount
   * @param retentionHorizonMs sales closed before this may have been pruned from the journal
   * @param walletsOnly        the bill covers wallet (QR) payments only, so card sales are not expected in it
   */
  record Settings(long dayStartMs, long dayEndMs, long windowMs, long retentionHorizonMs, boolean walletsOnly) {}

  /** A bill entry: the lines of one merchant order. */
  private record Group(List<BillLine> lines, long charged, long refunded) {
    BillLine first() {
      return lines.get(0);
    }

    List<Integer> lineNos() {
      return lines.stream().map(BillLine::lineNo).toList();
    }
  }

  private final Settings settings;

  SaleMatcher(Settings settings) {
    this.settings = settings;
  }

  /**
   * @param merchant the merchant the whole bill is for, or null: then the merchants its lines name
   *                 are the ones whose sales are expected in it
   */
  List<ReportLine> match(List<BillLine> bill, String merchant, List<JournalSale> sales, List<Task> openTasks) {
    Index index = new Index(sales);
    Map<String, List<Task>> tasksBySale = new HashMap<>();
    for (Task t : openTasks) {
      tasksBySale.computeIfAbsent(saleKey(t.key().merchant(), t.key().terminal(), t.sale().txn()), k -> new ArrayList<>())
          .add(t);
    }
    List<ReportLine> out = new ArrayList<>();
    Set<String> merchants = new HashSet<>();
    if (merchant != null) {
      merchants.add(merchant);
    }
    for (Group g : groups(bill)) {
      merchants.add(g.first().merchant());
      JournalSale sale = index.take(g);
      out.add(judge(g, sale, sale == null ? List.of() : tasksBySale.getOrDefault(saleKey(sale), List.of())));
    }
    for (JournalSale s : index.unmatched()) {
      if (s.complete() && !s.undone() && merchants.contains(s.merchant()) && s.timeMs() >= settings.dayStartMs()
          && s.timeMs() < settings.dayEndMs() && expected(s.method())) {
        out.add(new ReportLine(Outcome.NOT_IN_BILL, List.of(), s.merchant(), s.terminal(), s.txn(), s.ref(), "", -1, s.amount(),
            s.currency(), s.timeMs(), null, "TillWatch saw this sale complete; the bill does not list it."));
      }
    }
    return out;
  }

  private ReportLine judge(Group g, JournalSale sale, List<Task> tasks) {
    BillLine b = g.first();
    long net = g.charged() - g.refunded();
    boolean charged = g.charged() > 0;
    if (sale == null) {
      Outcome o = !charged || net <= 0 ? Outcome.REFUND_ONLY
          : b.timeMs() < settings.retentionHorizonMs() ? Outcome.PAST_RETENTION : Outcome.CHARGE_NOT_SEEN;
      String note = switch (o) {
        case REFUND_ONLY -> "Money went back for a sale TillWatch does not know.";
        case PAST_RETENTION -> "Charged, unknown to TillWatch, but older than the journal keeps closed sales: not judged.";
        default -> "Charged, but TillWatch never saw this sale.";
      };
      return line(o, g, b.merchant(), b.terminal(), null, -1, null, note);
    }
    if (charged && sale.amount() >= 0 && sale.amount() != g.charged()) {
      return line(Outcome.AMOUNT_MISMATCH, g, sale, null, "The bill charged " + YuanAmounts.format(g.charged(), b.currency())
          + ", the terminal reported " + YuanAmounts.format(sale.amount(), sale.currency()) + ".");
    }
    Task settles = null;
    Task stuckReversal = null;
    for (Task t : tasks) {
      if (SETTLED_BY_A_CHARGE.contains(t.kind()) && charged) {
        settles = t;
      } else if (t.kind() == FindingKind.STUCK_REVERSAL) {
        stuckReversal = t;
      }
    }
    if (stuckReversal != null && (net <= 0 || !charged)) {
      return line(Outcome.SETTLED_TASK, g, sale, stuckReversal.id(), "The bill shows the money went back: the reversal "
          + "is settled.");
    }
    if (settles != null) {
      return line(Outcome.SETTLED_TASK, g, sale, settles.id(), net > 0 ? "The bill shows the sale charged."
          : "The bill shows the sale charged and refunded.");
    }
    if (stuckReversal != null) {
      return line(Outcome.MATCHED, g, sale, stuckReversal.id(), "Charged and not refunded in the bill: the "
          + "STUCK_REVERSAL task stays open; refund the customer by hand.");
    }
    if (sale.complete() || !charged || net <= 0) {
      return line(Outcome.MATCHED, g, sale, null, null);
    }
    return line(Outcome.CHARGE_NOT_SEEN, g, sale, null, sale.undone()
        ? "Charged, although the terminal reported the sale voided or reversed."
        : "Charged, but TillWatch never saw the sale complete (no COMPLETED or PRINTED).");
  }

  private boolean expected(PaymentMethod method) {
    return !settings.walletsOnly() || method == null || method == PaymentMethod.QR || method == PaymentMethod.WALLET;
  }

  private ReportLine line(Outcome o, Group g, JournalSale s, String taskId, String note) {
    return line(o, g, s.merchant(), s.terminal(), s.txn(), s.amount(), taskId, note);
  }

  private static ReportLine line(Outcome o, Group g, String merchant, String terminal, String txn, long saleAmount,
      String taskId, String note) {
    BillLine b = g.first();
    return new ReportLine(o, g.lineNos(), merchant, terminal.isEmpty() ? b.terminal() : terminal, txn, b.ref(),
        b.acquirerRef(), g.charged() - g.refunded(), saleAmount, b.currency(), b.timeMs(), taskId, note);
  }

  private static List<Group> groups(List<BillLine> bill) {
    Map<String, List<BillLine>> byOrder = new LinkedHashMap<>();
    for (BillLine l : bill) {
      String key = l.ref().isEmpty() ? "#" + l.lineNo() : l.merchant() + '|' + l.ref();
      byOrder.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
    }
    List<Group> out = new ArrayList<>();
    for (List<BillLine> lines : byOrder.values()) {
      long charged = 0;
      long refunded = 0;
      for (BillLine l : lines) {
        if (l.status() == BillStatus.CHARGED) {
          charged += l.amount();
        } else {
          refunded += l.amount();
        }
      }
      // the charge first, so the entry's time and terminal are the payment's
      List<BillLine> ordered = new ArrayList<>(lines);
      ordered.sort((x, y) -> x.status() == y.status() ? 0 : x.status() == BillStatus.CHARGED ? -1 : 1);
      out.add(new Group(ordered, charged, refunded));
    }
    return out;
  }

  static String saleKey(JournalSale s) {
    return saleKey(s.merchant(), s.terminal(), s.txn());
  }

  static String saleKey(String merchant, String terminal, String txn) {
    return merchant + '|' + terminal + '|' + txn;
  }

  /** The sales by each matching key; a sale taken by one group is gone for the others. */
  private final class Index {
    private final Map<String, JournalSale> byRef = new HashMap<>();
    private final Map<String, JournalSale> byRrn = new HashMap<>();
    private final Map<String, List<JournalSale>> byMerchant = new HashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final List<JournalSale> all;

    Index(List<JournalSale> sales) {
      this.all = sales;
      for (JournalSale s : sales) {
        if (!s.ref().isEmpty()) {
          byRef.putIfAbsent(s.merchant() + '|' + s.ref(), s);
        }
        if (!s.rrn().isEmpty()) {
          byRrn.putIfAbsent(s.merchant() + '|' + s.terminal() + '|' + s.rrn(), s);
        }
        byMerchant.computeIfAbsent(s.merchant(), k -> new ArrayList<>()).add(s);
      }
    }

    JournalSale take(Group g) {
      BillLine b = g.first();
      JournalSale s = b.ref().isEmpty() ? null : byRef.get(b.merchant() + '|' + b.ref());
      if (s == null && !b.rrn().isEmpty()) {
        s = byRrn.get(b.merchant() + '|' + b.terminal() + '|' + b.rrn());
      }
      if (s == null) {
        s = nearest(b, g.charged() > 0 ? g.charged() : b.amount());
      }
      if (s == null || !taken.add(saleKey(s))) {
        return null;
      }
      return s;
    }

    private JournalSale nearest(BillLine b, long amount) {
      JournalSale best = null;
      long bestGap = Long.MAX_VALUE;
      for (JournalSale s : byMerchant.getOrDefault(b.merchant(), List.of())) {
        boolean otherOrder = !s.ref().isEmpty() && !b.ref().isEmpty() && !s.ref().equals(b.ref());
        boolean sameTerminal = b.terminal().isEmpty() || b.terminal().equals(s.terminal());
        long gap = Math.abs(s.timeMs() - b.timeMs());
        if (!otherOrder && sameTerminal && s.amount() == amount && gap <= settings.windowMs() && gap < bestGap
            && !taken.contains(saleKey(s))) {
          best = s;
          bestGap = gap;
        }
      }
      return best;
    }

    List<JournalSale> unmatched() {
      return all.stream().filter(s -> !taken.contains(saleKey(s))).toList();
    }
  }
}
