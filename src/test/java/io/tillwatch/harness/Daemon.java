package io.tillwatch.harness;

import java.time.Duration;
import java.time.Instant;

/**
 * How the harness starts, kills and reaches the system under test. The embedded mode is
 * {@link JarDaemon} with terminals connecting to TillWatch itself; broker mode is the same jar
 * started with {@code --ingest.mode=broker --broker.url=...} and terminals connecting to the
 * broker's URL instead (see {@link JarDaemon#withTerminalEndpoint}).
 */
interface Daemon extends AutoCloseable {
  /** Where terminals connect: {@code tcp://host:port}. */
  String terminalEndpoint();

  /** Base URL of TillWatch's HTTP API. */
  String httpBase();

  /** JDBC URL (read-only use) of the store the journal and the tasks are in: the SQLite file or a PostgreSQL database. */
  String storeUrl();

  /** Where the events it acknowledged are kept: the journal of its store, unless it says otherwise. */
  default StoredEvents storedEvents() {
    return new JournalEvents(storeUrl());
  }

  /**
   * How far detection has got: every deadline that falls due before this moment has fired. An
   * embedded engine runs on the wall clock; a cluster's detectors run on partition clocks that
   * may be held back (see {@link KafkaClusterDaemons#detectionClock}).
   */
  default Instant detectionClock() throws Exception {
    return Instant.now();
  }

  /** Starts the process; does not wait. */
  void launch() throws Exception;

  /** Waits until {@code /health/ready} answers 200; returns ms from {@link #launch} to then. */
  long awaitReady(Duration atMost);

  /** SIGKILL and wait for the process to be gone. */
  void kill9() throws InterruptedException;

  /** SIGTERM and wait; the exit status (-1 if it had to be killed). */
  int terminate() throws InterruptedException;

  boolean alive();

  @Override
  void close();
}
