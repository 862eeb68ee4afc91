package io.tillwatch.tools;

import io.tillwatch.app.config.Durations;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruth;
import io.tillwatch.sim.GroundTruthRecord;
import io.tillwatch.tools.score.FollowUpScore;
import io.tillwatch.tools.score.FollowUpScorer;
import io.tillwatch.tools.score.GroundTruthScorer;
import io.tillwatch.tools.score.KindScore;
import io.tillwatch.tools.score.ObservedFinding;
import io.tillwatch.tools.score.ObservedTask;
import io.tillwatch.tools.score.ScoreReport;
import io.tillwatch.tools.score.TillWatchApi;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scores a running TillWatch's tasks against the ground truth that {@code tillwatch simulate
 * --ground-truth} wrote. Prints one line per finding kind, then one JSON line (the last line of its
 * output), as the load generator does with its own ground truth.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Compare a TillWatch's tasks with the faults a simulation injected (simulate --ground-truth): "
        + "per kind, expected, matched, missed and unexpected findings; for money findings whether each task ended with "
        + "the right next step; then one JSON line.")
final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--ground-truth", required = true, description = "The JSON Lines file 'simulate --ground-truth' wrote.")
  Path groundTruth;

  @Option(names = "--tillwatch", defaultValue = "http://127.0.0.1:8080", description = "Base URL of TillWatch's HTTP API.")
  URI tillwatch;

  @Option(names = "--token", description = "An API token (role read); not needed when the daemon runs with --http.auth=off.")
  String token;

  @Option(names = "--settle", defaultValue = "0s",
      description = "Faults injected less than this long ago are not judged (their deadline may not have passed): "
          + "the daemon's longest detect.* timeout (30m with the defaults); 0s judges every fault.")
  String settle;

  @Option(names = "--follow-up-settle",
      description = "Money findings injected less than this long ago are not judged on their follow-up (the back office may "
          + "not have answered yet): the longest detect.* timeout plus the re-check schedule. Default: --settle.")
  String followUpSettle;

  @Override
  public Integer call() throws Exception {
    Duration notYet;
    Duration followUpNotYet;
    try {
      notYet = Durations.parse(settle);
      followUpNotYet = followUpSettle == null ? notYet : Durations.parse(followUpSettle);
    } catch (IllegalArgumentException e) {
      System.err.println("tillwatch-tools score: " + e.getMessage());
      return 2;
    }
    List<GroundTruthRecord> truth;
    List<ObservedTask> tasks;
    try {
      truth = GroundTruth.readFile(groundTruth);
      tasks = new TillWatchApi(tillwatch, token).tasks();
    } catch (IOException e) {
      System.err.println("tillwatch-tools score: " + e);
      return 1;
    }
    long injectedBefore = notYet.isZero() ? Long.MAX_VALUE : System.currentTimeMillis() - notYet.toMillis();
    List<ObservedFinding> found = tasks.stream().map(ObservedTask::finding).toList();
    Map<FindingKind, KindScore> scores = GroundTruthScorer.score(truth, found, injectedBefore);
    long followUpBefore = followUpNotYet.isZero() ? Long.MAX_VALUE : System.currentTimeMillis() - followUpNotYet.toMillis();
    Map<FindingKind, FollowUpScore> followUps = FollowUpScorer.score(truth, tasks, followUpBefore);
    FollowUpScore.Tally tally = FollowUpScorer.tally(tasks);
    System.out.printf("score: %d injected faults in %s, %d tasks at %s%n", truth.size(), groundTruth, found.size(), tillwatch);
    System.out.print(ScoreReport.summary(scores));
    System.out.print(ScoreReport.followUpSummary(followUps, tally));
    System.out.println(ScoreReport.json(scores).put("followUp", ScoreReport.followUpJson(followUps, tally)).encode());
    return 0;
  }
}
