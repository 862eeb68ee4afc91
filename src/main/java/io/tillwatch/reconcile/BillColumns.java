package io.tillwatch.reconcile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Column positions by header name (full-width parentheses read as ASCII ones). */
final class BillColumns {
  private final Map<String, Integer> index = new HashMap<>();
  private final int size;
  private final int lineNo;

  private BillColumns(List<String> names, int lineNo) {
    for (int k = 0; k < names.size(); k++) {
      index.putIfAbsent(names.get(k).strip().replace('（', '(').replace('）', ')'), k);
    }
    this.size = names.size();
    this.lineNo = lineNo;
  }

  static BillColumns of(List<String> names, int lineNo) {
    return new BillColumns(names, lineNo);
  }

  int size() {
    return size;
  }

  boolean has(String name) {
    return index.containsKey(name);
  }

  int require(String name) throws BillRefusedException {
    Integer k = index.get(name);
    if (k == null) {
      throw BillRefusedException.atLine(lineNo, "column " + name + " is missing from the header");
    }
    return k;
  }

  String get(List<String> fields, String name) {
    Integer k = index.get(name);
    if (k == null) {
      throw new IllegalArgumentException("column " + name + " is missing");
    }
    return fields.get(k).strip();
  }

  String opt(List<String> fields, String name, String absent) {
    Integer k = index.get(name);
    return k == null || k >= fields.size() ? absent : fields.get(k).strip();
  }
}
