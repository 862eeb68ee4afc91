package io.tillwatch.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What really happened at the acquirer for every simulated sale: the simulated back office answers
 * from it and writes bills from it. Thread-safe: terminals on several event loops record, the back
 * office's event loop reads.
 *
 * <p>Every sale is kept for the life of the simulator (a few hundred bytes each: a day at 10 sales/s
 * is under a million entries); sales are found by merchant + order number, merchant + terminal + txn,
 * and merchant + rrn, as the three back-office formats ask.
 */
public final class AcquirerLedger {
  private final Map<String, LedgerEntry> byRef = new ConcurrentHashMap<>();
  private final Map<String, LedgerEntry> byTxn = new ConcurrentHashMap<>();
  private final Map<String, LedgerEntry> byRrn = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<LedgerEntry> all = new ConcurrentLinkedQueue<>();
  private final AtomicLong serials = new AtomicLong();

  /** Books a sale; its serial is assigned here. Returns the entry as booked. */
  public LedgerEntry record(LedgerEntry e) {
    LedgerEntry booked = e.withSerial(serials.incrementAndGet());
    all.add(booked);
    if (booked.ref() != null) {
      byRef.put(key(booked.merchant(), booked.ref()), booked);
    }
    byTxn.put(key(booked.merchant(), booked.terminal() + '|' + booked.txn()), booked);
    if (booked.rrn() != null) {
      byRrn.put(key(booked.merchant(), booked.rrn()), booked);
    }
    return booked;
  }

  public LedgerEntry byRef(String merchant, String ref) {
    return ref == null ? null : byRef.get(key(merchant, ref));
  }

  public LedgerEntry byTxn(String merchant, String terminal, String txn) {
    return terminal == null || txn == null ? null : byTxn.get(key(merchant, terminal + '|' + txn));
  }

  public LedgerEntry byRrn(String merchant, String rrn) {
    return rrn == null ? null : byRrn.get(key(merchant, rrn));
  }

  public int size() {
    return all.size();
  }

  public List<LedgerEntry> all() {
    return List.copyOf(all);
  }

  /** The merchant's sales created on {@code day} in {@code zone}, oldest first. */
  public List<LedgerEntry> ofDay(String merchant, LocalDate day, ZoneId zone) {
    List<LedgerEntry> out = new ArrayList<>();
    for (LedgerEntry e : all) {
      if (e.merchant().equals(merchant) && Instant.ofEpochMilli(e.createdAtMs()).atZone(zone).toLocalDate().equals(day)) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparingLong(LedgerEntry::createdAtMs).thenComparingLong(LedgerEntry::serial));
    return out;
  }

  private static String key(String merchant, String id) {
    return merchant + '|' + id;
  }
}
