package io.tillwatch.reconcile;

import java.time.ZoneId;

/** The parser for a format. */
public final class BillParsers {
  private BillParsers() {}

  public static BillParser of(BillFormat format, ZoneId zone, CsvColumnMapping mapping) {
    return switch (format) {
      case WECHATPAY -> new WeChatPayBillParser(zone);
      case ALIPAY -> new AlipayBillParser(zone);
      case CSV -> new MappedCsvBillParser(mapping, zone);
    };
  }
}
