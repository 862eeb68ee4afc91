package io.tillwatch.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The two jars 'mvn package' builds: the daemon's carries the product only (simulate and demo
 * included), the tools' jar carries the load generator, the counting subscriber and scoring.
 */
class ToolsJarIT {
  private static final Path DAEMON_JAR = Path.of(System.getProperty("tillwatch.jar", "target/tillwatch.jar"));
  private static final Path TOOLS_JAR = DAEMON_JAR.resolveSibling("tillwatch-tools.jar");

  @Test
  void daemonJarLeavesTheToolsOut() throws IOException {
    try (ZipFile jar = new ZipFile(DAEMON_JAR.toFile())) {
      List<String> tools = jar.stream().map(ZipEntry::getName)
          .filter(n -> n.startsWith("io/tillwatch/tools/") || n.startsWith("org/HdrHistogram/")).toList();
      assertEquals(List.of(), tools);
      for (String needed : List.of("io/tillwatch/sim/FleetSimulator.class", "io/tillwatch/sim/GroundTruth.class",
          "io/tillwatch/app/cli/SimulateCommand.class", "io/tillwatch/app/cli/DemoCommand.class")) {
        assertTrue(jar.getEntry(needed) != null, needed + " missing from " + DAEMON_JAR);
      }
    }
  }

  @Test
  void eachJarListsItsOwnCommands() throws Exception {
    String daemon = run(DAEMON_JAR, "--help");
    assertTrue(daemon.contains("simulate") && daemon.contains("demo"), daemon);
    assertFalse(daemon.contains("bench"), daemon);
    String tools = run(TOOLS_JAR, "--help");
    assertTrue(tools.contains("tillwatch-tools") && tools.contains("load") && tools.contains("count") && tools.contains("score"), tools);
  }

  private static String run(Path jar, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("tillwatch-jar", ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), jar + " " + String.join(" ", args) + " did not end");
      } finally {
        p.destroyForcibly();
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), text);
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
