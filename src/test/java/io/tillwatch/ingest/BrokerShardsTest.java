package io.tillwatch.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillwatch.e2e.MosquittoBroker;
import io.tillwatch.e2e.TestTerminal;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.metrics.ConnectionMetrics;
import io.tillwatch.metrics.IngestMetrics;
import io.tillwatch.metrics.ShardMetrics;
import io.tillwatch.runtime.EngineShards;
import io.tillwatch.runtime.UncheckedSalesLog;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker mode against a real Mosquitto, with the real engine shards and a journal the test
 * controls: the messages of many terminals are decoded and journaled on their shards' loops, each
 * terminal's in arrival order; the broker gets a message's PUBACK only after its commit, and the
 * PUBACKs leave in the order the messages arrived. A broker that sends without limit does not fill
 * TillWatch's memory: past the bound the connection is dropped, and nothing is lost.
 */
class BrokerShardsTest {
  private static final int SHARDS = 4;

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(SHARDS + 2));
  private final FakeJournal journal = new FakeJournal();
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final AtomicInteger overloads = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final List<TestTerminal> terminals = new ArrayList<>();
  private EngineShards shards;
  /** Closed after the terminals: a broker that goes first leaves their clients mid-disconnect. */
  private MosquittoBroker broker;

  @AfterEach
  void close() throws Exception {
    for (TestTerminal t : terminals) {
      t.close();
    }
    if (broker != null) {
      broker.close();
    }
    vertx.close().await();
  }

  @Test
  void manyTerminalsAreJournaledOnTheirShardsLoopsEachInArrivalOrder() throws Exception {
    broker = new MosquittoBroker(dir.resolve("mosquitto"));
    deploy(broker, "tw-shards");
    int count = 24;
    int events = 8;
    for (int i = 0; i < count; i++) {
      terminals.add(new TestTerminal(broker.port, "m001", "t-" + i));
    }
    for (int e = 0; e < events; e++) { // interleaved: every terminal's next event, round after round
      for (TestTerminal t : terminals) {
        t.event("s" + e, "STARTED", 100);
      }
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> journal.appended.size() == count * events);

    Map<String, List<Long>> seqs = new HashMap<>();
    Map<String, Set<String>> threadsOfTerminal = new HashMap<>();
    for (int i = 0; i < journal.appended.size(); i++) {
      TxnEvent e = journal.appended.get(i).event();
      seqs.computeIfAbsent(e.terminal(), k -> new ArrayList<>()).add(e.seq());
      threadsOfTerminal.computeIfAbsent(e.terminal(), k -> new HashSet<>()).add(journal.appendThreads.get(i));
    }
    Map<Integer, String> threadOfShard = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String terminal = "t-" + i;
      List<Long> expected = new ArrayList<>();
      for (long s = 1; s <= events; s++) {
        expected.add(s);
      }
      assertEquals(expected, seqs.get(terminal), terminal + ": journaled in arrival order");
      assertEquals(1, threadsOfTerminal.get(terminal).size(), terminal + ": one loop for all its messages");
      String thread = threadsOfTerminal.get(terminal).iterator().next();
      String before = threadOfShard.putIfAbsent(shards.indexOf("m001", terminal), thread);
      assertTrue(before == null || before.equals(thread), terminal + ": on its shard's loop, like its shard's other terminals");
    }
    assertTrue(threadOfShard.size() > 1, "terminals of several shards, on one thread: " + threadOfShard);
    assertEquals(threadOfShard.size(), new HashSet<>(threadOfShard.values()).size(),
        "each shard on its own loop: " + threadOfShard);
    journal.commits.forEach(c -> c.complete(null));
    await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == count * events + count); // + the status messages
  }

  @Test
  void theBrokerGetsAPubackOnlyAfterTheCommitAndInArrivalOrder() throws Exception {
    broker = new MosquittoBroker(dir.resolve("mosquitto"));
    String deployment = deploy(broker, "tw-acks");
    String first = terminalOnAnotherShardThan(null);
    String second = terminalOnAnotherShardThan(first);
    TestTerminal a = new TestTerminal(broker.port, "m001", first);
    TestTerminal b = new TestTerminal(broker.port, "m001", second);
    terminals.add(a);
    terminals.add(b);
    await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == 2); // the two status messages

    a.event("s1", "STARTED", 100);
    b.event("s1", "STARTED", 100);
    await().atMost(Duration.ofSeconds(10)).until(() -> journal.commits.size() == 2);
    holds(() -> acknowledged.get() == 2, Duration.ofMillis(300)); // nothing committed, nothing acknowledged

    commitOf(second).complete(null); // the later message commits first, on its own shard
    holds(() -> acknowledged.get() == 2, Duration.ofMillis(300)); // a PUBACK waits for the messages that arrived before it

    commitOf(first).complete(null);
    await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == 4);

    // What the broker was told: a message not committed when TillWatch leaves comes back, the others do not.
    a.event("s2", "STARTED", 100);
    await().atMost(Duration.ofSeconds(10)).until(() -> journal.commits.size() == 3);
    vertx.undeploy(deployment).await();
    deploy(broker, "tw-acks");
    await().atMost(Duration.ofSeconds(10)).until(() -> journal.commits.size() == 4);
    holds(() -> journal.commits.size() == 4, Duration.ofMillis(500)); // nothing else redelivered
    List<Long> firstSeqs = journal.appended.stream().filter(x -> x.event().terminal().equals(first)).map(x -> x.event().seq()).toList();
    List<Long> secondSeqs = journal.appended.stream().filter(x -> x.event().terminal().equals(second)).map(x -> x.event().seq()).toList();
    assertEquals(List.of(1L, 2L, 2L), firstSeqs, "only the uncommitted message is redelivered");
    assertEquals(List.of(1L), secondSeqs);
  }

  @Test
  void pastTheBoundTheConnectionStopsReadingAndLosesNothing() throws Exception {
    broker = new MosquittoBroker(dir.resolve("mosquitto")); // max_inflight_messages 0: no limit
    int count = 4;
    int events = 400; // ~140 KB of PUBLISH packets: more than the socket reads while the connection is paused
    deploy(broker, "tw-pause", 8, true); // nothing commits yet: reading stops once 8 messages are held
    connectAndPublish(count, events);
    // Reading stopped: what is held stops growing, far short of what the broker has, without a reconnect.
    await().atMost(Duration.ofSeconds(10)).until(() -> journal.appended.size() >= 8);
    int[] held = {-1};
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
      int now = journal.appended.size();
      boolean same = now == held[0];
      held[0] = now;
      return same;
    });
    assertTrue(held[0] < count * events / 2, "reading stopped near the bound, not after " + held[0] + " messages");
    holds(() -> journal.appended.size() == held[0] && acknowledged.get() == count && reconnects.get() == 0, Duration.ofMillis(300));

    // The journal catches up: reading resumes each time half is acknowledged; each message journaled once, in order.
    // (Commits complete at each poll, and each resume reads about half the bound: hence the short poll interval.)
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
      journal.commits.forEach(c -> c.complete(null));
      return acknowledged.get() == count * events + count;
    });
    assertEquals(0, overloads.get(), "paused, not overloaded");
    assertEquals(0, reconnects.get(), "the same connection throughout");
    assertEquals(count * events, journal.appended.size(), "nothing redelivered");
    assertEachJournaledOnceInOrder();
  }

  @Test
  void withoutAPauseTheConnectionPastTheBoundTakesNoMoreAndTheBrokerRedeliversTheRestAfterTheReconnect() throws Exception {
    broker = new MosquittoBroker(dir.resolve("mosquitto")); // max_inflight_messages 0: no limit
    int count = 4;
    int events = 10;
    deploy(broker, "tw-bound", 8, false); // nothing commits yet: 8 messages are all TillWatch may hold
    connectAndPublish(count, events);
    await().atMost(Duration.ofSeconds(10)).until(() -> overloads.get() > 0);
    // nothing committed, nothing acknowledged; the connection is closed only once what it holds is acknowledged
    holds(() -> acknowledged.get() == count && reconnects.get() == 0, Duration.ofMillis(300));
    Set<String> held = new HashSet<>();
    journal.appended.forEach(x -> held.add(x.event().terminal() + "/" + x.event().seq()));
    assertTrue(held.size() <= 8, "no more than the bound handed on: " + held);

    // The journal catches up: every message comes back from the broker and is journaled, none is lost.
    Set<String> all = new HashSet<>();
    for (int i = 0; i < count; i++) {
      for (long s = 1; s <= events; s++) {
        all.add("t-" + i + "/" + s);
      }
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      journal.commits.forEach(c -> c.complete(null));
      return acknowledged.get() == count * events + count;
    });
    assertTrue(reconnects.get() > 0, "the broker redelivered what was past the bound on a new connection");
    Set<String> journaled = new HashSet<>();
    journal.appended.forEach(x -> journaled.add(x.event().terminal() + "/" + x.event().seq()));
    assertEquals(all, journaled, "every message journaled");
    int appendedWhenDone = journal.appended.size();
    holds(() -> { // acknowledged ones are not redelivered
      journal.commits.forEach(c -> c.complete(null));
      return journal.appended.size() == appendedWhenDone;
    }, Duration.ofMillis(500));
    assertEquals(count * events + count, acknowledged.get(), "each acknowledged once");
    assertEachJournaledOnceInOrder();
  }

  /** {@code count} terminals connect (their status messages acknowledged), then each publishes {@code events} sales' STARTED. */
  private void connectAndPublish(int count, int events) throws Exception {
    for (int i = 0; i < count; i++) {
      terminals.add(new TestTerminal(broker.port, "m001", "t-" + i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() == count); // the status messages
    for (int e = 0; e < events; e++) {
      for (TestTerminal t : terminals) {
        t.event("s" + e, "STARTED", 100);
      }
    }
  }

  private void assertEachJournaledOnceInOrder() {
    Map<String, List<Long>> seqs = new HashMap<>();
    journal.appended.forEach(x -> seqs.computeIfAbsent(x.event().terminal(), k -> new ArrayList<>()).add(x.event().seq()));
    seqs.forEach((terminal, s) -> {
      for (int i = 1; i < s.size(); i++) {
        assertTrue(s.get(i) == s.get(i - 1) + 1, terminal + ": each journaled once, in order " + s);
      }
    });
  }

  /** The condition stays true for {@code during}: what must not happen does not, for that long. */
  private static void holds(java.util.concurrent.Callable<Boolean> condition, Duration during) {
    await().during(during).atMost(during.plusSeconds(2)).until(condition);
  }

  private String deploy(MosquittoBroker broker, String clientId) {
    return deploy(broker, clientId, 65_536, true);
  }

  private String deploy(MosquittoBroker broker, String clientId, int maxUnacknowledged, boolean readPause) {
    journal.savesAtOnce = true; // the terminals' status messages
    if (shards == null) {
      shards = EngineShards.create(SHARDS, DetectionSettings.defaults(), quiet(FindingSink.class, name -> {}), Clock.systemUTC(), ShardMetrics.NONE,
          () -> 0, new UncheckedSalesLog(new LogLimiter(Duration.ZERO, Ticker.systemTicker()), 1000));
      shards.deploy(vertx).await();
    }
    IngestPipeline pipeline = new IngestPipeline(new TelemetryDecoder(8192), journal, shards, IngestMetrics.NONE,
        new RejectLog(Duration.ofMinutes(1), Ticker.systemTicker()), Clock.systemUTC());
    BrokerSettings settings = BrokerSettings.builder("127.0.0.1", broker.port).clientId(clientId)
        .reconnect(Duration.ofMillis(50), Duration.ofMillis(500)).maxUnacknowledged(maxUnacknowledged).build();
    BrokerIngestVerticle verticle = new BrokerIngestVerticle(settings, pipeline, quiet(ConnectionMetrics.class, name -> {
      if (name.equals("acknowledged")) {
        acknowledged.incrementAndGet();
      } else if (name.equals("brokerReconnect")) {
        reconnects.incrementAndGet();
      }
    }), quiet(IngestMetrics.class, name -> {
      if (name.equals("ingestOverload")) {
        overloads.incrementAndGet();
      }
    }), () -> true, shards);
    if (!readPause) {
      verticle.withoutReadPause();
    }
    String id = vertx.deployVerticle(verticle).await();
    await().atMost(Duration.ofSeconds(10)).until(verticle::connected);
    return id;
  }

  private String terminalOnAnotherShardThan(String other) {
    for (int i = 0; ; i++) {
      String t = "t-" + i;
      if (other == null || shards.indexOf("m001", t) != shards.indexOf("m001", other)) {
        return t;
      }
    }
  }

  private CompletableFuture<Void> commitOf(String terminal) {
    for (int i = 0; i < journal.appended.size(); i++) {
      if (journal.appended.get(i).event().terminal().equals(terminal) && !journal.commits.get(i).isDone()) {
        return journal.commits.get(i);
      }
    }
    throw new AssertionError("no pending commit of " + terminal);
  }

  /** Every method does nothing, except what {@code onCall} does with the method's name (all are void). */
  @SuppressWarnings("unchecked")
  private static <T> T quiet(Class<T> type, Consumer<String> onCall) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      onCall.accept(method.getName());
      return null;
    });
  }
}
