package io.tillwatch.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a terminal's transaction-event seqs arrived: the duplicate filter and the source of
 * TELEMETRY_GAP findings.
 *
 * <p>Design: a low and a high watermark plus a short sorted list of missing ranges. A seq in
 * {@code [low, high]} that is in no missing range has been seen: a duplicate. Each detection (a
 * seq jump, a seq below low, a heartbeat's lastSeq ahead of high) opens an {@link Episode}: the
 * range as detected, its detection time and whether its finding was raised. Its missing seqs live
 * in {@link Range}s that shrink and split as late events fill them; the episode is complete when
 * its last range is filled. The number of ranges is bounded: beyond {@code maxRanges} the range
 * with the lowest seqs is dropped (counted), its episode becomes "lossy" (it can no longer prove
 * it was filled, so it never clears) and everything at or below the dropped range is no longer
 * tracked: such a seq is accepted as new (applying an event twice to a sale is harmless, losing
 * one is not).
 *
 * <p>Counter reset: a jump of more than {@link #RESET_JUMP} either way is taken as the terminal's
 * counter restarting (reinstall, factory reset), not as 100000 lost events: tracking restarts at
 * the new seq with no gap; open episodes are forgotten (a raised gap finding stays open for a person).
 */
final class SeqTracker {
  static final long RESET_JUMP = 100_000;
  static final int RANGES_SHOWN = 5;

  enum Accept { NEW, DUPLICATE, RESET }

  /** One detected gap: the unit of a TELEMETRY_GAP finding. */
  static final class Episode {
    final long first;
    final long last;
    final long detectedMs;
    int ranges;
    boolean raised;
    boolean lossy;

    Episode(long first, long last, long detectedMs) {
      this.first = first;
      this.last = last;
      this.detectedMs = detectedMs;
    }

    String subject() {
      return "seq:" + first + "-" + last;
    }
  }

  private static final class Range {
    long first;
    long last;
    final Episode episode;

    Range(long first, long last, Episode episode) {
      this.first = first;
      this.last = last;
      this.episode = episode;
    }
  }

  private final int maxRanges;
  private final ArrayList<Range> ranges = new ArrayList<>(0);
  private final ArrayList<Episode> episodes = new ArrayList<>(0);
  private final ArrayList<Episode> completed = new ArrayList<>(0);
  private boolean started;
  private long low;
  private long high;
  private boolean hasFloor;
  /** Seqs at or below this are no longer tracked (a range was dropped). */
  private long floor;
  private long droppedRanges;
  private long resets;

  SeqTracker(int maxRanges) {
    this.maxRanges = Math.max(1, maxRanges);
  }

  Accept accept(long seq, long nowMs) {
    if (!started) {
      started = true;
      low = high = seq;
      return Accept.NEW;
    }
    if (hasFloor && seq <= floor) {
      return Accept.NEW;
    }
    if (seq > high) {
      if (seq - high > RESET_JUMP) {
        reset(seq);
        return Accept.RESET;
      }
      if (seq > high + 1) {
        open(high + 1, seq - 1, nowMs);
      }
      high = seq;
      return Accept.NEW;
    }
    if (seq < low) {
      if (low - seq > RESET_JUMP) {
        reset(seq);
        return Accept.RESET;
      }
      if (seq < low - 1) {
        open(seq + 1, low - 1, nowMs);
      }
      low = seq;
      return Accept.NEW;
    }
    int i = rangeContaining(seq);
    if (i < 0) {
      return Accept.DUPLICATE;
    }
    fill(i, seq);
    return Accept.NEW;
  }

  /** A heartbeat says the terminal published up to {@code lastSeq}. Ignored before the first seq. */
  void reportLastSeq(long lastSeq, long nowMs) {
    if (!started || lastSeq <= high || lastSeq - high > RESET_JUMP) {
      return; // a huge lead is a counter reset: the next event restarts tracking
    }
    open(high + 1, lastSeq, nowMs);
    high = lastSeq;
  }

  /** Episodes, oldest first. */
  List<Episode> episodes() {
    return episodes;
  }

  /** Its finding was raised (see {@link #earliestUnraised}). */
  void markRaised(Episode ep) {
    ep.raised = true;
    if (ep.ranges == 0) {
      episodes.remove(ep); // lossy and otherwise filled: nothing more to track
    }
  }

  /** Episodes whose every seq arrived since the last call; the caller clears their findings. */
  List<Episode> completed() {
    return completed;
  }

  /** The episode not raised yet that was detected first (the first such in list order on a tie), or null. */
  Episode earliestUnraised() {
    Episode earliest = null;
    for (int i = 0; i < episodes.size(); i++) {
      Episode ep = episodes.get(i);
      if (!ep.raised && (earliest == null || ep.detectedMs < earliest.detectedMs)) {
        earliest = ep;
      }
    }
    return earliest;
  }

  int openGapFindings() {
    int n = 0;
    for (int i = 0; i < episodes.size(); i++) {
      if (episodes.get(i).raised) {
        n++;
      }
    }
    return n;
  }

  long highestSeq() {
    return started ? high : -1;
  }

  /**
   * The seqs of {@code ep} still missing, as a person reads them: {@code 771, 780..782}, at most
   * {@value #RANGES_SHOWN} ranges and then how many more; with how many seqs that is, when fewer
   * than the episode's whole range: {@code 771, 783 (2 of 762..783)}; else the range and its size:
   * {@code 762..783 (22)}. A heartbeat's lastSeq can run ahead of events still on their way (they
   * are journaled first), so an episode often opens wider than what stays missing.
   */
  String stillMissing(Episode ep) {
    StringBuilder text = new StringBuilder();
    long missing = 0;
    int shown = 0;
    int more = 0;
    for (Range r : ranges) {
      if (r.episode != ep) {
        continue;
      }
      missing += r.last - r.first + 1;
      if (shown == RANGES_SHOWN) {
        more++;
        continue;
      }
      text.append(shown++ == 0 ? "" : ", ").append(r.first);
      if (r.last > r.first) {
        text.append("..").append(r.last);
      }
    }
    long whole = ep.last - ep.first + 1;
    if (missing == whole || shown == 0) {
      return ep.first + ".." + ep.last + " (" + whole + ")";
    }
    return text + (more > 0 ? " and " + more + " more ranges" : "") + " (" + missing + " of " + ep.first + ".." + ep.last + ")";
  }

  List<long[]> missingRanges() {
    List<long[]> out = new ArrayList<>(ranges.size());
    for (Range r : ranges) {
      out.add(new long[] {r.first, r.last});
    }
    return out;
  }

  long droppedRanges() {
    return droppedRanges;
  }

  long resets() {
    return resets;
  }

  private void open(long first, long last, long nowMs) {
    Episode ep = new Episode(first, last, nowMs);
    episodes.add(ep);
    insert(new Range(first, last, ep));
    enforceBound();
  }

  private void insert(Range r) {
    int lo = 0;
    int hi = ranges.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ranges.get(mid).first < r.first) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    ranges.add(lo, r);
    r.episode.ranges++;
  }

  private int rangeContaining(long seq) {
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Range r = ranges.get(mid);
      if (seq < r.first) {
        hi = mid - 1;
      } else if (seq > r.last) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private void fill(int i, long seq) {
    Range r = ranges.get(i);
    if (r.first == r.last) {
      ranges.remove(i);
      emptied(r.episode);
    } else if (seq == r.first) {
      r.first++;
    } else if (seq == r.last) {
      r.last--;
    } else {
      Range upper = new Range(seq + 1, r.last, r.episode);
      r.last = seq - 1;
      ranges.add(i + 1, upper);
      r.episode.ranges++;
      enforceBound();
    }
  }

  private void emptied(Episode ep) {
    if (--ep.ranges > 0) {
      return;
    }
    if (!ep.lossy) {
      episodes.remove(ep);
      completed.add(ep);
    } else if (ep.raised) {
      episodes.remove(ep);
    }
    // lossy and not raised yet: kept until its deadline raises it (seqs of it are still unknown)
  }

  private void enforceBound() {
    while (ranges.size() > maxRanges) {
      Range dropped = ranges.remove(0);
      droppedRanges++;
      hasFloor = true;
      floor = dropped.last;
      low = Math.max(low, dropped.last + 1);
      dropped.episode.lossy = true;
      emptied(dropped.episode);
    }
  }

  private void reset(long seq) {
    resets++;
    ranges.clear();
    episodes.clear();
    hasFloor = false;
    low = high = seq;
  }
}
