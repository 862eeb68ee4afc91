package io.tillwatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's {@code postgresql} package (installed by
 * scripts/test.sh), started by test code with {@code initdb} and {@code pg_ctl} in a temporary
 * directory, listening on a free loopback port. Run as root (CI), the server runs as the
 * {@code postgres} user, since PostgreSQL refuses to run as root.
 *
 * <p>{@link #shared()} is one server for the whole test JVM, with {@code fsync=off} because unit
 * tests prove logic, not durability; each test takes a fresh database from {@link #newDatabase()}.
 * Tests that stop, restart or kill the server, and benchmarks, start their own with
 * {@link #start(boolean)}. The server is stopped when the JVM exits.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "tillwatch";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer shared;

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean fsync;
  private final boolean asPostgres;

  private PostgresServer(Path bin, Path dir, int port, boolean fsync) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.fsync = fsync;
    this.asPostgres = "root".equals(System.getProperty("user.name"));
  }

  /** The JVM-wide server (fsync off), started on first use. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start(false);
    }
    return shared;
  }

  /** A server of this test's own; {@code fsync} on for anything that measures or proves durability. */
  public static PostgresServer start(boolean fsync) {
    try {
      Path dir = Files.createTempDirectory("tillwatch-pg-");
      PostgresServer pg = new PostgresServer(binaries(), dir, freePort(), fsync);
      pg.initdb();
      pg.startServer();
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new, empty database on this server; returns its JDBC URL. */
  public String newDatabase() {
    String name = "tw_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  public Path binDir() {
    return bin;
  }

  /** Stops the server (fast shutdown: clients are disconnected, committed work is kept). */
  public void stop() {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
  }

  /** Kills the server without a shutdown, like a power cut of its process (crash recovery on the next start). */
  public void kill() {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
  }

  /** Starts the server again on the same port and data. */
  public void startServer() {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
            + " -c fsync=" + (fsync ? "on" : "off") + " -c max_connections=200", "start"));
  }

  /**
   * Turns TLS on with this certificate (PEM, leaf first) and key: they are copied beside the data,
   * owned by the server's user with the key readable by it alone (PostgreSQL insists), and the
   * server is restarted.
   */
  public void enableTls(Path certFile, Path keyFile) {
    try {
      Path cert = data.resolve("server.crt");
      Path key = data.resolve("server.key");
      Files.copy(certFile, cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(keyFile, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      if (asPostgres) {
        run(List.of("chown", "postgres:postgres", cert.toString(), key.toString()));
      }
      run(List.of("chmod", "600", key.toString()));
      Files.writeString(data.resolve("postgresql.conf"), "\nssl = on\n", java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stop();
    startServer();
  }

  public boolean running() {
    Process p = spawn(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status"));
    try {
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      try {
        kill();
      } catch (RuntimeException ignored) {
        // already down
      }
    }
    deleteQuietly(dir);
  }

  private void initdb() throws IOException {
    if (asPostgres) {
      // The server runs as postgres: it needs its directory, and a path it can reach.
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
      run(List.of("chmod", "755", dir.toString()));
    }
    run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
        "--encoding=UTF8", "--locale=C", "--no-sync"));
  }

  private void run(List<String> command) {
    Process p = spawn(command);
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      String out = new String(p.getInputStream().readAllBytes());
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out
            + serverLog());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Process spawn(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgres && !command.get(0).equals("chown") && !command.get(0).equals("chmod")) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      return new ProcessBuilder(full).redirectErrorStream(true).directory(dir.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String serverLog() {
    try {
      Path log = dir.resolve("server.log");
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The newest installed major version's binaries. */
  static Path binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
          .orElseThrow(() -> new IllegalStateException("no initdb under " + root));
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL is not installed (apt-get install -y postgresql; scripts/test.sh "
          + "does it): " + e.getMessage(), e);
    }
  }

  private static int freePort() {
    return io.tillwatch.e2e.FreePorts.next(); // never a port another server of this JVM's tests was given
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp dir: the OS cleans it eventually
    }
  }
}
