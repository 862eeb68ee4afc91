package io.tillwatch.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric catalog, {@code docs/metrics.md}, as the tests that hold the daemon to it read it: one
 * table row per {@code tillwatch_} family, its name in the first column. The families of the section
 * "Cluster roles (gateway, detector)" are exported by cluster roles only: an embedded instance must
 * not expose them, an instance of role {@code all} must.
 */
public final class MetricsContract {
  /** The heading of the cluster-only section, exactly as in the catalog. */
  public static final String CLUSTER_SECTION = "## Cluster roles (gateway, detector)";

  private static final Pattern ROW = Pattern.compile("(?m)^\\|\\s*`(tillwatch_[a-z0-9_]+)`");

  private MetricsContract() {}

  /** Every {@code tillwatch_} family with a row in the catalog, cluster-only ones included, in the catalog's order. */
  public static List<String> documentedFamilies() {
    return families(catalog());
  }

  /** The families of the cluster-only section, in the catalog's order. */
  public static List<String> clusterFamilies() {
    String text = catalog();
    int start = text.indexOf("\n" + CLUSTER_SECTION + "\n");
    if (start < 0) {
      throw new IllegalStateException("docs/metrics.md has no section '" + CLUSTER_SECTION + "'");
    }
    int end = text.indexOf("\n## ", start + 1);
    List<String> families = families(text.substring(start, end < 0 ? text.length() : end));
    if (families.isEmpty()) {
      throw new IllegalStateException("the section '" + CLUSTER_SECTION + "' of docs/metrics.md lists no family");
    }
    return families;
  }

  private static List<String> families(String text) {
    List<String> out = new ArrayList<>();
    Matcher row = ROW.matcher(text);
    while (row.find()) {
      out.add(row.group(1));
    }
    return out;
  }

  private static String catalog() {
    // Maven runs tests in the project's directory and says so in basedir; an IDE may run them elsewhere.
    Path file = Path.of(System.getProperty("basedir", ".")).resolve("docs/metrics.md");
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
