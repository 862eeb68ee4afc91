package io.tillwatch.reconcile;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * @param zone             the bills' zone: their times and their day (Asia/Shanghai for WeChat Pay and Alipay)
 * @param matchWindow      largest time difference for matching a sale by terminal and amount alone
 * @param journalRetention how long the journal keeps cleanly closed sales (journal.retention): older
 *                         bill lines that match nothing cannot be judged
 * @param csvColumns       the generic CSV format's column mapping
 */
public record ReconcileSettings(ZoneId zone, Duration matchWindow, Duration journalRetention, CsvColumnMapping csvColumns) {
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
  public static final Duration DEFAULT_MATCH_WINDOW = Duration.ofMinutes(5);

  public ReconcileSettings {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(matchWindow, "matchWindow");
    Objects.requireNonNull(journalRetention, "journalRetention");
    Objects.requireNonNull(csvColumns, "csvColumns");
  }

  public static ReconcileSettings defaults(Duration journalRetention) {
    return new ReconcileSettings(DEFAULT_ZONE, DEFAULT_MATCH_WINDOW, journalRetention, CsvColumnMapping.DEFAULT);
  }
}
