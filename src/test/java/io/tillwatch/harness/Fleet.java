package io.tillwatch.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The simulated terminals and the one thread that pumps them (every 10 ms). */
final class Fleet implements AutoCloseable {
  private final List<SimTerminal> terminals = new ArrayList<>();
  private final ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "harness-pump");
    t.setDaemon(true);
    return t;
  });
  private ScheduledFuture<?> ticking;
  private long lastTickNanos;

  /**
   * @param endpoint where terminals connect ({@code tcp://host:port}): TillWatch's embedded endpoint,
   *                 or an external broker TillWatch subscribes to; or several, comma-separated (gateways of
   *                 a cluster), spread over the terminals, each falling over to the others when its own is down
   */
  Fleet(String endpoint, String merchant, FleetSettings settings, long seed, Ledger ledger) throws Exception {
    for (int i = 0; i < settings.terminals(); i++) {
      boolean persistent = settings.persistentEvery() > 0 && i % settings.persistentEvery() == settings.persistentEvery() - 1;
      terminals.add(new SimTerminal(preferring(endpoint, i), merchant, String.format("ht%04d", i + 1), persistent, seed * 7919 + i, settings,
          ledger));
    }
  }

  /** The endpoints with the {@code i}-th (round robin) first: one endpoint stays as it is. */
  private static String preferring(String endpoints, int i) {
    List<String> all = List.of(endpoints.split(","));
    List<String> rotated = new ArrayList<>(all.subList(i % all.size(), all.size()));
    rotated.addAll(all.subList(0, i % all.size()));
    return String.join(",", rotated);
  }

  void start() {
    lastTickNanos = System.nanoTime();
    ticking = pump.scheduleAtFixedRate(this::tick, 0, 10, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      double dt = (now - lastTickNanos) / 1e9;
      lastTickNanos = now;
      for (SimTerminal t : terminals) {
        t.tick(now, dt);
      }
    } catch (RuntimeException e) {
      e.printStackTrace(); // never let the schedule die silently
    }
  }

  void stopProducing() {
    terminals.forEach(SimTerminal::stopProducing);
  }

  boolean drained() {
    return terminals.stream().allMatch(SimTerminal::drained);
  }

  List<String> stuck() {
    return terminals.stream().filter(t -> !t.drained()).map(SimTerminal::describe).toList();
  }

  int pending() {
    return terminals.stream().mapToInt(SimTerminal::pending).sum();
  }

  @Override
  public void close() {
    if (ticking != null) {
      ticking.cancel(false);
    }
    pump.shutdown();
    try {
      pump.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    terminals.parallelStream().forEach(SimTerminal::close);
  }
}
