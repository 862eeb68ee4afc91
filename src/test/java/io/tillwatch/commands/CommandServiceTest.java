package io.tillwatch.commands;

import static io.tillwatch.commands.CommandSamples.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.tasks.TestClock;
import io.tillwatch.telemetry.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command service on a fake clock, an in-memory outbox and a channel the test switches on and off. */
class CommandServiceTest {
  private static final Duration EXPIRY = Duration.ofMinutes(30);

  final TestClock clock = new TestClock(T0);
  final InMemoryCommandStore store = new InMemoryCommandStore();
  final RecordingChannel channel = new RecordingChannel();
  final RecordingListener heard = new RecordingListener();
  CommandService service;

  @BeforeEach
  void start() {
    service = newService();
  }

  private CommandService newService() {
    CommandService s = new CommandService(store, clock, EXPIRY);
    s.addListener(heard);
    s.useChannel(channel);
    s.loadOpen();
    return s;
  }

  private static <T> T join(CompletableFuture<T> f) {
    return f.join();
  }

  private static CommandResult result(String id, String terminal, CommandResult.Status status, String reason) {
    return new CommandResult("m001", terminal, id, status, T0 + 1_000, reason);
  }

  @Test
  void sendStoresTheCommandThenSendsItWithItsId() {
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    assertEquals(CommandState.PENDING, c.state());
    assertTrue(c.id().startsWith("cmd-"));
    assertEquals(T0 + EXPIRY.toMillis(), c.expiresAtMs());
    assertEquals(java.util.Optional.of(c), join(store.load(c.id())));
    assertEquals(List.of(c.id()), channel.ids());
    assertEquals("pos/v1/m001/t0001/cmd", channel.sent.get(0).topic());
    assertEquals(List.of("CREATED:PENDING"), heard.kinds());
    assertEquals(1, service.pendingCount());
  }

  @Test
  void theSameIdempotencyKeyNeverMakesASecondCommand() {
    Command first = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    Command again = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    assertEquals(first, again);
    assertEquals(1, store.open().size());
    assertEquals(List.of("CREATED:PENDING"), heard.kinds());
  }

  @Test
  void aDeliveredCommandAnsweredDoneEndsTheWait() {
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    clock.set(T0 + 50);
    service.delivered(c.id());
    clock.set(T0 + 2_000);
    join(service.accept(result(c.id(), "t0001", CommandResult.Status.DONE, null)));
    Command done = join(service.find(c.id())).orElseThrow();
    assertEquals(CommandState.DONE, done.state());
    assertEquals(T0 + 50, done.deliveredAtMs());
    assertEquals(T0 + 1_000, done.answeredAtMs());
    assertEquals(List.of("CREATED:PENDING", "DELIVERED:DELIVERED", "ANSWERED:DONE"), heard.kinds());
    assertTrue(heard.changes.get(2).ended());
    assertEquals(0, service.pendingCount());
  }

  @Test
  void aFailedPrintCarriesTheTerminalsReason() {
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    service.delivered(c.id());
    join(service.accept(result(c.id(), "t0001", CommandResult.Status.FAILED, "PAPER_OUT")));
    Command failed = heard.changes.get(2).command();
    assertEquals(CommandState.FAILED, failed.state());
    assertEquals("PAPER_OUT", failed.reason());
    assertEquals("t_k1", failed.taskId());
  }

  @Test
  void anAnswerBeforeThePubackCountsAsDeliveryAndTheLatePubackChangesNothing() {
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    join(service.accept(result(c.id(), "t0001", CommandResult.Status.REJECTED, "UNKNOWN_SALE")));
    service.delivered(c.id());
    assertEquals(List.of("CREATED:PENDING", "ANSWERED:REJECTED"), heard.kinds());
  }

  @Test
  void aCommandForAnOfflineTerminalIsKeptAndSentWhenItSubscribes() {
    channel.reachable = false;
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    service.reachable("m001", "t0002"); // another terminal: nothing for it
    assertEquals(List.of(), channel.ids());
    channel.reachable = true;
    service.reachable("m001", "t0001");
    assertEquals(List.of(c.id()), channel.ids());
  }

  @Test
  void theSweepResendsPendingCommandsAndExpiresThoseWhoseTimeIsUp() {
    channel.reachable = false;
    Command pending = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    channel.reachable = true;
    Command delivered = join(service.send(CommandSamples.reprint("k2", "t0001", "s2")));
    service.delivered(delivered.id());
    channel.sent.clear();
    service.sweep(T0 + EXPIRY.toMillis() - 1);
    assertEquals(List.of(pending.id()), channel.ids(), "PENDING ones only: a DELIVERED one is with the terminal");
    service.sweep(T0 + EXPIRY.toMillis());
    assertEquals(CommandState.EXPIRED, join(service.find(pending.id())).orElseThrow().state());
    assertEquals(CommandState.EXPIRED, join(service.find(delivered.id())).orElseThrow().state());
    assertEquals(2, heard.changes.stream().filter(ch -> ch.kind() == CommandChange.Kind.EXPIRED).count());
    assertEquals(0, service.pendingCount());
    service.sweep(T0 + EXPIRY.toMillis() + 10_000);
    assertEquals(2, heard.changes.stream().filter(ch -> ch.kind() == CommandChange.Kind.EXPIRED).count(), "expired once");
  }

  @Test
  void aLateAnswerAfterTheExpiryIsStillRecorded() {
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    service.sweep(T0 + EXPIRY.toMillis());
    join(service.accept(result(c.id(), "t0001", CommandResult.Status.DONE, null)));
    assertEquals(List.of("CREATED:PENDING", "EXPIRED:EXPIRED", "ANSWERED:DONE"), heard.kinds());
  }

  @Test
  void unknownForeignAndRepeatedAnswersAreRefusedAndChangeNothing() {
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    join(service.accept(result("cmd-nobody", "t0001", CommandResult.Status.DONE, null)));
    join(service.accept(result(c.id(), "t0002", CommandResult.Status.DONE, null)));
    join(service.accept(result(c.id(), "t0001", CommandResult.Status.DONE, null)));
    join(service.accept(result(c.id(), "t0001", CommandResult.Status.FAILED, "PAPER_OUT")));
    service.malformed();
    assertEquals(List.of(ResultRefusal.UNKNOWN_ID, ResultRefusal.OTHER_TERMINAL, ResultRefusal.DUPLICATE,
        ResultRefusal.MALFORMED), heard.refusals);
    assertEquals(CommandState.DONE, join(service.find(c.id())).orElseThrow().state(), "the first answer stands");
  }

  @Test
  void aRestartResendsPendingCommandsWithTheirIdsAndMakesNoSecondCommandForAKey() {
    channel.reachable = false;
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    // The process dies; a new service is built on the same outbox.
    channel.reachable = true;
    heard.changes.clear();
    CommandService restarted = newService();
    assertEquals(1, restarted.pendingCount());
    restarted.reachable("m001", "t0001");
    assertEquals(List.of(c.id()), channel.ids());
    assertEquals(c, join(restarted.send(CommandSamples.reprint("k1", "t0001", "s1"))));
    assertEquals(List.of(), heard.changes, "nothing new was made");
    assertEquals(1, store.open().size());
  }

  @Test
  void anAnswerTheStoreCannotTakeFailsSoItIsNotAcknowledged() {
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    store.failWrites = true;
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> service.accept(result(c.id(), "t0001", CommandResult.Status.DONE, null)).get());
    assertTrue(e.getCause().getMessage().contains("disk full"));
    assertEquals(CommandState.PENDING, join(service.find(c.id())).orElseThrow().state());
  }

  @Test
  void aListenerThatThrowsDoesNotKeepTheOthersFromHearing() {
    CommandService s = new CommandService(store, clock, EXPIRY);
    s.addListener(change -> {
      throw new IllegalStateException("broken listener");
    });
    s.addListener(heard);
    join(s.send(CommandSamples.reprint("k1", "t0001", "s1")));
    assertEquals(List.of("CREATED:PENDING"), heard.kinds());
  }

  @Test
  void aChannelThatThrowsLeavesTheCommandPending() {
    service.useChannel((command, payload) -> {
      throw new IllegalStateException("connection gone");
    });
    Command c = join(service.send(CommandSamples.reprint("k1", "t0001", "s1")));
    assertEquals(CommandState.PENDING, c.state());
    assertEquals(1, service.pendingCount());
  }

  @Test
  void anAcknowledgedCommandIsNotSentAgainWhileItsDeliveryIsBeingStored() {
    HeldWrites held = new HeldWrites(store);
    CommandService s = new CommandService(held, clock, EXPIRY);
    s.useChannel(channel);
    Command c = join(s.send(CommandSamples.reprint("k1", "t0001", "s1")));
    held.hold = true;
    s.delivered(c.id());
    s.sweep(T0 + 1_000);
    s.reachable("m001", "t0001");
    assertEquals(List.of(c.id()), channel.ids(), "sent once");
    held.release();
    assertEquals(CommandState.DELIVERED, join(s.find(c.id())).orElseThrow().state());
    s.sweep(T0 + 2_000);
    assertEquals(List.of(c.id()), channel.ids());
  }

  /** Holds compare-and-set commits until released, as a busy writer thread would. */
  private static final class HeldWrites implements CommandStore {
    private final CommandStore inner;
    private final List<Runnable> waiting = new java.util.ArrayList<>();
    boolean hold;

    HeldWrites(CommandStore inner) {
      this.inner = inner;
    }

    @Override
    public CompletableFuture<Command> insertIfAbsent(Command command) {
      return inner.insertIfAbsent(command);
    }

    @Override
    public CompletableFuture<Boolean> compareAndSet(Command from, Command to) {
      if (!hold) {
        return inner.compareAndSet(from, to);
      }
      CompletableFuture<Boolean> later = new CompletableFuture<>();
      waiting.add(() -> inner.compareAndSet(from, to).thenAccept(later::complete));
      return later;
    }

    @Override
    public CompletableFuture<java.util.Optional<Command>> load(String id) {
      return inner.load(id);
    }

    @Override
    public List<Command> open() {
      return inner.open();
    }

    void release() {
      hold = false;
      waiting.forEach(Runnable::run);
    }
  }
}
