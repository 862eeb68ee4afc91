package io.tillwatch.notify;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to their merchant's targets: rate-limited per merchant, each target tried at
 * most {@code maxAttempts} times with doubling waits, every end counted.
 *
 * <p>Design notes. {@link #offer} is called on the store's writer thread (through the task
 * listener) and by the overdue scan: it only counts the notification against the bound and hands it
 * to the dispatcher's own Vert.x context, so it never blocks and never waits on a receiver. All
 * other state (rate buckets, the held-back counts) lives on that one context, without locks. The
 * bound covers a notification from its offer until its last target is done, retries included, so a
 * receiver that is down cannot grow memory: when it is reached new notifications are dropped and
 * counted. Nothing is stored: notifications waiting here are lost if the process stops
 * (docs/notify.md says so). The rate limit drops rather than delays: a shop's group chat wants the
 * newest task, not a backlog an hour late; the next message that goes out says how many were held
 * back, and the console has them all.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final Vertx vertx;
  private final Context context;
  private final NotifySettings settings;
  private final Clock clock;
  private final DeliveryEvents events;
  private final WebhookClient client;
  private final ShopText text;
  private final MerchantRate rate;
  private final Map<String, Integer> heldBack = new HashMap<>();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  public WebhookDispatcher(Vertx vertx, NotifySettings settings, Clock clock, DeliveryEvents events) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.clock = clock;
    this.events = events;
    this.client = new WebhookClient(vertx, settings.timeout());
    this.text = new ShopText(settings.zone(), settings.consoleUrl());
    this.rate = new MerchantRate(settings.ratePerMinute(), settings.burst());
  }

  /**
   * Queues {@code n} for its merchant's targets; never blocks. False when it was dropped (the
   * bound is reached, or the dispatcher is closed); true when queued or when the merchant has no target.
   */
  public boolean offer(Notification n) {
    List<NotifyTarget> targets = settings.targetsFor(n.merchant());
    if (targets.isEmpty()) {
      return true;
    }
    if (closed.get()) {
      return false;
    }
    if (outstanding.incrementAndGet() > settings.queueCapacity()) {
      outstanding.decrementAndGet();
      events.dropped(DeliveryEvents.Dropped.QUEUE_FULL);
      return false;
    }
    context.runOnContext(v -> start(n, targets));
    return true;
  }

  /** Notifications held: waiting to start, being sent, or waiting for a retry. */
  public int depth() {
    return outstanding.get();
  }

  private void start(Notification n, List<NotifyTarget> targets) {
    if (!rate.tryTake(n.merchant(), clock.millis())) {
      heldBack.merge(n.merchant(), 1, Integer::sum);
      events.dropped(DeliveryEvents.Dropped.RATE_LIMITED);
      outstanding.decrementAndGet();
      return;
    }
    Integer held = heldBack.remove(n.merchant());
    AtomicInteger left = new AtomicInteger(targets.size());
    for (NotifyTarget target : targets) {
      attempt(n, target, UUID.randomUUID().toString(), held == null ? 0 : held, 1, left);
    }
  }

  private void attempt(Notification n, NotifyTarget target, String deliveryId, int held, int attempt, AtomicInteger left) {
    if (closed.get()) {
      done(left);
      return;
    }
    WebhookFormat format = WebhookFormat.of(target.type(), text);
    WebhookRequest request;
    try {
      request = format.request(n, target, deliveryId, clock.millis(), held);
    } catch (RuntimeException e) {
      LOG.error("notify: cannot build the {} message for task {}: {}", target.type().label(), n.task().id(), e.toString());
      finish(target, Outcome.REJECTED, left);
      return;
    }
    client.post(request).onComplete(ar -> context.runOnContext(v -> {
      Outcome outcome = ar.succeeded() ? format.judge(ar.result().status(), ar.result().body()) : Outcome.RETRY;
      if (outcome == Outcome.RETRY && attempt < settings.maxAttempts() && !closed.get()) {
        events.retried(target.type());
        long delay = settings.retryDelayMs(attempt);
        LOG.debug("notify: {} attempt {} for task {} failed ({}); again in {} ms", target, attempt, n.task().id(),
            ar.succeeded() ? "HTTP " + ar.result().status() : ar.cause().getMessage(), delay);
        vertx.setTimer(delay, id -> context.runOnContext(w -> attempt(n, target, deliveryId, held, attempt + 1, left)));
        return;
      }
      Outcome last = outcome == Outcome.RETRY ? Outcome.GAVE_UP : outcome;
      if (last != Outcome.DELIVERED) {
        LOG.warn("notify: {} {} task {} after {} attempt(s) ({})", target, last == Outcome.GAVE_UP ? "gave up on"
            : "refused", n.task().id(), attempt, ar.succeeded() ? "HTTP " + ar.result().status() + " "
            + abbreviate(ar.result().body()) : ar.cause().getMessage());
      }
      finish(target, last, left);
    }));
  }

  private void finish(NotifyTarget target, Outcome outcome, AtomicInteger left) {
    events.finished(target.type(), outcome);
    done(left);
  }

  private void done(AtomicInteger left) {
    if (left.decrementAndGet() == 0) {
      outstanding.decrementAndGet();
    }
  }

  private static String abbreviate(String body) {
    String oneLine = body.replaceAll("\\s+", " ");
    return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
  }

  /** Stops sending; what is still held is lost (counted nowhere: the process is stopping). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.close();
    }
  }
}
