package io.tillwatch.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.SeqTracker.Accept;
import org.junit.jupiter.api.Test;

class SeqTrackerTest {

  @Test
  void firstSeqSetsBothWatermarksWithoutAGap() {
    SeqTracker s = new SeqTracker(8);
    assertEquals(Accept.NEW, s.accept(42, 0));
    assertTrue(s.episodes().isEmpty());
    assertEquals(Accept.DUPLICATE, s.accept(42, 0));
    assertEquals(Accept.NEW, s.accept(43, 0));
    assertEquals(Accept.NEW, s.accept(41, 0)); // below low by one: extends, no gap
    assertTrue(s.episodes().isEmpty());
  }

  @Test
  void fillSplitsRangesAndCompletesTheEpisode() {
    SeqTracker s = new SeqTracker(8);
    s.accept(1, 0);
    s.accept(10, 5); // 2..9 missing
    assertEquals(1, s.episodes().size());
    assertEquals(Accept.NEW, s.accept(5, 6));
    assertEquals(2, s.missingRanges().size());
    assertArrayEquals(new long[] {2, 4}, s.missingRanges().get(0));
    assertArrayEquals(new long[] {6, 9}, s.missingRanges().get(1));
    assertEquals(Accept.DUPLICATE, s.accept(5, 6));
    for (long q : new long[] {2, 3, 4, 6, 7, 8}) {
      s.accept(q, 7);
    }
    assertTrue(s.completed().isEmpty());
    s.accept(9, 8);
    assertEquals(1, s.completed().size());
    assertEquals("seq:2-9", s.completed().get(0).subject());
    assertTrue(s.episodes().isEmpty());
  }

  @Test
  void belowLowOpensTheRangeBetween() {
    SeqTracker s = new SeqTracker(8);
    s.accept(10, 0);
    s.accept(6, 1);
    assertArrayEquals(new long[] {7, 9}, s.missingRanges().get(0));
  }

  @Test
  void rangesAreBoundedByDroppingTheOldest() {
    SeqTracker s = new SeqTracker(3);
    s.accept(0, 0);
    for (int i = 1; i <= 5; i++) {
      s.accept(i * 10, i); // gaps 1-9, 11-19, 21-29, 31-39, 41-49
    }
    assertEquals(3, s.missingRanges().size());
    assertEquals(2, s.droppedRanges());
    assertArrayEquals(new long[] {21, 29}, s.missingRanges().get(0));
    // dropped seqs can no longer be told from duplicates: accepted, never a new gap
    assertEquals(Accept.NEW, s.accept(5, 9));
    assertEquals(3, s.missingRanges().size());
    // the dropped episodes are lossy: still waiting to be raised, never completed
    assertTrue(s.completed().isEmpty());
    assertEquals(5, s.episodes().size());
  }

  @Test
  void heartbeatLastSeqOpensARangeIncludingLastSeq() {
    SeqTracker s = new SeqTracker(8);
    s.reportLastSeq(50, 0); // nothing seen yet: ignored
    assertTrue(s.episodes().isEmpty());
    s.accept(3, 0);
    s.reportLastSeq(5, 1);
    assertArrayEquals(new long[] {4, 5}, s.missingRanges().get(0));
    assertEquals(5, s.highestSeq());
    s.reportLastSeq(5, 2); // no news
    assertEquals(1, s.episodes().size());
  }
}
