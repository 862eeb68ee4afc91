package io.tillwatch.monitoring;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -cp <classes> io.tillwatch.monitoring.MonitoringMain --out=DIR [--job=NAME ...]}: the
 * generator without the CLI's dependencies, so scripts/check-rules.sh can compile this package
 * alone with javac and check what it writes before any Maven build. Users run
 * {@code tillwatch monitoring}, which takes the same options.
 */
public final class MonitoringMain {
  private MonitoringMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        System.err.println("expected --name=value, got " + a);
        System.exit(2);
      }
      options.put(a.substring(0, eq), a.substring(eq + 1));
    }
    String out = options.remove("--out");
    if (out == null) {
      System.err.println("--out=DIR is required");
      System.exit(2);
    }
    try {
      MonitoringFiles.write(MonitoringSetup.fromOptions(options), Path.of(out));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }
}
