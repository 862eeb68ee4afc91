package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sale completes, lingers out and is forgotten; then its STARTED, lost on the way, arrives. It
 * must raise nothing: the daemon recognises the forgotten sale's txn id. A second sale started
 * after it and never finished is the control: its UNCONFIRMED_SALE shows that the late STARTED's
 * deadline (earlier) has passed too.
 */
class LateEventEndToEndTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void aLateStartedOfASaleCompletedAndForgottenRaisesNoTask() throws Exception {
    Map<String, String> s = new HashMap<>(InProcessDaemon.FAST);
    s.put("detect.double-charge-window", "300ms");
    s.put("detect.closed-sale-linger", "500ms");
    try (InProcessDaemon tw = new InProcessDaemon(dir, s);
         TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-late")) {
      Instant startedAt = Instant.now();
      long startedSeq = t.lose(); // the STARTED that did not get through
      t.event("s-late", "AUTHORIZED", 12850);
      t.event("s-late", "PRINTED", -1);
      t.event("s-late", "COMPLETED", -1);
      await().atMost(Duration.ofSeconds(15)).until(() -> tw.api.metric("tillwatch_engine_forgotten_sales") == 1.0);

      t.publish("txn", "{\"txn\":\"s-late\",\"seq\":" + startedSeq + ",\"event\":\"STARTED\",\"at\":\"" + startedAt
          + "\",\"amount\":12850,\"currency\":\"CNY\",\"method\":\"CARD\"}", 1);
      t.event("s-control", "STARTED", 500);
      await().atMost(Duration.ofSeconds(15)).until(() -> tw.api.tasks("terminal=t-late&kind=UNCONFIRMED_SALE").size() == 1);

      assertEquals("s-control", tw.api.tasks("terminal=t-late&kind=UNCONFIRMED_SALE").get(0).getString("txn"));
      assertEquals(1.0, tw.api.metric("tillwatch_engine_forgotten_sale_events_total"));
    }
  }
}
