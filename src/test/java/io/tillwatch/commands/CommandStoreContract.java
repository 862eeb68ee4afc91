package io.tillwatch.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CommandStore} must do for the command service: the SQLite adapter and the
 * in-memory one both run these, so the fake cannot drift from the real thing.
 */
public abstract class CommandStoreContract {
  /** A fresh, empty store for each test. */
  protected abstract CommandStore store();

  protected static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aCommandIsStoredWithEveryFieldAndLoadedBack() {
    Command c = CommandSamples.pending("cmd-1", "k1", CommandSamples.T0);
    assertEquals(c, join(store().insertIfAbsent(c)));
    assertEquals(Optional.of(c), join(store().load("cmd-1")));
    assertEquals(Optional.empty(), join(store().load("cmd-unknown")));
  }

  @Test
  void unknownSaleFieldsStayUnknown() {
    Command c = Command.reprint("cmd-1", new ReprintRequest("k1", null, "m001", "t0001", "s1", null), 5, 10);
    join(store().insertIfAbsent(c));
    assertEquals(SaleDetails.NONE, join(store().load("cmd-1")).orElseThrow().sale());
    assertEquals(null, join(store().load("cmd-1")).orElseThrow().taskId());
  }

  @Test
  void theSameIdempotencyKeyYieldsTheFirstCommandAndStoresNoSecond() {
    Command first = CommandSamples.pending("cmd-1", "k1", CommandSamples.T0);
    join(store().insertIfAbsent(first));
    Command again = CommandSamples.pending("cmd-2", "k1", CommandSamples.T0 + 5);
    assertEquals(first, join(store().insertIfAbsent(again)));
    assertEquals(Optional.empty(), join(store().load("cmd-2")));
    assertEquals(List.of(first), store().open());
  }

  @Test
  void compareAndSetWritesOnlyFromTheStoredState() {
    Command c = CommandSamples.pending("cmd-1", "k1", CommandSamples.T0);
    join(store().insertIfAbsent(c));
    Command delivered = c.delivered(CommandSamples.T0 + 10);
    Command answered = c.answered(CommandState.FAILED, "PAPER_OUT", CommandSamples.T0 + 11, CommandSamples.T0 + 12);
    assertTrue(join(store().compareAndSet(c, delivered)));
    assertFalse(join(store().compareAndSet(c, answered)), "the stored command is no longer PENDING");
    assertEquals(Optional.of(delivered), join(store().load("cmd-1")));
    Command fromDelivered = delivered.answered(CommandState.FAILED, "PAPER_OUT", CommandSamples.T0 + 11, CommandSamples.T0 + 12);
    assertNotNull(fromDelivered);
    assertTrue(join(store().compareAndSet(delivered, fromDelivered)));
    assertEquals(Optional.of(fromDelivered), join(store().load("cmd-1")));
  }

  @Test
  void openHoldsPendingAndDeliveredCommandsOldestFirst() {
    Command a = CommandSamples.pending("cmd-1", "k1", 1_000);
    Command b = CommandSamples.pending("cmd-2", "k2", 2_000);
    Command c = CommandSamples.pending("cmd-3", "k3", 3_000);
    join(store().insertIfAbsent(c));
    join(store().insertIfAbsent(a));
    join(store().insertIfAbsent(b));
    join(store().compareAndSet(b, b.delivered(2_500)));
    join(store().compareAndSet(c, c.expired(9_000_000)));
    assertEquals(List.of(a, b.delivered(2_500)), store().open());
  }
}
