package io.tillwatch.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Several TillWatch instances seen by the harness as one system under test: partitioned broker
 * mode (each instance owns a slice of the terminals, {@code broker.partition=i/n}) on one shared
 * store. A kill takes down ONE instance, chosen by a seeded random draw (so a replay kills the same
 * ones), while the others keep running; a launch starts every instance that is down. Ready means
 * every instance answers {@code /health/ready}. The API and the store are the first instance's;
 * on a shared store every instance's API lists the same tasks.
 */
final class PartitionedDaemons implements Daemon {
  private final List<JarDaemon> instances;
  private final Random pick;
  private final List<JarDaemon> launched = new ArrayList<>();

  PartitionedDaemons(List<JarDaemon> instances, long seed) {
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("no instances");
    }
    this.instances = List.copyOf(instances);
    this.pick = new Random(seed ^ 0x5EEDL);
  }

  @Override
  public String terminalEndpoint() {
    return instances.get(0).terminalEndpoint();
  }

  @Override
  public String httpBase() {
    return instances.get(0).httpBase();
  }

  @Override
  public String storeUrl() {
    return instances.get(0).storeUrl();
  }

  @Override
  public void launch() throws Exception {
    launched.clear();
    for (JarDaemon d : instances) {
      if (!d.alive()) {
        d.launch();
        launched.add(d);
      }
    }
  }

  /** Waits for every instance; returns the slowest restart-to-ready of those the last launch started. */
  @Override
  public long awaitReady(Duration atMost) {
    long slowest = 0;
    for (JarDaemon d : instances) {
      long ms = d.awaitReady(atMost);
      if (launched.contains(d)) {
        slowest = Math.max(slowest, ms);
      }
    }
    return slowest;
  }

  /** SIGKILLs one running instance, drawn at random. */
  @Override
  public void kill9() throws InterruptedException {
    List<JarDaemon> running = instances.stream().filter(JarDaemon::alive).toList();
    if (!running.isEmpty()) {
      running.get(pick.nextInt(running.size())).kill9();
    }
  }

  /** SIGTERM to every instance; the first non-zero exit status, or 0. */
  @Override
  public int terminate() throws InterruptedException {
    int status = 0;
    for (JarDaemon d : instances) {
      int s = d.terminate();
      if (status == 0) {
        status = s;
      }
    }
    return status;
  }

  @Override
  public boolean alive() {
    return instances.stream().allMatch(JarDaemon::alive);
  }

  @Override
  public void close() {
    instances.forEach(JarDaemon::close);
  }
}
