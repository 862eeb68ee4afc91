package io.tillwatch.reconcile;

import io.tillwatch.reconcile.CsvColumnMapping.Field;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A generic CSV bill (an aggregator's or an in-house gateway's export): UTF-8 (BOM allowed), one
 * header row, one row per payment or refund, the columns named by a {@link CsvColumnMapping}.
 * Such files carry no summary, so truncation cannot be told from the file itself; every row is
 * still checked (field count, amount, status, time) and any bad row refuses the whole file.
 */
public final class MappedCsvBillParser implements BillParser {
  private final CsvColumnMapping mapping;
  private final ZoneId zone;

  public MappedCsvBillParser(CsvColumnMapping mapping, ZoneId zone) {
    this.mapping = mapping;
    this.zone = zone;
  }

  @Override
  public Bill parse(byte[] content) throws BillRefusedException {
    List<String> rows = BillText.utf8Lines(content, "");
    BillColumns header = BillColumns.of(CsvFields.split(rows.get(0), 1), 1);
    for (Field required : new Field[] {Field.REF, Field.AMOUNT, Field.TIME}) {
      header.require(mapping.headers().get(required));
    }
    List<BillLine> lines = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      int lineNo = i + 1;
      List<String> f = CsvFields.split(rows.get(i), lineNo);
      if (f.size() != header.size()) {
        throw BillRefusedException.atLine(lineNo, "expected " + header.size() + " fields, found " + f.size());
      }
      try {
        lines.add(line(header, f, lineNo));
      } catch (IllegalArgumentException e) {
        throw BillRefusedException.atLine(lineNo, e.getMessage());
      }
    }
    return new Bill(BillFormat.CSV, lines);
  }

  private BillLine line(BillColumns h, List<String> f, int lineNo) {
    String amountText = get(h, f, Field.AMOUNT);
    long amount = mapping.amountInMinorUnits() ? YuanAmounts.parseMinor(amountText) : YuanAmounts.parseYuan(amountText);
    String statusText = get(h, f, Field.STATUS).toUpperCase(Locale.ROOT);
    BillStatus status;
    if (statusText.isEmpty() || mapping.charged().contains(statusText)) {
      status = amount < 0 ? BillStatus.REFUNDED : BillStatus.CHARGED;
    } else if (mapping.refunded().contains(statusText)) {
      status = BillStatus.REFUNDED;
    } else {
      throw new IllegalArgumentException("unknown status '" + statusText + "' (charged: " + mapping.charged() + ", refunded: "
          + mapping.refunded() + ")");
    }
    if (amount == 0) {
      throw new IllegalArgumentException("amount must not be 0");
    }
    String ref = get(h, f, Field.REF);
    if (ref.isEmpty()) {
      throw new IllegalArgumentException("the " + mapping.headers().get(Field.REF) + " column is empty");
    }
    String currency = get(h, f, Field.CURRENCY);
    return new BillLine(lineNo, get(h, f, Field.MERCHANT), get(h, f, Field.TERMINAL), ref, get(h, f, Field.ACQUIRER_REF),
        get(h, f, Field.RRN), Math.abs(amount), currency.isEmpty() ? "CNY" : currency.toUpperCase(Locale.ROOT), status,
        BillTimes.parse(get(h, f, Field.TIME), zone));
  }

  private String get(BillColumns h, List<String> f, Field field) {
    return h.opt(f, mapping.headers().get(field), "");
  }
}
