package io.tillwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One import order across the code (static imports, a blank line, then all others, each block in
 * ASCII order, as Google Java Style has it), so a diff shows only the imports a change really adds
 * and no two tools fight over the order. {@code scripts/sort-imports.py} applies it.
 */
class ImportOrderTest {
  private static final List<Path> ROOTS = List.of(Path.of("src/main/java"), Path.of("src/test/java"),
      Path.of("src/tools/java"), Path.of("src/jmh/java"));

  @Test
  void everySourceFileHasItsImportsInTheOneOrder() throws IOException {
    List<String> unsorted = new ArrayList<>();
    for (Path root : ROOTS) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          if (!inOrder(Files.readAllLines(f))) {
            unsorted.add(f.toString());
          }
        }
      }
    }
    assertTrue(unsorted.isEmpty(), "imports out of order (run scripts/sort-imports.py):\n  " + String.join("\n  ", unsorted));
  }

  static boolean inOrder(List<String> lines) {
    List<String> imports = new ArrayList<>();
    int first = -1;
    int last = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("import ")) {
        first = first < 0 ? i : first;
        last = i;
        imports.add(lines.get(i).trim());
      }
    }
    if (imports.isEmpty()) {
      return true;
    }
    TreeSet<String> statics = new TreeSet<>();
    TreeSet<String> others = new TreeSet<>();
    for (String imp : imports) { // sorted by the imported name alone, as the script does
      boolean isStatic = imp.startsWith("import static ");
      String name = imp.substring(isStatic ? "import static ".length() : "import ".length(), imp.length() - 1).trim();
      (isStatic ? statics : others).add(name);
    }
    List<String> expected = new ArrayList<>();
    statics.forEach(n -> expected.add("import static " + n + ";"));
    if (!statics.isEmpty() && !others.isEmpty()) {
      expected.add("");
    }
    others.forEach(n -> expected.add("import " + n + ";"));
    return lines.subList(first, last + 1).stream().map(String::trim).toList().equals(expected);
  }
}
