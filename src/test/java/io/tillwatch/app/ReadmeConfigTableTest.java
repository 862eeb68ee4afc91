package io.tillwatch.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is exactly what {@code tillwatch config} prints (regenerate it from there). */
class ReadmeConfigTableTest {
  @Test
  void readmeTableMatchesTheConfigCommand() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      new ConfigCommand().run();
    } finally {
      System.setOut(old);
    }
    String table = out.toString(StandardCharsets.UTF_8).strip();
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains(table + "\n\n") || readme.endsWith(table + "\n"),
        "README.md's configuration table differs from `java -jar target/tillwatch.jar config`; paste its output over the table");
  }
}
