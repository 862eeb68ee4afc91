package io.tillwatch.app.cli;

import io.tillwatch.app.config.Keys;
import io.tillwatch.store.PostgresSettings;
import io.tillwatch.store.StoreCopy;
import io.tillwatch.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tillwatch store copy}: moves a single instance's SQLite store into the shared PostgreSQL store. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Work on the store: copy SQLite into PostgreSQL.",
    subcommands = {StoreCommand.Copy.class})
final class StoreCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /**
   * Exit codes: 0 copied; 2 bad options; 1 the copy was refused or failed (the reason is printed;
   * what was committed stays, and running the same command again resumes).
   */
  @Command(name = "copy", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 2,
      description = {"Copy tasks, task history, credentials, terminals, back-office checks, commands, bill imports and "
          + "the journal from an instance's SQLite file into a PostgreSQL database (migrated first).",
          "Run the last copy with the instance stopped. Safe to run again: nothing is doubled, an interrupted copy "
              + "resumes, and a later run copies only what is new or changed on the source (docs/scaling.md)."})
  static final class Copy implements Callable<Integer> {
    private static final long NOTE_EVERY_NANOS = 10_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "sqlite:PATH",
        description = "The SQLite store: its file tillwatch.db or its data.dir.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "postgres:URL",
        description = "The PostgreSQL database: postgres://host:5432/db or postgres:jdbc:postgresql://host:5432/db.")
    String to;

    @Option(names = "--user", paramLabel = "ROLE", description = "Role to log in as (default: ${DEFAULT-VALUE}, as store.user).")
    String user = Keys.STORE_USER.defaultValue();

    @Option(names = "--password-file", paramLabel = "FILE", description = "File with the role's password on its first line.")
    Path passwordFile;

    @Option(names = "--tls", paramLabel = "MODE",
        description = "disable, prefer, require, verify-ca or verify-full (default: ${DEFAULT-VALUE}, as store.tls).")
    String tls = Keys.STORE_TLS.defaultValue();

    @Option(names = "--tls-ca-file", paramLabel = "FILE", description = "CA of the server's certificate (as store.tls.ca-file).")
    Path tlsCaFile;

    @Option(names = "--chunk", paramLabel = "ROWS", description = "Rows per transaction (default: ${DEFAULT-VALUE}).")
    int chunk = StoreCopy.DEFAULT_CHUNK;

    @Override
    public Integer call() {
      CliLogging.quiet();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!from.startsWith("sqlite:") || from.length() == "sqlite:".length()) {
        return usage(err, "--from must be sqlite:PATH, got " + from);
      }
      String url = jdbcUrl(to);
      if (url == null) {
        return usage(err, "--to must be postgres://host:port/database or postgres:jdbc:postgresql://host:port/database, got " + to);
      }
      if (!java.util.List.of("disable", "prefer", "require", "verify-ca", "verify-full").contains(tls)) {
        return usage(err, "--tls must be disable, prefer, require, verify-ca or verify-full, got " + tls);
      }
      if (chunk < 1) {
        return usage(err, "--chunk must be >= 1");
      }
      Path file = StoreCopy.sourceFile(Path.of(from.substring("sqlite:".length())));
      long start = System.nanoTime();
      try {
        String password = passwordFile == null ? null : PostgresSettings.readPassword(passwordFile);
        // A command fails and says so rather than wait for ever for an unreachable server.
        PostgresSettings pg = new PostgresSettings(url, user, password, 1, tls, tlsCaFile, Duration.ofSeconds(10));
        out.println("copying " + file.toAbsolutePath() + " to " + url);
        out.printf("%-18s %10s %10s %10s%n", "table", "read", "written", "unchanged");
        out.flush();
        StoreCopy.Result r = StoreCopy.run(file, pg, chunk, new StoreCopy.Listener() {
          private long lastNote = System.nanoTime();

          @Override
          public void tableDone(StoreCopy.TableCount c) {
            out.printf("%-18s %10d %10d %10d%n", c.table(), c.read(), c.written(), c.unchanged());
            out.flush();
            lastNote = System.nanoTime();
          }

          /** A big journal takes minutes: a line every 10 s shows it moves. */
          @Override
          public void chunkDone(StoreCopy.TableCount soFar) {
            if (System.nanoTime() - lastNote >= NOTE_EVERY_NANOS) {
              out.printf("  %s: %d read, %d written so far%n", soFar.table(), soFar.read(), soFar.written());
              out.flush();
              lastNote = System.nanoTime();
            }
          }
        });
        out.printf("done in %.1f s (schema V%d; progress kept as source %s in store_copy_progress). Running the same "
            + "copy again is safe: it writes only what is new or changed on the source.%n",
            (System.nanoTime() - start) / 1e9, r.schemaVersion(), r.source());
        out.flush();
        return 0;
      } catch (StoreException | IllegalArgumentException e) {
        err.println("tillwatch store copy: " + inOptions(e.getMessage()));
        err.println("tillwatch store copy: what was committed stays; run the same command again to resume.");
        err.flush();
        return 1;
      }
    }

    /** The store's messages name the daemon's settings; this command takes the same values as options. */
    static String inOptions(String message) {
      return message == null ? "" : message.replace("store.url", "--to").replace("store.user", "--user")
          .replace("store.password-file", "--password-file");
    }

    /** The JDBC URL of {@code postgres://...} or {@code postgres:jdbc:postgresql://...}; null for anything else. */
    static String jdbcUrl(String to) {
      if (to.startsWith("postgres:jdbc:postgresql:")) {
        return to.substring("postgres:".length());
      }
      if (to.startsWith("postgres://") || to.startsWith("postgresql://")) {
        return "jdbc:postgresql:" + to.substring(to.indexOf("//"));
      }
      return null;
    }

    private static int usage(PrintWriter err, String message) {
      err.println("tillwatch store copy: " + message);
      err.flush();
      return 2;
    }
  }
}
