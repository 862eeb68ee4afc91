package io.tillwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs pgbench with a custom script against the benchmark's database, and reads its tps. */
final class Pgbench {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

  /** Prepares the database before a phase (outside its timed window). */
  interface Prepare {
    void run(Connection admin) throws SQLException;
  }

  private final Path binary;
  private final int port;
  private final String database;
  private final Path dir;
  private final int rowRange;

  Pgbench(Path binary, int port, String database, Path dir) {
    this.binary = binary;
    this.port = port;
    this.database = database;
    this.dir = dir;
    this.rowRange = 1_000_000_000;
  }

  /**
   * Writes a script inserting {@code rows} rows per transaction: as that many single-row INSERTs,
   * or as one multi-row INSERT ({@code values}). Returns its path.
   */
  String script(String name, int rows, boolean values) throws IOException {
    StringBuilder s = new StringBuilder("\\set n random(1, " + rowRange + ")\n");
    if (rows == 1) {
      s.append(StoreBench.insertSql()).append(StoreBench.valuesSql(":n")).append(";\n");
    } else if (values) {
      s.append("BEGIN;\n").append(StoreBench.insertSql());
      for (int i = 0; i < rows; i++) {
        s.append(i == 0 ? "" : ", ").append(StoreBench.valuesSql(":n + " + i));
      }
      s.append(";\nEND;\n");
    } else {
      s.append("BEGIN;\n");
      for (int i = 0; i < rows; i++) {
        s.append(StoreBench.insertSql()).append(StoreBench.valuesSql(":n + " + i)).append(";\n");
      }
      s.append("END;\n");
    }
    Path file = dir.resolve(name + ".sql");
    Files.writeString(file, s.toString());
    return file.toString();
  }

  /** One timed phase: {@code clients} connections running the script for {@code length}. */
  Map<String, Object> run(String phase, String script, int rowsPerTxn, int clients, Duration length, Connection admin,
      Prepare prepare) throws Exception {
    prepare.run(admin);
    String load = StoreBench.loadavg();
    Path log = dir.resolve(phase + ".log");
    Process p = new ProcessBuilder(List.of(binary.toString(), "-n", "-M", "prepared", "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", io.tillwatch.testsupport.PostgresServer.USER, "-c", Integer.toString(clients), "-j",
        Integer.toString(Math.min(clients, 2)), "-T", Long.toString(length.toSeconds()), "-f", script, database))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("pgbench failed: " + Files.readString(log));
    }
    String text = Files.readString(log);
    Matcher m = TPS.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no tps in pgbench output: " + text);
    }
    double tps = Double.parseDouble(m.group(1));
    Matcher l = LATENCY.matcher(text);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("phase", phase);
    r.put("rowsPerSec", tps * rowsPerTxn);
    r.put("tps", tps);
    r.put("rowsPerTxn", rowsPerTxn);
    r.put("clients", clients);
    r.put("latencyMs", l.find() ? Double.parseDouble(l.group(1)) : -1.0);
    r.put("loadavg", load);
    return r;
  }
}
