package io.tillwatch.tools.load;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruth;
import io.tillwatch.tools.score.GroundTruthScorer;
import io.tillwatch.tools.score.KindScore;
import io.tillwatch.tools.score.Misses;
import io.tillwatch.tools.score.ObservedTask;
import io.tillwatch.tools.score.TillWatchApi;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one load: connect every connection, warm up, measure, stop, and (against TillWatch) score
 * the findings against the ground truth. Blocking; meant for the CLI's main thread.
 *
 * <p>Phases are announced on {@code out} as {@code load: measure-start <epoch ms>} and
 * {@code load: measure-end <epoch ms>}, so a script can sample the server (CPU, RSS) over exactly
 * the measured window.
 */
public final class LoadGenerator {
  private static final long STOP_GRACE_MS = 15_000;

  private final LoadOptions opts;
  private final PrintStream out;

  public LoadGenerator(LoadOptions opts, PrintStream out) {
    this.opts = opts;
    this.out = out;
  }

  public String run() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (GroundTruth truth = GroundTruth.inMemory()) {
      LoadResult r = run(vertx, truth);
      out.print(r.summary());
      return r.json();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private LoadResult run(Vertx vertx, GroundTruth truth) throws Exception {
    LoadStats stats = new LoadStats();
    Recorder latency = new Recorder(3);
    TillWatchApi api = opts.tillwatch() == null ? null : new TillWatchApi(opts.tillwatch(), null);
    List<LoadShard> shards = deploy(vertx, stats, latency, truth);
    int total = opts.fleet().terminals();
    long connectStart = System.currentTimeMillis();
    long connectDeadline = connectStart + 30_000 + (long) (1000.0 * total / opts.fleet().connectsPerSecond());
    while (stats.connected.get() < total && System.currentTimeMillis() < connectDeadline) {
      Thread.sleep(50);
    }
    out.printf("load: %d of %d connected in %.1f s%n", stats.connected.get(), total, (System.currentTimeMillis() - connectStart) / 1000.0);
    if (stats.connected.get() == 0) {
      stop(shards, System.currentTimeMillis());
      throw new IllegalStateException("no connection to " + opts.fleet().host() + ":" + opts.fleet().port() + " succeeded ("
          + stats.connectFailures.sum() + " attempts failed)");
    }
    shards.forEach(s -> s.onLoop(s::startLoad));
    Thread.sleep(opts.warmup().toMillis());

    latency.reset();
    long ackedBefore = stats.acked.sum();
    long sentBefore = stats.sent.sum();
    Sample committedBefore = Sample.of(api);
    long start = System.currentTimeMillis();
    out.println("load: measure-start " + start);
    out.flush();
    Thread.sleep(opts.duration().toMillis());
    Histogram window = latency.getIntervalHistogram();
    long acked = stats.acked.sum() - ackedBefore;
    long end = System.currentTimeMillis();
    Sample committedAfter = Sample.of(api);
    int connected = stats.connected.get();
    out.println("load: measure-end " + end);
    out.flush();
    double secs = (end - start) / 1000.0;
    double offered = opts.closedLoop() ? (stats.sent.sum() - sentBefore) / secs : opts.rate();

    long stoppedAt = System.currentTimeMillis();
    int late = stop(shards, stoppedAt + STOP_GRACE_MS);
    Map<FindingKind, KindScore> scores = null;
    Map<FindingKind, KindScore> recheck = null;
    if (api != null && opts.scoreAfter() != null) {
      out.printf("load: waiting %d s for the daemon's deadlines before scoring%n", opts.scoreAfter().toSeconds());
      Thread.sleep(opts.scoreAfter().toMillis());
      long firstLook = System.currentTimeMillis();
      scores = GroundTruthScorer.score(truth.all(), api.findings(), stoppedAt);
      if (Misses.count(scores) > 0) {
        out.print(Misses.listed(scores, stoppedAt));
        if (opts.recheckAfter() != null) {
          out.printf("load: %d missed; looking again in %d s to tell late findings from lost ones%n", Misses.count(scores),
              opts.recheckAfter().toSeconds());
          Thread.sleep(opts.recheckAfter().toMillis());
          List<ObservedTask> tasks = api.tasks();
          recheck = GroundTruthScorer.score(truth.all(), tasks.stream().map(ObservedTask::finding).toList(), stoppedAt);
          out.print(Misses.recheck(scores, recheck, tasks, firstLook, stoppedAt));
        }
      }
    }
    long sent = stats.sent.sum();
    return new LoadResult(opts, connected, start, end, offered, acked / secs, Sample.rate(committedBefore, committedAfter), window,
        sent == 0 ? 0 : (double) stats.payloadBytes.sum() / sent, stats.lostInFlight.sum(), stats.disconnects.sum(),
        stats.connectFailures.sum(), late, stats.shed.sum(), scores, recheck);
  }

  /** One shard per core (at most one per connection); connection i goes to shard i mod k. */
  private List<LoadShard> deploy(Vertx vertx, LoadStats stats, Recorder latency, GroundTruth truth) throws Exception {
    int n = Math.max(1, Math.min(opts.fleet().terminals(), Runtime.getRuntime().availableProcessors()));
    List<List<Integer>> slices = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      slices.add(new ArrayList<>());
    }
    for (int i = 0; i < opts.fleet().terminals(); i++) {
      slices.get(i % n).add(i);
    }
    String runTag = Long.toString(System.currentTimeMillis() / 1000, 36);
    List<LoadShard> shards = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    for (List<Integer> slice : slices) {
      LoadShard shard = new LoadShard(opts, slice, stats, latency, truth, runTag);
      shards.add(shard);
      deployed.add(vertx.deployVerticle(shard));
    }
    Future.all(deployed).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return shards;
  }

  /** Stops every shard; returns the open loop's intended sends that never went out. */
  private static int stop(List<LoadShard> shards, long deadlineMs) throws Exception {
    List<Future<Integer>> stopped = new ArrayList<>();
    for (LoadShard s : shards) {
      Promise<Integer> p = Promise.promise();
      s.onLoop(() -> {
        int late = s.late();
        s.stopLoad(deadlineMs).onComplete(ar -> p.complete(late));
      });
      stopped.add(p.future());
    }
    Future.all(stopped).toCompletionStage().toCompletableFuture().get(deadlineMs - System.currentTimeMillis() + 10_000,
        TimeUnit.MILLISECONDS);
    int late = 0;
    for (Future<Integer> f : stopped) {
      late += f.result();
    }
    return late;
  }

  /**
   * The daemon's committed count, timed at the middle of its scrape: a scrape under load can take
   * a good part of a second, and the rate is taken between the two scrapes, not the window's edges.
   */
  private record Sample(double count, long atNanos) {
    static Sample of(TillWatchApi api) throws Exception {
      if (api == null) {
        return null;
      }
      long before = System.nanoTime();
      double c = api.committedEvents();
      return new Sample(c, before + (System.nanoTime() - before) / 2);
    }

    /** Events/s from {@code a} to {@code b}; -1 without samples (the target is not TillWatch). */
    static double rate(Sample a, Sample b) {
      return a == null || b == null ? -1 : (b.count - a.count) * 1e9 / (b.atNanos - a.atNanos);
    }
  }
}
