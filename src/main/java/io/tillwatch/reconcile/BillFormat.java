package io.tillwatch.reconcile;

import java.util.Locale;

/** The bill layouts TillWatch reads; {@link #label()} is the CLI's --format value and the metrics label. */
public enum BillFormat {
  WECHATPAY,
  ALIPAY,
  CSV;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named by a CLI value or a file name part ("wechatpay", "alipay", "csv"); null when none. */
  public static BillFormat fromLabel(String label) {
    for (BillFormat f : values()) {
      if (f.label().equalsIgnoreCase(label)) {
        return f;
      }
    }
    return null;
  }
}
