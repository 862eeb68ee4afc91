package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskConflictException;
import io.tillwatch.tasks.TaskFinding;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskNotFoundException;
import io.tillwatch.tasks.TaskPage;
import io.tillwatch.tasks.TaskQuery;
import io.tillwatch.tasks.TaskRepository;
import io.tillwatch.tasks.TaskRepositoryContract;
import io.tillwatch.tasks.TaskSale;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TaskState;
import io.tillwatch.tasks.TestClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite adapter: the repository contract, plus what only it has (paging, cursors, the writer's
 * batches), plus the task lifecycle end to end over it through the {@link TaskService}.
 */
class SqlTaskRepositoryTest extends TaskRepositoryContract {
  @TempDir Path dir;

  /** The store under test: the SQLite file here, PostgreSQL in the subclass that runs the same tests there. */
  StoreSettings settings() {
    return Fixtures.settings(dir);
  }
  SqlStore store;
  TaskRepository tasks;
  TestClock clock = new TestClock(0);
  TaskService lifecycle;

  @BeforeEach
  void open() {
    store = SqlStore.open(settings(), StoreObserver.NONE);
    tasks = store.tasks();
    lifecycle = new TaskService(tasks, store.saleTimeline(), new TaskIndex(), clock);
  }

  @Override
  protected TaskRepository repository() {
    return tasks;
  }

  /** The service takes the time of a change from its clock. */
  private <T> CompletableFuture<T> at(long ms, Supplier<CompletableFuture<T>> change) {
    clock.set(ms);
    return change.get();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Throwable failure(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    return e.getCause();
  }

  @Test
  void insertIfAbsentDedupesOnTheFindingKey() {
    Task t = Fixtures.saleTask("t_1", "s1", 1_000);
    assertEquals(Optional.of(t), Fixtures.join(tasks.insertIfAbsent(t)));
    Task again = Fixtures.saleTask("t_2", "s1", 2_000); // same kind + terminal + txn, new id
    assertEquals(Optional.empty(), Fixtures.join(tasks.insertIfAbsent(again)));
    assertEquals(Optional.of(t), tasks.find("t_1"));
    assertEquals(Optional.empty(), tasks.find("t_2"));
    assertEquals(List.of("created"), tasks.history("t_1").stream().map(TaskHistoryEntry::change).toList());
  }

  @Test
  void aReusedIdWithAnotherKeyIsRejectedAlone() {
    Fixtures.join(tasks.insertIfAbsent(Fixtures.saleTask("t_1", "s1", 1_000)));
    assertInstanceOf(TaskConflictException.class,
        failure(tasks.insertIfAbsent(Fixtures.saleTask("t_1", "other", 1_000))));
    assertTrue(store.healthy());
  }

  @Test
  void terminalLevelTasksRoundTripWithoutSaleFields() {
    Task t = Task.open("t_s", new TaskFinding(new FindingKey(FindingKind.TERMINAL_SILENT, "m001", "t0001", "silent@5"),
        null, "act", 10), TaskSale.NONE, Severity.WARNING, 20);
    assertEquals("TERMINAL_SILENT|m001|t0001|silent@5", t.dedupeKey());
    Fixtures.join(tasks.insertIfAbsent(t));
    assertEquals(Optional.of(t), tasks.find("t_s"));
  }

  @Test
  void acknowledgeThenResolveThenConflict() {
    Fixtures.join(tasks.insertIfAbsent(Fixtures.saleTask("t_1", "s1", 1_000)));
    Task acked = Fixtures.join(at(2_000, () -> lifecycle.acknowledge("t_1", "alice")));
    assertEquals(TaskState.ACKNOWLEDGED, acked.state());
    assertEquals(2_000, acked.updatedAtMs());
    assertEquals(acked, Fixtures.join(at(2_500, () -> lifecycle.acknowledge("t_1", "bob"))), "second ack changes nothing");

    Task resolved = Fixtures.join(at(3_000,
        () -> lifecycle.resolve("t_1", Resolution.REPRINTED, "alice", "reprinted at till 3")));
    assertEquals(TaskState.RESOLVED, resolved.state());
    assertEquals(Resolution.REPRINTED, resolved.resolution().how());
    assertEquals("alice", resolved.resolution().by());
    assertEquals("reprinted at till 3", resolved.resolution().note());
    assertEquals(Optional.of(resolved), tasks.find("t_1"));

    TaskConflictException conflict = assertInstanceOf(TaskConflictException.class,
        failure(at(4_000, () -> lifecycle.resolve("t_1", Resolution.FALSE_ALARM, "bob", null))));
    assertEquals(resolved, conflict.current());
    assertEquals("task t_1 is already resolved", conflict.getMessage());
    assertInstanceOf(TaskConflictException.class, failure(lifecycle.acknowledge("t_1", "bob")));
    assertEquals(Optional.of(resolved), tasks.find("t_1"));

    List<TaskHistoryEntry> h = tasks.history("t_1");
    assertEquals(List.of("created", "acknowledged", "resolved"), h.stream().map(TaskHistoryEntry::change).toList());
    assertEquals(new TaskHistoryEntry(3_000, "resolved", TaskState.RESOLVED, "critical", "alice",
        "reprinted at till 3"), h.get(2));
    assertEquals("alice", h.get(1).by());
  }

  @Test
  void unknownIdsAreNotFound() {
    assertInstanceOf(TaskNotFoundException.class, failure(lifecycle.acknowledge("nope", "a")));
    assertInstanceOf(TaskNotFoundException.class, failure(lifecycle.resolve("nope", Resolution.REFUNDED, "a", null)));
    assertEquals(Optional.empty(), tasks.find("nope"));
    assertEquals(List.of(), tasks.history("nope"));
  }

  @Test
  void autoResolveTouchesOnlyUnresolvedTasks() {
    Task t = Fixtures.saleTask("t_1", "s1", 1_000);
    Fixtures.join(tasks.insertIfAbsent(t));
    Optional<Task> auto = Fixtures.join(at(2_000, () -> lifecycle.autoResolve(t.dedupeKey(), "PRINTED arrived")));
    assertTrue(auto.isPresent());
    assertEquals(Resolution.AUTO_RESOLVED, auto.get().resolution().how());
    assertEquals("tillwatch", auto.get().resolution().by());
    assertEquals("PRINTED arrived", auto.get().resolution().note());
    assertEquals(Optional.empty(), Fixtures.join(at(3_000, () -> lifecycle.autoResolve(t.dedupeKey(), "again"))));
    assertEquals(Optional.empty(), Fixtures.join(lifecycle.autoResolve("no|such|key", "x")));
    assertEquals(List.of("created", "auto-resolved"),
        tasks.history("t_1").stream().map(TaskHistoryEntry::change).toList());
    assertEquals(List.of(), tasks.unresolved());
  }

  @Test
  void changeSeverityOnlyWhenUnresolvedAndDifferent() {
    Task t = Fixtures.task("t_1", FindingKind.TERMINAL_SILENT, "m001", "t0001", null, 1_000);
    Fixtures.join(tasks.insertIfAbsent(t));
    assertEquals(Optional.empty(), Fixtures.join(at(1_500, () -> lifecycle.changeSeverity(t.dedupeKey(), Severity.WARNING))));
    Task up = Fixtures.join(at(2_000, () -> lifecycle.changeSeverity(t.dedupeKey(), Severity.CRITICAL))).orElseThrow();
    assertEquals(Severity.CRITICAL, up.severity());
    assertEquals(2_000, up.updatedAtMs());
    assertEquals(Optional.of(up), tasks.find("t_1"));
    TaskHistoryEntry last = tasks.history("t_1").get(1);
    assertEquals("severity-changed", last.change());
    assertEquals("critical", last.severity());
    assertEquals("warning -> critical", last.note());

    Fixtures.join(at(3_000, () -> lifecycle.resolve("t_1", Resolution.FALSE_ALARM, "ops", null)));
    assertEquals(Optional.empty(), Fixtures.join(at(4_000, () -> lifecycle.changeSeverity(t.dedupeKey(), Severity.WARNING))));
    assertEquals(Optional.empty(), Fixtures.join(lifecycle.changeSeverity("no|such", Severity.WARNING)));
  }

  @Test
  void aRejectedOpInTheSameBatchDoesNotDisturbTheOthers() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    store.writer().submit(Fixtures.blocker(started, release));
    assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS));
    CompletableFuture<Optional<Task>> insert = tasks.insertIfAbsent(Fixtures.saleTask("t_1", "s1", 1_000));
    CompletableFuture<Optional<Task>> reusedId = tasks.insertIfAbsent(Fixtures.saleTask("t_1", "other", 1_000));
    CompletableFuture<Task> missing = at(2_000, () -> lifecycle.resolve("t_missing", Resolution.REFUNDED, "a", null));
    CompletableFuture<Task> ack = lifecycle.acknowledge("t_1", "a"); // its load sees the insert of the same batch
    release.countDown();
    assertTrue(Fixtures.join(insert).isPresent());
    assertInstanceOf(TaskConflictException.class, failure(reusedId));
    assertInstanceOf(TaskNotFoundException.class, failure(missing));
    assertEquals(TaskState.ACKNOWLEDGED, Fixtures.join(ack).state());
  }

  @Test
  void listWalksEveryPageNewestFirstWithoutDuplicatesOrOmissions() {
    List<CompletableFuture<?>> fs = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      // Pairs share a detection time so the id tie-break matters.
      fs.add(tasks.insertIfAbsent(Fixtures.task(String.format("t_%03d", i),
          i % 2 == 0 ? FindingKind.UNCONFIRMED_SALE : FindingKind.UNPRINTED_RECEIPT,
          i % 3 == 0 ? "m002" : "m001", "t000" + (i % 4), "s" + i, 1_000 + i / 2)));
    }
    fs.forEach(Fixtures::join);
    List<Task> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      TaskPage page = tasks.list(TaskQuery.all().limit(50).cursor(cursor).build());
      seen.addAll(page.items());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);
    assertEquals(3, pages);
    assertEquals(120, seen.size());
    assertEquals(120, new HashSet<>(seen.stream().map(Task::id).toList()).size());
    for (int i = 1; i < seen.size(); i++) {
      Task a = seen.get(i - 1);
      Task b = seen.get(i);
      assertTrue(a.detectedAtMs() > b.detectedAtMs()
          || (a.detectedAtMs() == b.detectedAtMs() && a.id().compareTo(b.id()) > 0), a.id() + " before " + b.id());
    }
    assertEquals("t_119", seen.get(0).id());

    // Filters, paged too.
    Fixtures.join(at(9_000, () -> lifecycle.resolve("t_000", Resolution.FALSE_ALARM, "x", null)));
    List<Task> filtered = new ArrayList<>();
    cursor = null;
    do {
      TaskPage page = tasks.list(TaskQuery.all().state(TaskState.OPEN).kind(FindingKind.UNCONFIRMED_SALE).merchant("m002").limit(3).cursor(cursor).build());
      filtered.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    // i even (UNCONFIRMED_SALE) and i % 3 == 0 (m002): i % 6 == 0, 20 of them, minus the resolved t_000.
    assertEquals(19, filtered.size());
    assertTrue(filtered.stream().allMatch(t -> t.state() == TaskState.OPEN && t.key().merchant().equals("m002")
        && t.kind() == FindingKind.UNCONFIRMED_SALE));
    List<Task> oneTerminal = tasks.list(TaskQuery.all().merchant("m001").terminal("t0001").limit(500).build()).items();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 120; i++) {
      if (i % 3 != 0 && i % 4 == 1) {
        expected.add(String.format("t_%03d", i));
      }
    }
    assertEquals(expected, new HashSet<>(oneTerminal.stream().map(Task::id).toList()));
  }

  @Test
  void limitIsClampedAndDefaulted() {
    List<CompletableFuture<?>> fs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      fs.add(tasks.insertIfAbsent(Fixtures.saleTask("t_" + i, "s" + i, i)));
    }
    fs.forEach(Fixtures::join);
    assertEquals(TaskQuery.DEFAULT_LIMIT, tasks.list(TaskQuery.all().limit(0).build()).items().size());
    assertEquals(TaskQuery.DEFAULT_LIMIT, tasks.list(TaskQuery.all().limit(-5).build()).items().size());
    TaskPage all = tasks.list(TaskQuery.all().limit(10_000).build());
    assertEquals(60, all.items().size());
    assertNull(all.nextCursor());
    TaskPage one = tasks.list(TaskQuery.all().limit(1).build());
    assertEquals(1, one.items().size());
    assertNotNull(one.nextCursor());
    assertFalse(one.nextCursor().contains("="), "url-safe, unpadded");
  }

  @Test
  void aBadCursorIsAnIllegalArgument() {
    String notBase64 = "%%%";
    String noColon = Base64.getUrlEncoder().encodeToString("12345".getBytes());
    String notANumber = Base64.getUrlEncoder().encodeToString("abc:t_1".getBytes());
    String noId = Base64.getUrlEncoder().encodeToString("123:".getBytes());
    for (String bad : List.of(notBase64, noColon, notANumber, noId)) {
      assertThrows(IllegalArgumentException.class, () -> tasks.list(TaskQuery.all().limit(10).cursor(bad).build()),
          bad);
    }
    assertSame(0, tasks.list(TaskQuery.all().limit(10).cursor("").build()).items().size());
  }
}
