package io.tillwatch.reconcile;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a dropped file's name says: {@code <format>[-<merchant>]-<date>.<ext>} in the drop folder, or
 * {@code [<merchant>-]<date>.<ext>} in a subfolder named after the format; the date is
 * {@code yyyy-MM-dd} or {@code yyyyMMdd}. E.g. {@code wechatpay-2026-12-01.csv},
 * {@code alipay-m001-20261201.csv}, {@code csv/m001-2026-12-01.csv}.
 */
record DropFileName(BillFormat format, String merchant, LocalDate date) {
  private static final Pattern NAME = Pattern.compile("(?:(.+?)[-_])?(\\d{4}-\\d{2}-\\d{2}|\\d{8})");

  /** Empty with the reason when the name says no format or no date. */
  static Optional<DropFileName> parse(Path file, BillFormat folderFormat, StringBuilder why) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    Matcher m = NAME.matcher(base);
    if (!m.matches()) {
      why.append("the file name ").append(name).append(" does not end with the bill's date (yyyy-MM-dd or yyyyMMdd)");
      return Optional.empty();
    }
    LocalDate date;
    try {
      String d = m.group(2);
      date = d.length() == 8 ? LocalDate.parse(d, DateTimeFormatter.BASIC_ISO_DATE) : LocalDate.parse(d);
    } catch (DateTimeParseException e) {
      why.append("the file name ").append(name).append(" holds no valid date");
      return Optional.empty();
    }
    String prefix = m.group(1) == null ? "" : m.group(1);
    if (folderFormat != null) {
      return Optional.of(new DropFileName(folderFormat, prefix.isEmpty() ? null : prefix, date));
    }
    int cut = prefix.indexOf('-') >= 0 ? prefix.indexOf('-') : prefix.indexOf('_');
    BillFormat format = BillFormat.fromLabel(cut < 0 ? prefix : prefix.substring(0, cut));
    if (format == null) {
      why.append("the file name ").append(name).append(" does not start with wechatpay, alipay or csv (or put it in a "
          + "folder of that name)");
      return Optional.empty();
    }
    String merchant = cut < 0 ? null : prefix.substring(cut + 1);
    return Optional.of(new DropFileName(format, merchant == null || merchant.isEmpty() ? null : merchant, date));
  }
}
