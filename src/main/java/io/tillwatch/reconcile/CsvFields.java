package io.tillwatch.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields: commas separate, double quotes may enclose a field (a doubled
 * quote inside is one quote). A bill line never spans lines, so a quote left open is an error.
 */
final class CsvFields {
  private CsvFields() {}

  static List<String> split(String line, int lineNo) throws BillRefusedException {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw BillRefusedException.atLine(lineNo, "a quoted field is not closed");
    }
    out.add(field.toString());
    return out;
  }
}
