package io.tillwatch.reconcile;

import java.time.LocalDate;
import java.time.ZoneId;

/** The bill's day in its zone; a line of another day refuses the whole file. */
record BillDay(LocalDate date, ZoneId zone) {

  long startMs() {
    return date.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  long endMs() {
    return date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  void check(Bill bill) throws BillRefusedException {
    long start = startMs();
    long end = endMs();
    for (BillLine l : bill.lines()) {
      if (l.timeMs() < start || l.timeMs() >= end) {
        throw BillRefusedException.atLine(l.lineNo(), BillTimes.format(l.timeMs(), zone) + " is not on " + date + " (" + zone
            + "): a bill of another day");
      }
    }
  }
}
