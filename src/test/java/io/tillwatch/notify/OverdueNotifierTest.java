package io.tillwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.AckDeadlines;
import io.tillwatch.tasks.InMemoryTaskRepository;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overdue policy with a fake clock: which tasks are notified, when, and only once. No Vert.x, no network. */
class OverdueNotifierTest {
  private static final long T0 = 1_800_000_000_000L;

  private final TestClock clock = new TestClock(T0);
  private final TaskIndex index = new TaskIndex(new AckDeadlines(Duration.ofMinutes(10), Duration.ofHours(1),
      Duration.ofHours(4)));
  private final TaskService tasks = new TaskService(new InMemoryTaskRepository(), (m, t, txn) -> List.of(), index, clock);
  private final List<Notification> sent = new ArrayList<>();

  private String raise(FindingKind kind, Severity severity, String subject) {
    List<String> ids = new ArrayList<>();
    tasks.addListener(c -> ids.add(c.task().id()));
    FindingKey key = new FindingKey(kind, "m001", "t0001", subject);
    tasks.raised(new Finding(key, severity, kind.perSale() ? subject : null, 12_850, "CNY", null, null, clock.millis(),
        clock.millis(), null, "detail"));
    return ids.get(0);
  }

  private List<String> sentIds() {
    return sent.stream().map(n -> n.task().id()).toList();
  }

  @Test
  void anOpenMoneyTaskIsNotifiedOnceWhenItPassesItsDeadline() {
    OverdueNotifier notifier = new OverdueNotifier(index, tasks::find, sent::add, clock);
    String critical = raise(FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL, "s1");
    String warning = raise(FindingKind.UNPRINTED_RECEIPT, Severity.WARNING, "s2");

    clock.set(T0 + 9 * 60_000);
    assertEquals(0, notifier.scanOnce());
    clock.set(T0 + 10 * 60_000);
    assertEquals(1, notifier.scanOnce());
    assertEquals(List.of(critical), sentIds());
    Notification n = sent.get(0);
    assertEquals(NotifyEvent.OVERDUE, n.event());
    assertEquals(T0 + 600_000, n.ackDueAtMs());
    clock.set(T0 + 30 * 60_000);
    assertEquals(0, notifier.scanOnce(), "once per task, however many scans it stays overdue");

    clock.set(T0 + 61 * 60_000);
    assertEquals(1, notifier.scanOnce());
    assertEquals(List.of(critical, warning), sentIds());
  }

  @Test
  void anOverdueTaskOfATerminalAnotherInstanceWatchesIsLeftToThatInstance() {
    OverdueNotifier mine = new OverdueNotifier(index, tasks::find, sent::add, clock, (m, t) -> !t.equals("t0001"));
    raise(FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL, "s1");
    clock.set(T0 + 10 * 60_000);
    assertEquals(0, mine.scanOnce());
    assertEquals(List.of(), sentIds());
  }

  @Test
  void acknowledgedTerminalLevelAndAlreadyOverdueAtStartAreNotNotified() {
    String before = raise(FindingKind.STUCK_REVERSAL, Severity.CRITICAL, "old");
    clock.set(T0 + 20 * 60_000); // the process (re)starts with that task long overdue
    OverdueNotifier notifier = new OverdueNotifier(index, tasks::find, sent::add, clock);
    String acknowledged = raise(FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL, "ack");
    tasks.acknowledge(acknowledged, "alice").join();
    raise(FindingKind.TERMINAL_SILENT, Severity.CRITICAL, "silent");
    String fresh = raise(FindingKind.DOUBLE_CHARGE_RISK, Severity.CRITICAL, "dbl");

    clock.set(T0 + 40 * 60_000);
    assertEquals(1, notifier.scanOnce());
    assertEquals(List.of(fresh), sentIds(), before + " was overdue before the start; the others are not money or not OPEN");
  }

  @Test
  void aTaskAcknowledgedAndStillOpenIsForgottenSoTheWatchHoldsOnlyOverdueTasks() {
    OverdueWatch watch = new OverdueWatch(T0);
    TaskIndex.Entry a = new TaskIndex.Entry("a", FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL, T0,
        io.tillwatch.tasks.TaskState.OPEN);
    TaskIndex.Entry b = new TaskIndex.Entry("b", FindingKind.STUCK_REVERSAL, Severity.CRITICAL, T0,
        io.tillwatch.tasks.TaskState.OPEN);
    assertEquals(List.of("a", "b"), watch.scan(List.of(a, b), e -> T0 + 1));
    assertEquals(List.of(), watch.scan(List.of(a, b), e -> T0 + 1));
    assertEquals(List.of(), watch.scan(List.of(a), e -> T0 + 1));
    assertEquals(1, watch.remembered(), "b left the overdue set and is forgotten");
  }
}
