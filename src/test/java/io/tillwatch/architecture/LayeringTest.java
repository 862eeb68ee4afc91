package io.tillwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the code and docs/architecture.md telling the same story: the "may use" column of the
 * packages table there is the rule, and every reference from one of our packages to another must
 * be allowed by it. A new wrong-way import fails here with the file that made it; a deliberate new
 * arrow is made by changing the table (and saying why in the same commit).
 *
 * <p>Plain Java over the sources rather than a bytecode tool: it also sees fully qualified names in
 * code, and it needs no dependency. Comments and string literals are removed first, so a javadoc
 * mention or a logger name is not an arrow. A sub-package (http.auth, app.config) belongs to its
 * top-level package's room.
 */
class LayeringTest {
  private static final Path MAIN = Path.of("src/main/java/io/tillwatch");
  private static final Path DOC = Path.of("docs/architecture.md");
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.tillwatch\\.([a-z]+)\\b");
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z]+)`\\s*\\|[^|]*\\|([^|]*)\\|\\s*$");
  private static final Pattern BACKTICKED = Pattern.compile("`([a-z]+)`");

  /** Frameworks the pure core never sees: its tests run in microseconds and it can move hosts. */
  private static final Map<String, List<String>> FORBIDDEN_FRAMEWORKS = Map.of(
      "telemetry", List.of("io.vertx", "io.micrometer", "java.sql", "io.netty"),
      "engine", List.of("io.vertx", "io.micrometer", "java.sql", "io.netty", "com.fasterxml"),
      "journal", List.of("io.vertx", "io.micrometer", "java.sql", "io.netty"),
      "tasks", List.of("io.vertx", "io.micrometer", "java.sql", "io.netty"));

  @Test
  void everyPackageIsInTheArchitectureTableAndEveryTableRowExists() throws IOException {
    assertEquals(packagesOnDisk(), allowedUses().keySet(),
        "docs/architecture.md's packages table must list exactly the top-level packages under " + MAIN);
  }

  @Test
  void everyReferenceBetweenPackagesFollowsTheArchitectureTable() throws IOException {
    Map<String, Set<String>> allowed = allowedUses();
    List<String> wrongWay = new ArrayList<>();
    for (Path file : sources()) {
      String from = roomOf(file);
      Matcher m = REFERENCE.matcher(code(file));
      Set<String> seen = new TreeSet<>();
      while (m.find()) {
        String to = m.group(1);
        if (!to.equals(from) && seen.add(to) && !allowed.getOrDefault(from, Set.of()).contains(to)) {
          wrongWay.add(from + " -> " + to + "  (" + MAIN.relativize(file) + ")");
        }
      }
    }
    if (!wrongWay.isEmpty()) {
      fail("references that docs/architecture.md does not allow (fix the code, or change the table and say why):\n  "
          + String.join("\n  ", wrongWay));
    }
  }

  @Test
  void thePureCoreImportsNoFramework() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : sources()) {
      List<String> banned = FORBIDDEN_FRAMEWORKS.getOrDefault(roomOf(file), List.of());
      String code = code(file);
      for (String prefix : banned) {
        if (code.contains(prefix + ".")) {
          found.add(MAIN.relativize(file) + " uses " + prefix);
        }
      }
    }
    assertTrue(found.isEmpty(), String.join("\n", found));
  }

  @Test
  void theRuleItselfCatchesAWrongWayImport() throws IOException {
    // The check above must be able to fail: the engine may not use the store.
    assertTrue(!allowedUses().get("engine").contains("store"), "the table must keep the engine off the store");
    Matcher m = REFERENCE.matcher(strip("String glob = \"ops/*\"; char q = '\"';\n"
        + "import io.tillwatch.store.SqlStore; // io.tillwatch.http in a comment\n"
        + "/** {@link io.tillwatch.ingest.IngestPipeline} */ String s = \"io.tillwatch.metrics\";"));
    List<String> refs = new ArrayList<>();
    while (m.find()) {
      refs.add(m.group(1));
    }
    assertEquals(List.of("store"), refs, "comments and strings are not references; imports are");
  }

  /** Package -> the packages it may use, from the table under "## Packages" in docs/architecture.md. */
  static Map<String, Set<String>> allowedUses() throws IOException {
    Map<String, Set<String>> rules = new TreeMap<>();
    for (String line : Files.readAllLines(DOC)) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        Set<String> uses = new TreeSet<>();
        String column = row.group(2);
        if (column.contains("everything")) {
          uses.addAll(packagesOnDisk());
        }
        Matcher b = BACKTICKED.matcher(column);
        while (b.find()) {
          uses.add(b.group(1));
        }
        rules.put(row.group(1), uses);
      }
    }
    return rules;
  }

  private static Set<String> packagesOnDisk() throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.list(MAIN)) {
      s.filter(Files::isDirectory).forEach(p -> out.add(p.getFileName().toString()));
    }
    return out;
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String roomOf(Path file) {
    return MAIN.relativize(file).getName(0).toString();
  }

  private static String code(Path file) throws IOException {
    return strip(Files.readString(file));
  }

  /**
   * Source text without comments, string, text-block or character literals, in one pass so that a
   * "//" or "/*" inside a string does not start a comment and a quote inside a comment does not
   * start a string.
   */
  static String strip(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      char next = i + 1 < n ? src.charAt(i + 1) : 0;
      if (c == '/' && next == '/') {
        i = src.indexOf('\n', i);
        i = i < 0 ? n : i;
      } else if (c == '/' && next == '*') {
        int close = src.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        out.append(' ');
      } else if (src.startsWith("\"\"\"", i)) {
        int close = src.indexOf("\"\"\"", i + 3);
        i = close < 0 ? n : close + 3;
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && src.charAt(i) != c && src.charAt(i) != '\n') {
          i += src.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
