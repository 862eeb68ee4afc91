package io.tillwatch.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.StatusChange;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttWill;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over real MQTT: the simulator against a recording test server, every fault kind on,
 * time compressed. Checks the wire (decoding, Will, QoS, seqs) and that each ground-truth line
 * describes traffic that really has the shape of its finding.
 */
class FleetSimulatorTest {
  private static final long SILENCE_MS = 2_500;
  private static final long BACKLOG_MS = 1_500;

  private Vertx vertx;
  private TestMqttServer server;
  private final TelemetryDecoder decoder = new TelemetryDecoder(16_384);

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    server = TestMqttServer.start(vertx);
  }

  @AfterEach
  void tearDown() {
    server.close();
    vertx.close().await();
  }

  @Test
  void everyFaultKindShowsOnTheWireAsItsGroundTruthSays(@TempDir Path dir) throws Exception {
    Path truthFile = dir.resolve("truth.jsonl");
    SimulatorOptions opts = SimulatorOptions.builder("127.0.0.1", server.port())
        .terminals(4).merchants(2).salesPerSecond(20)
        .faults("unprinted=0.03,unconfirmed=0.03,double=0.03,reversal=0.03,gap=0.03,silent=0.005,backlog=0.005")
        .primeFaults(true).heartbeatIntervalSec(1).timeScale(20).seed(7)
        .silencePeriod(Duration.ofMillis(SILENCE_MS)).backlogPeriod(Duration.ofMillis(BACKLOG_MS))
        .doubleChargeDelay(Duration.ofMillis(300)).connectsPerSecond(100)
        .groundTruthPath(truthFile)
        .build();
    FleetSimulator sim = FleetSimulator.start(vertx, opts).await();

    // Every kind appears in the file while the simulator runs, and the first silence and backlog have ended.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      List<GroundTruthRecord> lines = GroundTruth.readFile(truthFile);
      Set<FindingKind> kinds = lines.stream().map(GroundTruthRecord::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(FindingKind.class)));
      long now = System.currentTimeMillis();
      return kinds.equals(EnumSet.copyOf(Arrays.stream(FindingKind.values()).filter(FindingKind::fromTelemetry).toList()))
          && ended(lines, FindingKind.TERMINAL_SILENT, SILENCE_MS + 1_200, now)
          && ended(lines, FindingKind.UPLOAD_BACKLOG, BACKLOG_MS + 1_200, now);
    });
    // A heartbeat's lastSeq must reveal each gap injected so far, even one that was the terminal's last event.
    List<GroundTruthRecord> gapsSoFar = sim.groundTruth().ofKind(FindingKind.TELEMETRY_GAP);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
        gapsSoFar.stream().allMatch(g -> maxHeartbeatLastSeq(g.terminal()) >= gapSeq(g)));

    sim.stop().await();
    SimStatsSnapshot stats = sim.stats();
    List<GroundTruthRecord> truth = GroundTruth.readFile(truthFile);
    assertEquals(sim.groundTruth().all(), truth, "the file holds exactly the in-memory ground truth");

    Map<String, List<Telemetry>> byTerminal = decodeAll();
    assertEquals(Set.of("t00001", "t00002", "t00003", "t00004"), byTerminal.keySet());
    assertConnections();
    assertSeqs(byTerminal, truth);
    assertTruthShapes(byTerminal, truth);

    assertEquals(0, stats.connectFailures());
    assertEquals(0, stats.connectionLosses());
    assertEquals(stats.txnPublished(), stats.txnAcked(), "every event acknowledged after a graceful stop");
    assertEquals(0, stats.connectedTerminals());
    assertTrue(stats.ackP50Ms() > 0 && stats.ackMaxMs() >= stats.ackP99Ms());
    assertEquals(truth.stream().filter(r -> r.kind() == FindingKind.TELEMETRY_GAP).count(), stats.txnLost());
  }

  private static boolean ended(List<GroundTruthRecord> lines, FindingKind kind, long lastsMs, long now) {
    return lines.stream().anyMatch(r -> r.kind() == kind && r.injectedAtMs() + lastsMs < now);
  }

  private static long gapSeq(GroundTruthRecord g) {
    String range = g.txn().substring("seq:".length());
    return Long.parseLong(range.substring(0, range.indexOf('-')));
  }

  private long maxHeartbeatLastSeq(String terminal) {
    return server.from(terminal).stream().filter(m -> m.topic().endsWith("/heartbeat")).mapToLong(m -> {
      try {
        return ((Heartbeat) decoder.decode(m.topic(), m.payload())).lastSeq();
      } catch (RejectedMessageException e) {
        return -1;
      }
    }).max().orElse(-1);
  }

  /** Every payload decodes with the daemon's decoder; QoS and retain flags follow the contract. */
  private Map<String, List<Telemetry>> decodeAll() {
    Map<String, List<Telemetry>> out = new HashMap<>();
    for (TestMqttServer.Received m : server.messages) {
      Telemetry t;
      try {
        t = decoder.decode(m.topic(), m.payload());
      } catch (RejectedMessageException e) {
        fail("payload on " + m.topic() + " refused: " + e.getMessage() + ": " + new String(m.payload(), StandardCharsets.UTF_8));
        return out;
      }
      assertEquals(m.clientId(), t.terminal(), "client id = terminal id");
      if (t instanceof TxnEvent) {
        assertEquals(MqttQoS.AT_LEAST_ONCE, m.qos());
      } else if (t instanceof Heartbeat h) {
        assertEquals(MqttQoS.AT_MOST_ONCE, m.qos());
        assertEquals(1, h.intervalSec());
        assertNotNull(h.store());
        assertNotNull(h.region());
        assertNotNull(h.printer());
      } else if (t instanceof StatusChange) {
        assertTrue(m.retain(), "status is retained");
      }
      out.computeIfAbsent(t.terminal(), k -> new ArrayList<>()).add(t);
    }
    return out;
  }

  private void assertConnections() {
    assertFalse(server.sessions.isEmpty());
    for (TestMqttServer.Session s : server.sessions) {
      // Vert.x MqttServer exposes auth() only when a password comes with the username; the simulator sends none.
      if (s.username() != null) {
        assertEquals(s.clientId(), s.username(), "username = terminal id");
      }
      MqttWill will = s.will();
      assertTrue(will.isWillFlag(), "Last Will set");
      assertTrue(will.getWillTopic().matches("pos/v1/m00[12]/" + s.clientId() + "/status"), will.getWillTopic());
      assertEquals("offline", new String(will.getWillMessageBytes(), StandardCharsets.UTF_8));
      assertTrue(will.isWillRetain());
      assertEquals(1, will.getWillQos());
      assertTrue(s.subscriptions().stream().anyMatch(t -> t.equals(will.getWillTopic().replace("/status", "/cmd"))), "subscribed to cmd");
    }
  }

  /** Per terminal, the seqs received plus the injected gaps are exactly 1..max, and no gap seq arrived. */
  private static void assertSeqs(Map<String, List<Telemetry>> byTerminal, List<GroundTruthRecord> truth) {
    byTerminal.forEach((terminal, all) -> {
      TreeSet<Long> received = all.stream().filter(t -> t instanceof TxnEvent).map(t -> ((TxnEvent) t).seq())
          .collect(Collectors.toCollection(TreeSet::new));
      TreeSet<Long> gaps = truth.stream().filter(r -> r.kind() == FindingKind.TELEMETRY_GAP && r.terminal().equals(terminal))
          .map(FleetSimulatorTest::gapSeq).collect(Collectors.toCollection(TreeSet::new));
      for (long g : gaps) {
        assertFalse(received.contains(g), terminal + ": lost seq " + g + " was published");
      }
      TreeSet<Long> all2 = new TreeSet<>(received);
      all2.addAll(gaps);
      long max = all2.isEmpty() ? 0 : all2.last();
      assertEquals(max, all2.size(), terminal + ": seqs must be 1.." + max + " with only the injected gaps; missing "
          + missing(all2, max));
    });
  }

  private static List<Long> missing(Set<Long> seqs, long max) {
    List<Long> m = new ArrayList<>();
    for (long i = 1; i <= max; i++) {
      if (!seqs.contains(i)) {
        m.add(i);
      }
    }
    return m;
  }

  /** Each ground-truth line is backed by traffic that has the shape its finding's rule looks for. */
  private void assertTruthShapes(Map<String, List<Telemetry>> byTerminal, List<GroundTruthRecord> truth) {
    for (GroundTruthRecord r : truth) {
      List<Telemetry> all = byTerminal.get(r.terminal());
      assertNotNull(all, r.toString());
      switch (r.kind()) {
        case UNCONFIRMED_SALE -> assertEquals(List.of(EventType.STARTED), events(all, r.txn()), r.toString());
        case UNPRINTED_RECEIPT -> {
          List<EventType> ev = events(all, r.txn());
          assertTrue(ev.contains(EventType.AUTHORIZED) && !ev.contains(EventType.PRINTED) && !ev.contains(EventType.COMPLETED), r + " " + ev);
        }
        case STUCK_REVERSAL -> assertEquals(List.of(EventType.STARTED, EventType.REVERSAL_QUEUED), events(all, r.txn()), r.toString());
        case DOUBLE_CHARGE_RISK -> {
          assertEquals(List.of(EventType.STARTED), events(all, r.relatedTxn()), "the earlier sale stays in doubt: " + r);
          TxnEvent a = txn(all, r.relatedTxn(), EventType.STARTED);
          TxnEvent b = txn(all, r.txn(), EventType.AUTHORIZED);
          assertEquals(a.amount(), b.amount());
          assertEquals(a.currency(), b.currency());
          assertEquals(a.pan(), b.pan());
          assertTrue(events(all, r.txn()).contains(EventType.PRINTED));
        }
        case TELEMETRY_GAP -> assertTrue(r.detail().contains("COMPLETED"), r.detail());
        case TERMINAL_SILENT -> assertSilent(r);
        case UPLOAD_BACKLOG -> assertBacklog(all, r);
      }
    }
  }

  /** Nothing arrives from the terminal during its silence, and it comes back (online) afterwards. */
  private void assertSilent(GroundTruthRecord r) {
    List<TestMqttServer.Received> msgs = server.from(r.terminal());
    long quietFrom = r.injectedAtMs() + 300; // time to drain acks and say offline
    long quietTo = r.injectedAtMs() + SILENCE_MS - 100;
    List<TestMqttServer.Received> during = msgs.stream().filter(m -> m.atMs() > quietFrom && m.atMs() < quietTo).toList();
    assertTrue(during.isEmpty(), r.terminal() + " published during its silence: " + during.stream().map(TestMqttServer.Received::topic).toList());
    if (r.detail().endsWith(", offline published first")) {
      assertTrue(msgs.stream().anyMatch(m -> m.topic().endsWith("/status") && new String(m.payload(), StandardCharsets.UTF_8).equals("offline")
          && m.atMs() >= r.injectedAtMs() && m.atMs() <= quietFrom), "offline before the silence: " + r);
    }
    if (r.injectedAtMs() + SILENCE_MS + 1_000 < System.currentTimeMillis()) {
      assertTrue(msgs.stream().anyMatch(m -> m.topic().endsWith("/status") && new String(m.payload(), StandardCharsets.UTF_8).equals("online")
          && m.atMs() >= r.injectedAtMs() + SILENCE_MS), "back online after the silence: " + r);
    }
  }

  private static void assertBacklog(List<Telemetry> all, GroundTruthRecord r) {
    List<Heartbeat> hbs = all.stream().filter(t -> t instanceof Heartbeat).map(t -> (Heartbeat) t).toList();
    int first = -1;
    for (int i = 0; i < hbs.size(); i++) {
      if (hbs.get(i).pendingUploads() > 0) {
        first = i;
        break;
      }
    }
    assertTrue(first >= 0, "a heartbeat reports pendingUploads > 0: " + r);
    boolean clearedLater = hbs.subList(first, hbs.size()).stream().anyMatch(h -> h.pendingUploads() == 0);
    assertTrue(clearedLater || r.injectedAtMs() + BACKLOG_MS + 1_000 > System.currentTimeMillis(), "pendingUploads returns to 0: " + r);
  }

  private static List<EventType> events(List<Telemetry> all, String txn) {
    return all.stream().filter(t -> t instanceof TxnEvent e && e.txn().equals(txn)).map(t -> ((TxnEvent) t).type()).toList();
  }

  private static TxnEvent txn(List<Telemetry> all, String txn, EventType type) {
    return all.stream().filter(t -> t instanceof TxnEvent e && e.txn().equals(txn) && e.type() == type).map(t -> (TxnEvent) t)
        .findFirst().orElseThrow(() -> new AssertionError(type + " of " + txn + " not received"));
  }
}
