package io.tillwatch.harness;

import io.tillwatch.harness.Ledger.Event;
import io.tillwatch.harness.Ledger.Sale;
import io.tillwatch.harness.Ledger.Script;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One simulated POS terminal on an Eclipse Paho async client: numbered events at QoS 1, many in
 * flight, its own reconnect loop, and the behaviour of real firmware around a server crash.
 *
 * <ul>
 *   <li>An event whose PUBACK never came (its token failed when the connection dropped) is
 *       re-published after reconnecting: same txn, same seq, a new packet id, no DUP flag.</li>
 *   <li>A terminal with a persistent session ({@code cleanSession=false}) lets Paho itself resend
 *       what was in flight, with the same packet id and the DUP flag set.</li>
 *   <li>Some acknowledged events are deliberately published again later (a terminal that lost
 *       its own record of the PUBACK), half of them with the DUP flag on a new packet id.</li>
 *   <li>Events of a block of sales are, now and then, published out of seq order (bounded
 *       reordering: never further than the block).</li>
 * </ul>
 *
 * <p>Not thread-safe by itself: {@link #tick} runs on the fleet's single pump thread; Paho's
 * callbacks only touch state under {@code this} lock, and no Paho call is made under the lock.
 */
final class SimTerminal {
  /** An MqttMessage with the DUP flag set on a fresh publish (setDuplicate is protected in Paho). */
  private static final class DupMessage extends MqttMessage {
    DupMessage(byte[] payload) {
      super(payload);
      setDuplicate(true);
    }
  }

  private final FleetSettings settings;
  private final Ledger ledger;
  final String merchant;
  final String id;
  final boolean persistentSession;
  private final Random rnd;
  /** Where the terminal connects: one {@code tcp://host:port}, or several to fail over between, first preferred. */
  private final String[] endpoints;
  private final MemoryPersistence persistence = new MemoryPersistence();
  private volatile MqttAsyncClient client;
  private boolean clientUsed;
  private int attempt;
  private final MqttConnectOptions options;

  // State guarded by this.
  private final ArrayDeque<Event> upcoming = new ArrayDeque<>();
  private final ArrayDeque<Event> resend = new ArrayDeque<>();
  private final ArrayDeque<Event> duplicates = new ArrayDeque<>();
  private int outstanding;
  private boolean connected;
  private boolean connecting;
  private long nextAttemptNanos;
  private int epoch;
  private double budget;
  private boolean producing = true;
  private long nextSeq = 1;
  private long maxSeqPublished;
  private int saleNo;
  private long nextHeartbeatNanos;

  SimTerminal(String endpoint, String merchant, String id, boolean persistentSession, long seed, FleetSettings settings,
      Ledger ledger) throws Exception {
    this.settings = settings;
    this.ledger = ledger;
    this.merchant = merchant;
    this.id = id;
    this.persistentSession = persistentSession;
    this.rnd = new Random(seed);
    this.endpoints = endpoint.split(",");
    this.client = newClient();
    options = new MqttConnectOptions();
    if (endpoints.length > 1) {
      // Paho tries them in order at each connect, so a terminal whose server died dials the next one,
      // as a terminal behind a load balancer would reach another gateway.
      options.setServerURIs(endpoints);
    }
    options.setCleanSession(!persistentSession);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no silent fall-back to 3.1 after a failed connect
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(3);
    options.setMaxInflight(Math.max(1000, settings.window() * 2));
    options.setAutomaticReconnect(false); // our own loop: Paho's backs off from 1 s up to 2 min
    options.setWill(topic("status"), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
  }

  private String topic(String kind) {
    return "pos/v1/" + merchant + "/" + id + "/" + kind;
  }

  /** Called by the pump thread every few ms: reconnect, heartbeat, then publish what is due within the window. */
  void tick(long nowNanos, double dtSeconds) {
    boolean connectNow = false;
    synchronized (this) {
      if (!connected) {
        if (!connecting && nowNanos - nextAttemptNanos >= 0) {
          connecting = true;
          connectNow = true;
        }
      } else if (producing || !upcoming.isEmpty()) {
        budget = Math.min(budget + settings.eventsPerSecond() * dtSeconds, Math.max(1, settings.eventsPerSecond() / 2));
      }
    }
    if (connectNow) {
      connect();
      return;
    }
    heartbeat(nowNanos);
    for (int i = 0; i < 500; i++) {
      Event e;
      boolean duplicate;
      int publishEpoch;
      synchronized (this) {
        if (!connected || outstanding >= settings.window()) {
          return;
        }
        duplicate = false;
        if ((e = resend.poll()) != null) {
          ledger.resendsAfterLostAck.incrementAndGet();
        } else if ((e = duplicates.poll()) != null) {
          duplicate = true;
        } else if (budget >= 1 && (!upcoming.isEmpty() || producing)) {
          if (upcoming.isEmpty()) {
            generateBlock();
          }
          e = upcoming.poll();
          budget -= 1;
          ledger.firstPublishes.incrementAndGet();
        } else {
          return;
        }
        outstanding++;
        publishEpoch = epoch;
        maxSeqPublished = Math.max(maxSeqPublished, e.seq);
      }
      if (!publish(e, duplicate, publishEpoch)) {
        return; // refused at once (not connected): wait for connectionLost and the reconnect
      }
    }
  }

  private boolean publish(Event e, boolean duplicate, int publishEpoch) {
    byte[] payload = txnPayload(e).getBytes(StandardCharsets.UTF_8);
    boolean dupFlag = duplicate && rnd.nextBoolean();
    MqttMessage m = dupFlag ? new DupMessage(payload) : new MqttMessage(payload);
    m.setQos(1);
    e.publishes.incrementAndGet();
    ledger.publishAttempts.incrementAndGet();
    if (duplicate) {
      ledger.deliberateDuplicates.incrementAndGet();
      if (dupFlag) {
        ledger.deliberateDuplicatesWithDupFlag.incrementAndGet();
      }
    }
    // With a persistent session Paho may fail a token when the connection drops and still complete
    // it later, when it resent the message from its session store: settle the window once.
    AtomicBoolean settled = new AtomicBoolean();
    try {
      client.publish(topic("txn"), m, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          acked(e, publishEpoch, settled);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          failed(e, duplicate, settled);
        }
      });
      return true;
    } catch (Exception ex) {
      failed(e, duplicate, settled);
      return false;
    }
  }

  private void acked(Event e, int publishEpoch, AtomicBoolean settled) {
    if (e.acks.getAndIncrement() > 0) {
      ledger.duplicateAcks.incrementAndGet();
    }
    synchronized (this) {
      boolean first = settled.compareAndSet(false, true);
      if (first) {
        outstanding--;
      }
      if (!first || epoch != publishEpoch) {
        ledger.sessionRedeliveredAcks.incrementAndGet(); // Paho resent it in a later connection (persistent session)
      }
      if (producing && e.acks.get() == 1 && rnd.nextDouble() < settings.duplicateRate()) {
        duplicates.add(e);
      }
    }
  }

  private void failed(Event e, boolean duplicate, AtomicBoolean settled) {
    ledger.publishFailures.incrementAndGet();
    synchronized (this) {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      outstanding--;
      if (!duplicate && !e.acked()) {
        resend.add(e);
      }
    }
  }

  private void heartbeat(long nowNanos) {
    if (settings.heartbeatEvery() == null || nowNanos - nextHeartbeatNanos < 0) {
      return;
    }
    long lastSeq;
    synchronized (this) {
      nextHeartbeatNanos = nowNanos + settings.heartbeatEvery().toNanos();
      lastSeq = maxSeqPublished;
    }
    String hb = "{\"at\":\"" + Instant.now() + "\",\"intervalSec\":" + settings.heartbeatIntervalSec() + ",\"lastSeq\":" + lastSeq
        + ",\"firmware\":\"4.2.1\",\"network\":\"4G\",\"signal\":-71,\"printer\":\"OK\",\"pendingUploads\":0}";
    try {
      client.publish(topic("heartbeat"), hb.getBytes(StandardCharsets.UTF_8), 0, false);
      ledger.heartbeats.incrementAndGet();
    } catch (Exception ignored) {
      // QoS 0: lost with the connection, as on a real terminal
    }
  }

  /** The next sales of this terminal, seqs in script order; sometimes published in a shuffled order. */
  private void generateBlock() {
    List<Event> block = new ArrayList<>();
    int n = 1 + rnd.nextInt(settings.salesPerBlock());
    for (int i = 0; i < n; i++) {
      Script script = pickScript();
      Sale sale = ledger.newSale(merchant, id, id + "-s" + (++saleNo), script);
      for (String type : script.events) {
        block.add(ledger.newEvent(sale, nextSeq++, type));
      }
    }
    if (block.size() > 1 && rnd.nextDouble() < settings.reorderRate()) {
      Collections.shuffle(block, rnd);
      ledger.reorderedBlocks.incrementAndGet();
    }
    upcoming.addAll(block);
  }

  private Script pickScript() {
    double r = rnd.nextDouble();
    double[] w = settings.scriptWeights();
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i];
      if (r < sum) {
        return Script.values()[i];
      }
    }
    return Script.CLEAN;
  }

  private String txnPayload(Event e) {
    Sale s = e.sale;
    return "{\"txn\":\"" + s.txn + "\",\"seq\":" + e.seq + ",\"event\":\"" + e.type + "\",\"at\":\"" + Instant.now()
        + "\",\"amount\":" + s.amount + ",\"currency\":\"CNY\",\"method\":\"CARD\",\"rrn\":\"433412345678\","
        + "\"pan\":\"622848******1234\"}";
  }

  private static final boolean TRACE = Boolean.getBoolean("harness.trace");

  private void trace(String what) {
    if (TRACE) {
      System.out.println("TRACE " + Instant.now() + " " + id + " " + what);
    }
  }

  private MqttAsyncClient newClient() throws Exception {
    MqttAsyncClient c = new MqttAsyncClient(endpoints[0], id, persistence);
    c.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        lost(c, cause);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {}

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    return c;
  }

  /**
   * A clean-session terminal dials with a fresh Paho client each time. Reusing one client after
   * refused connection attempts makes Paho 1.2.5 now and then send a second CONNECT on the new
   * connection (seen as the server closing it right after CONNACK, and the Last Will firing); a
   * persistent-session terminal must keep its client, whose session store holds the in-flight
   * publishes to resend.
   */
  private void connect() {
    MqttAsyncClient c;
    int a;
    synchronized (this) {
      a = ++attempt;
      c = client;
    }
    trace("connect #" + a);
    try {
      if (!persistentSession && clientUsed) {
        MqttAsyncClient old = c;
        c = newClient();
        synchronized (this) {
          client = c;
        }
        closeQuietly(old);
      }
      clientUsed = true;
      MqttAsyncClient connecting = c;
      c.connect(options, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          synchronized (SimTerminal.this) {
            if (a != attempt || client != connecting) {
              return; // a stale attempt
            }
            connected = true;
            SimTerminal.this.connecting = false;
            epoch++;
          }
          ledger.connects.incrementAndGet();
          trace("connected #" + a);
          try {
            connecting.publish(topic("status"), "online".getBytes(StandardCharsets.UTF_8), 1, true);
          } catch (Exception ignored) {
            // the connection dropped again; connectionLost follows
          }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          retryLater(a, error);
        }
      });
    } catch (Exception e) {
      retryLater(a, e);
    }
  }

  private synchronized void retryLater(int a, Throwable error) {
    trace("connect failed #" + a + " " + error);
    if (a != attempt) {
      return;
    }
    ledger.connectFailures.incrementAndGet();
    ledger.connectFailureReasons.merge((persistentSession ? "persistent " : "clean ") + error, 1L, Long::sum);
    if (!connected) {
      connecting = false;
      nextAttemptNanos = System.nanoTime() + (50 + rnd.nextInt(150)) * 1_000_000L;
    }
  }

  private void lost(MqttAsyncClient c, Throwable cause) {
    trace("lost " + cause);
    synchronized (this) {
      if (c != client) {
        return;
      }
      ledger.connectionsLost.incrementAndGet();
      connected = false;
      connecting = false; // Paho may never complete the connect token of a connection lost right after CONNACK
      attempt++;
      nextAttemptNanos = System.nanoTime() + (20 + rnd.nextInt(100)) * 1_000_000L;
    }
  }

  private static void closeQuietly(MqttAsyncClient c) {
    try {
      c.disconnectForcibly(0, 0, false);
    } catch (Exception ignored) {
      // not connected
    }
    try {
      c.close(true);
    } catch (Exception ignored) {
      // already closed
    }
  }

  /** Finish the sales already generated, start no new ones, stop duplicating. */
  synchronized void stopProducing() {
    producing = false;
    duplicates.clear();
  }

  /** Nothing left to send and nothing waiting for a PUBACK. */
  synchronized boolean drained() {
    return upcoming.isEmpty() && resend.isEmpty() && duplicates.isEmpty() && outstanding == 0;
  }

  synchronized String describe() {
    return id + (persistentSession ? " (persistent)" : "") + " connected=" + connected + " connecting=" + connecting
        + " upcoming=" + upcoming.size() + " resend=" + resend.size() + " outstanding=" + outstanding;
  }

  synchronized int pending() {
    return upcoming.size() + resend.size() + outstanding;
  }

  void close() {
    MqttAsyncClient c = client;
    try {
      if (c.isConnected()) {
        c.disconnect(2_000).waitForCompletion(3_000);
      }
    } catch (Exception ignored) {
      // closing anyway
    }
    closeQuietly(c);
  }
}
