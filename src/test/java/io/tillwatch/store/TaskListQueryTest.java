package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskPage;
import io.tillwatch.tasks.TaskPlace;
import io.tillwatch.tasks.TaskQuery;
import io.tillwatch.tasks.TaskRepository;
import io.tillwatch.tasks.TaskState;
import io.tillwatch.telemetry.EventType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list's filters, its two orders with their cursors, the total, and what an insert is given from the store. */
class TaskListQueryTest {
  @TempDir Path dir;

  /** The store under test: the SQLite file here, PostgreSQL in the subclass that runs the same tests there. */
  StoreSettings settings() {
    return Fixtures.settings(dir);
  }
  SqlStore store;
  TaskRepository tasks;

  @BeforeEach
  void open() {
    store = SqlStore.open(settings(), StoreObserver.NONE);
    tasks = store.tasks();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Task insert(String id, FindingKind kind, Severity severity, String terminal, String txn, long at) {
    Task t = Fixtures.task(id, kind, "m001", terminal, txn, at);
    if (t.severity() != severity) {
      t = Fixtures.change(tasks, Fixtures.join(tasks.insertIfAbsent(t)).orElseThrow().id(), x -> x.withSeverity(severity, at));
      return t;
    }
    return Fixtures.join(tasks.insertIfAbsent(t)).orElseThrow();
  }

  private List<Task> walk(TaskQuery.Builder q) {
    List<Task> seen = new ArrayList<>();
    String cursor = null;
    do {
      TaskPage page = tasks.list(q.cursor(cursor).build());
      seen.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    return seen;
  }

  @Test
  void urgentOrderIsCriticalFirstThenOldestAndPagesLikeNewest() {
    for (int i = 0; i < 30; i++) {
      Severity s = Severity.values()[i % 3];
      insert(String.format("t_%02d", i), FindingKind.UNCONFIRMED_SALE, s, "t0001", "s" + i, 1_000 + i / 2);
    }
    List<Task> urgent = walk(TaskQuery.all().order(TaskQuery.Order.URGENT).limit(4));
    assertEquals(30, urgent.size());
    for (int i = 1; i < urgent.size(); i++) {
      Task a = urgent.get(i - 1);
      Task b = urgent.get(i);
      int ra = TaskListSql.rank(a.severity());
      int rb = TaskListSql.rank(b.severity());
      boolean inOrder = ra < rb || (ra == rb && (a.detectedAtMs() < b.detectedAtMs()
          || (a.detectedAtMs() == b.detectedAtMs() && a.id().compareTo(b.id()) < 0)));
      assertEquals(true, inOrder, a.id() + " before " + b.id());
    }
    assertEquals(Severity.CRITICAL, urgent.get(0).severity());
    assertEquals(30, tasks.list(TaskQuery.all().order(TaskQuery.Order.URGENT).limit(4).build()).total());

    String newestCursor = tasks.list(TaskQuery.all().limit(4).build()).nextCursor();
    String urgentCursor = tasks.list(TaskQuery.all().order(TaskQuery.Order.URGENT).limit(4).build()).nextCursor();
    assertThrows(IllegalArgumentException.class,
        () -> tasks.list(TaskQuery.all().order(TaskQuery.Order.URGENT).cursor(newestCursor).build()));
    assertThrows(IllegalArgumentException.class, () -> tasks.list(TaskQuery.all().cursor(urgentCursor).build()));
  }

  @Test
  void filtersCombineAndTheTotalCountsEveryPage() {
    insert("t_a", FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL, "t0001", "s1", 1_000);
    insert("t_b", FindingKind.UNPRINTED_RECEIPT, Severity.WARNING, "t0001", "s2", 2_000);
    insert("t_c", FindingKind.UNPRINTED_RECEIPT, Severity.WARNING, "t0002", "s3", 3_000);
    Task d = insert("t_d", FindingKind.DOUBLE_CHARGE_RISK, Severity.CRITICAL, "t0002", "s4", 4_000);
    Fixtures.change(tasks, "t_b", t -> t.acknowledge("alice", 5_000));
    Fixtures.change(tasks, "t_c", t -> t.resolve(Resolution.REPRINTED, "bob (on behalf of cashier-7)", null, 6_000));

    TaskPage inbox = tasks.list(TaskQuery.all().states(EnumSet.of(TaskState.OPEN, TaskState.ACKNOWLEDGED)).limit(2).build());
    assertEquals(3, inbox.total());
    assertEquals(2, inbox.items().size());
    assertEquals(List.of("t_d", "t_b", "t_a"), ids(walk(TaskQuery.all().states(Set.of(TaskState.OPEN, TaskState.ACKNOWLEDGED)).limit(2))));
    assertEquals(List.of("t_d", "t_a"), ids(walk(TaskQuery.all().severities(Set.of(Severity.CRITICAL)))));
    assertEquals(List.of("t_c", "t_b"), ids(walk(TaskQuery.all().kinds(Set.of(FindingKind.UNPRINTED_RECEIPT)))));
    assertEquals(List.of("t_c"), ids(walk(TaskQuery.all().resolvedBy("BOB"))));
    assertEquals(List.of("t_c"), ids(walk(TaskQuery.all().resolutions(Set.of(Resolution.REPRINTED)))));
    assertEquals(List.of("t_c", "t_b"), ids(walk(TaskQuery.all().detectedFrom(2_000).detectedBefore(4_000))));
    assertEquals(List.of("t_d", "t_c"), ids(walk(TaskQuery.all().terminal("t0002"))));
    assertEquals(List.of("t_b"), ids(walk(TaskQuery.all().txn("s2"))));
    // every sample sale carries the same rrn: the filter keeps all four, and an rrn no sale has keeps none
    assertEquals(4, tasks.list(TaskQuery.all().rrn(d.sale().rrn()).build()).total());
    assertEquals(0, tasks.list(TaskQuery.all().rrn("000000000000").build()).total());
    assertEquals(List.of("t_a"), ids(walk(TaskQuery.all().rrn(d.sale().rrn()).severities(Set.of(Severity.CRITICAL))
        .txn("s1"))));
    assertEquals(0, tasks.list(TaskQuery.all().store("no-such-store").build()).total());
  }

  @Test
  void anInsertIsGivenTheSalesOwnTimeAndTheTerminalsPlace() {
    long startedAt = 1_700_000_000_000L + 3;
    Fixtures.join(store.journal().append(Fixtures.event("s9", 4, EventType.AUTHORIZED), 50));
    Fixtures.join(store.journal().append(Fixtures.event("s9", 3, EventType.STARTED), 51));
    Fixtures.join(store.journal().saveTerminal(new TerminalSnapshot("m001", "t0001", 40, true, 30, 4, 0, -1, "OK",
        "1.0", "wifi", null, "store-12", "east", 39)));
    Task t = Fixtures.join(tasks.insertIfAbsent(Fixtures.task("t_9", FindingKind.UNPRINTED_RECEIPT, "m001", "t0001",
        "s9", 100))).orElseThrow();
    assertEquals(startedAt, t.sale().atMs(), "STARTED wins over an earlier-received AUTHORIZED");
    assertEquals(new TaskPlace("store-12", "east"), t.finding().place());
    Task read = tasks.find("t_9").orElseThrow();
    assertEquals(t, read);
    assertEquals(List.of("t_9"), ids(walk(TaskQuery.all().store("store-12"))));

    Task elsewhere = Fixtures.join(tasks.insertIfAbsent(Fixtures.task("t_10", FindingKind.UNCONFIRMED_SALE, "m001", "t0404",
        "s10", 100))).orElseThrow();
    assertEquals(-1, elsewhere.sale().atMs());
    assertEquals(TaskPlace.UNKNOWN, elsewhere.finding().place());
    assertNull(tasks.find("t_10").orElseThrow().finding().place().store());
  }

  private static List<String> ids(List<Task> tasks) {
    return tasks.stream().map(Task::id).toList();
  }
}
