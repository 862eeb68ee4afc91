package io.tillwatch.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the bill files that appear in a folder: the daemon's way of taking bills while it runs.
 *
 * <p>Design. One thread polls the folder every {@code interval} (polling, not a file-system watch:
 * it behaves the same on network shares and in containers). A file is taken once it has not been
 * modified for {@code settle}, so a bill still being copied in is left alone; names starting with
 * '.' or ending in .tmp or .part are never taken. The format and day come from the file's name or
 * its subfolder (see {@link DropFileName}). After an import (or a re-import that changed nothing)
 * the file moves to {@code done/} with the printed report beside it ({@code <name>.report.txt});
 * a refused file moves to {@code refused/} with the reason beside it ({@code <name>.error.txt}).
 * A failure that is not the file's fault (the store) leaves the file where it is, to be tried
 * again at the next poll. Imports run on this thread, one at a time, never on an event loop.
 *
 * <p>Life cycle: {@link #start()} once, {@link #stop()} waits for an import in progress to finish.
 */
public final class DropFolder {
  private static final Logger LOG = LoggerFactory.getLogger(DropFolder.class);
  public static final String DONE = "done";
  public static final String REFUSED = "refused";

  private final Path dir;
  private final Reconciler reconciler;
  private final Duration interval;
  private final Duration settle;
  private final ZoneId readerZone;
  private final Clock clock;
  private ScheduledExecutorService executor;

  public DropFolder(Path dir, Reconciler reconciler, Duration interval, Duration settle, ZoneId readerZone, Clock clock) {
    this.dir = dir;
    this.reconciler = reconciler;
    this.interval = interval;
    this.settle = settle;
    this.readerZone = readerZone;
    this.clock = clock;
  }

  /** Creates the folder and its done/ and refused/ when missing, then polls it. */
  public synchronized void start() throws IOException {
    if (executor != null) {
      throw new IllegalStateException("already started");
    }
    Files.createDirectories(dir.resolve(DONE));
    Files.createDirectories(dir.resolve(REFUSED));
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tillwatch-reconcile-drop");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::scanQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("watching {} for settlement bills every {}", dir, interval);
  }

  /** Stops polling; an import in progress completes first (waits up to a minute). */
  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.warn("a bill import in {} did not finish within a minute", dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  private void scanQuietly() {
    try {
      scan();
    } catch (RuntimeException | IOException e) {
      LOG.error("scanning {} for bills failed: {}", dir, e.toString());
    }
  }

  /** One pass over the folder; returns what was done with each file taken. Package-private for tests. */
  List<ImportResult> scan() throws IOException {
    List<ImportResult> out = new ArrayList<>();
    for (Path file : candidates(dir, null)) {
      take(file, null).ifPresent(out::add);
    }
    for (BillFormat f : BillFormat.values()) {
      Path sub = dir.resolve(f.label());
      if (Files.isDirectory(sub)) {
        for (Path file : candidates(sub, f)) {
          take(file, f).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  private List<Path> candidates(Path folder, BillFormat format) throws IOException {
    long settledBefore = clock.millis() - settle.toMillis();
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(Files::isRegularFile).filter(p -> {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && !n.endsWith(".tmp") && !n.endsWith(".part");
      }).filter(p -> {
        try {
          return Files.getLastModifiedTime(p).toMillis() <= settledBefore;
        } catch (IOException e) {
          return false;
        }
      }).sorted().toList();
    }
  }

  private Optional<ImportResult> take(Path file, BillFormat folderFormat) throws IOException {
    StringBuilder why = new StringBuilder();
    Optional<DropFileName> name = DropFileName.parse(file, folderFormat, why);
    if (name.isEmpty()) {
      ImportResult refused = ImportResult.refused(folderFormat == null ? BillFormat.CSV : folderFormat, why.toString());
      move(file, REFUSED, ".error.txt", why + "\n");
      LOG.warn("bill {} refused: {}", file.getFileName(), why);
      return Optional.of(refused);
    }
    DropFileName n = name.get();
    ImportResult r;
    try {
      r = reconciler.importFile(file, n.format(), n.date(), n.merchant());
    } catch (RuntimeException e) {
      LOG.error("importing bill {} failed; will try again: {}", file.getFileName(), e.toString());
      return Optional.empty();
    }
    if (r.status() == ImportResult.Status.REFUSED) {
      move(file, REFUSED, ".error.txt", r.error() + "\n");
      LOG.warn("bill {} refused: {}", file.getFileName(), r.error());
    } else {
      move(file, DONE, ".report.txt", ReportText.write(r, readerZone));
      LOG.info("bill {} {}", file.getFileName(), r.status().name().toLowerCase(java.util.Locale.ROOT));
    }
    return Optional.of(r);
  }

  /** Moves the file into dir/where (a new name when taken) and writes the text beside it. */
  private void move(Path file, String where, String suffix, String text) throws IOException {
    Path target = Files.createDirectories(dir.resolve(where)).resolve(file.getFileName());
    if (Files.exists(target)) {
      target = dir.resolve(where).resolve(clock.millis() + "-" + file.getFileName());
    }
    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(target.resolveSibling(target.getFileName() + suffix), text, StandardCharsets.UTF_8);
  }
}
