package io.tillwatch.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start has opened so far, so that a start that fails half-way closes it again, last opened
 * first: a failed start must not leave a port bound, the database open or event-loop threads
 * running (a supervisor that retries would find the port taken; a test JVM would leak threads).
 * A close that fails is logged and the others still run; the start's own error is what is reported.
 */
final class StartedParts {
  private static final Logger LOG = LoggerFactory.getLogger(StartedParts.class);

  private final Deque<Part> opened = new ArrayDeque<>();

  private record Part(String name, Runnable close) {}

  /** Records a part that is now open and how to close it. */
  void add(String name, Runnable close) {
    opened.push(new Part(name, close));
  }

  /** Closes every recorded part, newest first. */
  void closeAll() {
    while (!opened.isEmpty()) {
      Part p = opened.pop();
      try {
        p.close().run();
      } catch (RuntimeException e) {
        LOG.warn("after a failed start, could not close the {}: {}", p.name(), e.toString());
      }
    }
  }
}
