package io.tillwatch.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration table is exactly what {@code tillwatch config} prints: no setting undocumented. */
class ReadmeConfigTableTest {
  @Test
  void readmeTableMatchesTheSettings() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      new ConfigCommand().run();
    } finally {
      System.setOut(old);
    }
    List<String> printed = out.toString(StandardCharsets.UTF_8).lines().toList();
    List<String> readme = Files.readAllLines(Path.of("README.md"));
    int start = readme.indexOf(printed.get(0));
    List<String> table = readme.subList(start, readme.size()).stream().takeWhile(l -> l.startsWith("|")).toList();
    assertEquals(String.join("\n", printed), String.join("\n", table),
        "README.md's configuration table is stale: paste the output of 'java -jar target/tillwatch.jar config'");
  }
}
