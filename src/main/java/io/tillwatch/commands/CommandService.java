package io.tillwatch.commands;

import io.tillwatch.telemetry.CommandResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends commands to terminals and follows each one until the terminal answers or it expires.
 *
 * <p>Design notes. A command is stored (the outbox, {@link CommandStore}) before it is first
 * offered to the {@link CommandChannel}, with an id made once, so every resend — on the terminal's
 * next subscription, at a sweep, after a restart — carries the same id and the terminal can
 * deduplicate. {@link #send} is idempotent per caller-supplied key: a caller that repeats a step
 * after a crash gets the command made the first time, never a second one. Every change is decided
 * by {@link Command} and written by compare-and-set on the stored state; a lost race (the PUBACK and
 * the answer, or the answer and the expiry, at once) is decided again against the winner, so
 * listeners hear each command's changes in a valid order, exactly once, after their commit.
 *
 * <p>Open commands (PENDING, DELIVERED) are also held in memory: they are few (one per reprint
 * step), and the sweep, a terminal's subscription and the pending gauge read them without the
 * store. Time is an input ({@link Clock}, or {@link #sweep(long)}), so the tests run on a fake clock.
 */
public final class CommandService implements CommandResults, CommandDeliveries {
  private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
  /** Each lost compare-and-set is another change that committed; a command cannot change more often than this. */
  private static final int MAX_ATTEMPTS = 8;

  private final CommandStore store;
  private final Clock clock;
  private final long expiryMs;
  private final List<CommandListener> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, Command> open = new ConcurrentHashMap<>();
  /** Acknowledged by the channel, DELIVERED not yet committed: not to be sent again meanwhile. */
  private final Set<String> acknowledging = ConcurrentHashMap.newKeySet();
  private volatile CommandChannel channel = CommandChannel.NONE;

  /** @param expiry how long a command stays valid after it is issued ({@code commands.expiry}) */
  public CommandService(CommandStore store, Clock clock, Duration expiry) {
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("expiry must be positive");
    }
    this.store = store;
    this.clock = clock;
    this.expiryMs = expiry.toMillis();
  }

  /** Registers a listener; call while wiring. Listeners are told in registration order. */
  public void addListener(CommandListener listener) {
    listeners.add(listener);
  }

  /** Where commands go out; until this is called they stay PENDING. */
  public void useChannel(CommandChannel channel) {
    this.channel = channel;
  }

  /** Loads the open commands from the store; call once at start, before {@link #send} and the sweep. */
  public int loadOpen() {
    int n = 0;
    for (Command c : store.open()) {
      open.put(c.id(), c);
      n++;
    }
    return n;
  }

  /**
   * Makes the reprint command for this request, stores it and sends it; completes after the commit
   * with the stored command. A request whose idempotency key was used before yields the command made
   * then (in whatever state it is now) and sends nothing new.
   */
  public CompletableFuture<Command> send(ReprintRequest request) {
    long nowMs = clock.millis();
    Command fresh = Command.reprint(CommandIds.next(nowMs), request, nowMs, nowMs + expiryMs);
    return store.insertIfAbsent(fresh).thenApply(stored -> {
      if (stored.id().equals(fresh.id())) {
        LOG.info("command {} {} for {}/{} txn {} (task {})", stored.id(), stored.type(), stored.merchant(), stored.terminal(),
            stored.txn(), stored.taskId());
        committed(stored, CommandChange.Kind.CREATED);
        offer(stored);
      }
      return stored;
    });
  }

  /**
   * A command another instance made (a cluster gateway hears of them on the commands topic): loaded
   * from the shared store and, while open, kept and offered here too, so the instance that holds the
   * terminal's connection sends it. Completes once that is done.
   */
  public CompletableFuture<Void> adopt(String id) {
    return store.load(id).thenAccept(found -> found.filter(c -> c.state().open()).ifPresent(c -> {
      if (open.putIfAbsent(c.id(), c) == null) {
        offer(c);
      }
    }));
  }

  /**
   * On a store shared with other instances, brings the commands kept here up to date with it:
   * those another instance delivered, answered or expired change here too, and an answered or
   * expired one stops being offered and counted as pending. Blocks on the store; the daemon calls
   * it periodically, off the event loops. Returns how many kept commands changed.
   */
  public int refreshFromStore() {
    java.util.Map<String, Command> stored = new java.util.HashMap<>();
    for (Command c : store.open()) {
      stored.put(c.id(), c);
    }
    int changed = 0;
    for (Command here : open.values()) {
      Command now = stored.get(here.id());
      if (now == null) {
        if (open.remove(here.id(), here)) {
          changed++;
        }
      } else if (now.state() != here.state() && open.replace(here.id(), here, now)) {
        changed++;
      }
    }
    return changed;
  }

  /** The command with that id, whatever its state. */
  public CompletableFuture<Optional<Command>> find(String id) {
    return store.load(id);
  }

  /** Commands not yet answered nor expired, oldest first. */
  public List<Command> openCommands() {
    return open.values().stream().sorted(Comparator.comparing(Command::id)).toList();
  }

  /** How many commands are neither answered nor expired (the pending gauge). */
  public int pendingCount() {
    return open.size();
  }

  /** {@link #sweep(long)} at the clock's now; the daemon calls it periodically. */
  public void sweep() {
    sweep(clock.millis());
  }

  /**
   * Expires open commands whose time is up, and offers the channel again every PENDING one (the
   * channel skips what is in flight), so a command whose terminal subscribed in a race with the
   * send, or whose broker connection came back, goes out without waiting for anything else.
   */
  public void sweep(long nowMs) {
    for (Command c : openCommands()) {
      if (c.expiredAt(nowMs)) {
        step(c.id(), found -> found.map(f -> f.expired(nowMs)).orElse(null), CommandChange.Kind.EXPIRED, 1)
            .whenComplete((changed, error) -> {
              if (error != null) {
                LOG.warn("could not expire command {}: {}", c.id(), error.toString()); // the next sweep tries again
              }
            });
      } else if (c.state() == CommandState.PENDING) {
        offer(c);
      }
    }
  }

  // ---- from the channel -----------------------------------------------------------------------

  @Override
  public void delivered(String commandId) {
    if (!open.containsKey(commandId) || !acknowledging.add(commandId)) {
      return; // already answered or expired, or this acknowledgement is being stored
    }
    long nowMs = clock.millis();
    step(commandId, found -> found.map(f -> f.delivered(nowMs)).orElse(null), CommandChange.Kind.DELIVERED, 1)
        .whenComplete((changed, error) -> {
          acknowledging.remove(commandId); // after the commit updated the open command: no resend in between
          if (error != null) {
            LOG.warn("could not record the delivery of command {}: {}", commandId, error.toString());
          }
        });
  }

  @Override
  public void reachable(String merchant, String terminal) {
    long nowMs = clock.millis();
    for (Command c : openCommands()) {
      if (c.state() == CommandState.PENDING && !c.expiredAt(nowMs) && c.merchant().equals(merchant)
          && c.terminal().equals(terminal)) {
        offer(c);
      }
    }
  }

  // ---- from the ingest ------------------------------------------------------------------------

  @Override
  public CompletableFuture<Void> accept(CommandResult result) {
    CommandState answer = switch (result.status()) {
      case DONE -> CommandState.DONE;
      case FAILED -> CommandState.FAILED;
      case REJECTED -> CommandState.REJECTED;
    };
    long nowMs = clock.millis();
    return step(result.id(), found -> {
      if (found.isEmpty()) {
        refused(ResultRefusal.UNKNOWN_ID, result);
        return null;
      }
      Command c = found.get();
      if (!c.merchant().equals(result.merchant()) || !c.terminal().equals(result.terminal())) {
        refused(ResultRefusal.OTHER_TERMINAL, result);
        return null;
      }
      Command next = c.answered(answer, result.reason(), result.atMs(), nowMs);
      if (next == null) {
        refused(ResultRefusal.DUPLICATE, result);
      }
      return next;
    }, CommandChange.Kind.ANSWERED, 1).thenApply(changed -> null);
  }

  @Override
  public void malformed() {
    tellRefused(ResultRefusal.MALFORMED);
  }

  // ---- internals ------------------------------------------------------------------------------

  /**
   * Loads the command, lets {@code decide} compute the next version (null: nothing to do), and
   * compares-and-sets it; a lost race is decided again against what won.
   */
  private CompletableFuture<Optional<Command>> step(String id, Function<Optional<Command>, Command> decide,
      CommandChange.Kind kind, int attempt) {
    return store.load(id).thenCompose(found -> {
      Command next = decide.apply(found);
      if (next == null) {
        // Answered or expired by another instance on a shared store: this one stops offering it.
        found.filter(f -> !f.state().open()).ifPresent(f -> open.remove(f.id()));
        return CompletableFuture.completedFuture(Optional.<Command>empty());
      }
      return store.compareAndSet(found.orElseThrow(), next).thenCompose(stored -> {
        if (stored) {
          committed(next, kind);
          return CompletableFuture.completedFuture(Optional.of(next));
        }
        if (attempt >= MAX_ATTEMPTS) {
          return CompletableFuture.failedFuture(new IllegalStateException("command " + id + " changed " + attempt
              + " times while being updated"));
        }
        return step(id, decide, kind, attempt + 1);
      });
    });
  }

  private void committed(Command c, CommandChange.Kind kind) {
    if (c.state().open()) {
      open.put(c.id(), c);
    } else {
      open.remove(c.id());
    }
    switch (kind) {
      case ANSWERED -> LOG.info("command {} answered {}{} by {}/{}", c.id(), c.state(), loggable(c.reason()), c.merchant(),
          c.terminal());
      case EXPIRED -> LOG.info("command {} to {}/{} expired without an answer", c.id(), c.merchant(), c.terminal());
      default -> LOG.debug("command {} {}", c.id(), kind);
    }
    CommandChange change = new CommandChange(c, kind);
    for (CommandListener l : listeners) {
      try {
        l.changed(change);
      } catch (RuntimeException e) {
        LOG.error("command listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Offers the command as it is now: only a PENDING one whose acknowledgement is not being stored. */
  private void offer(Command c) {
    Command now = open.get(c.id());
    if (now == null || now.state() != CommandState.PENDING || acknowledging.contains(c.id())) {
      return;
    }
    try {
      channel.offer(c, CommandJson.encode(c));
    } catch (RuntimeException e) {
      LOG.warn("could not offer command {} to its channel: {}", c.id(), e.toString()); // kept PENDING; the sweep retries
    }
  }

  /** The terminal's reason is its free text: shown in the log only when it is a plain code such as PAPER_OUT. */
  private static String loggable(String reason) {
    if (reason == null) {
      return "";
    }
    return io.tillwatch.telemetry.Ids.isValid(reason) ? " (" + reason + ")" : " (reason not shown: free text)";
  }

  private void refused(ResultRefusal reason, CommandResult result) {
    LOG.debug("refused a command result from {}/{}: {}", result.merchant(), result.terminal(), reason.label());
    tellRefused(reason);
  }

  private void tellRefused(ResultRefusal reason) {
    for (CommandListener l : listeners) {
      try {
        l.refused(reason);
      } catch (RuntimeException e) {
        LOG.error("command listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
