package io.tillwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.app.config.Keys;
import io.tillwatch.app.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/guarantees.md against the code: the settings its "bound" column names are exactly
 * {@link Keys#BOUNDS}, and every test its last column names is a test method that exists.
 */
class GuaranteesDocTest {
  private static final Path DOC = Path.of("docs", "guarantees.md");
  private static final Pattern TICKED = Pattern.compile("`([a-z0-9.-]+)`");
  private static final Pattern TEST_REF = Pattern.compile("(\\w+)#(\\w+)");

  private record Row(String promise, String bound, String test) {}

  private static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(DOC)) {
      if (!line.startsWith("| ") || line.startsWith("| promise") || line.startsWith("|---")) {
        continue;
      }
      String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
      assertEquals(5, cells.length, "five columns: " + line);
      rows.add(new Row(cells[0].trim(), cells[1].trim(), cells[4].trim()));
    }
    assertFalse(rows.isEmpty(), "no table rows in " + DOC);
    return rows;
  }

  @Test
  void theBoundsColumnNamesExactlyTheSettingsDeclaredAsBounds() throws IOException {
    Set<String> settings = Keys.ALL.stream().map(Setting::key).collect(Collectors.toSet());
    Set<String> named = new TreeSet<>();
    for (Row r : rows()) {
      Matcher m = TICKED.matcher(r.bound());
      while (m.find()) {
        if (settings.contains(m.group(1))) {
          named.add(m.group(1));
        }
      }
    }
    Set<String> declared = Keys.BOUNDS.stream().map(Setting::key).collect(Collectors.toCollection(TreeSet::new));
    Set<String> undocumented = new TreeSet<>(declared);
    undocumented.removeAll(named);
    Set<String> undeclared = new TreeSet<>(named);
    undeclared.removeAll(declared);
    assertTrue(undocumented.isEmpty() && undeclared.isEmpty(), "bounds without a row in " + DOC + ": " + undocumented
        + "; settings named as bounds there but not in Keys.BOUNDS: " + undeclared);
  }

  @Test
  void everyRowNamesTestsThatExist() throws IOException {
    Map<String, Path> testFiles;
    try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
      testFiles = files.filter(p -> p.toString().endsWith(".java"))
          .collect(Collectors.toMap(p -> p.getFileName().toString().replace(".java", ""), Function.identity(), (a, b) -> a));
    }
    List<String> missing = new ArrayList<>();
    for (Row r : rows()) {
      Matcher m = TEST_REF.matcher(r.test());
      boolean any = false;
      while (m.find()) {
        any = true;
        Path file = testFiles.get(m.group(1));
        if (file == null || !Pattern.compile("void\\s+" + m.group(2) + "\\s*\\(").matcher(Files.readString(file)).find()) {
          missing.add(m.group());
        }
      }
      if (!any) {
        missing.add("(no test named) " + r.promise());
      }
    }
    assertTrue(missing.isEmpty(), "tests named in " + DOC + " that do not exist: " + missing);
  }
}
