package io.tillwatch.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.acquirer.VertxTest;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.AckDeadlines;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskSamples;
import io.tillwatch.tasks.TestClock;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher against local fake receivers, one Vert.x HTTP server each, for every format and failure. */
class WebhookDispatcherTest extends VertxTest {
  private static final long T0 = 1_796_176_800_000L; // 2026-12-02T02:00:00Z, 10:00 in Shanghai
  private static final String SECRET = "whsec-7f3a";

  private final TestClock clock = new TestClock(T0);
  private final RecordingEvents events = new RecordingEvents();
  private WebhookDispatcher dispatcher;
  private FakeReceiver receiver;

  @AfterEach
  void close() throws Exception {
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private static NotifySettings settings(Map<String, List<NotifyTarget>> targets, int burst, int attempts, int capacity) {
    return new NotifySettings(targets, 1, burst, attempts, Duration.ofMillis(20), Duration.ofMillis(80),
        Duration.ofSeconds(2), capacity, ZoneId.of("Asia/Shanghai"), "https://tillwatch.example/console/");
  }

  private void start(NotifySettings settings) {
    dispatcher = new WebhookDispatcher(vertx, settings, clock, events);
  }

  private static Notification created(Task t) {
    return new Notification(NotifyEvent.CREATED, t, AckDeadlines.defaults().ackDueAtMs(t));
  }

  private static Task sale(String id, String merchant) {
    return TaskSamples.task(id, FindingKind.UNCONFIRMED_SALE, merchant, "t0001", "s-" + id, T0);
  }

  private void awaitRequests(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() >= n);
  }

  private void awaitEvents(String... words) {
    await().atMost(Duration.ofSeconds(10)).until(() -> events.heard.containsAll(List.of(words)) && dispatcher.depth() == 0);
  }

  /** Checks {@code t=<unix>,v1=<hex HMAC-SHA256("t.body")>} as a receiver would. */
  private static void assertSignedBy(String secret, FakeReceiver.Received r, long unixSeconds) {
    Matcher m = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})").matcher(r.header("X-TillWatch-Signature"));
    assertTrue(m.matches(), r.header("X-TillWatch-Signature"));
    assertEquals(unixSeconds, Long.parseLong(m.group(1)));
    String expected = HexFormat.of().formatHex(Signatures.hmacSha256(secret, m.group(1) + "." + r.body()));
    assertEquals(expected, m.group(2), "signature verifies with the target's secret");
  }

  @Test
  void genericWebhookCarriesTheTaskJsonSignedWithTheTargetsSecret() throws Exception {
    receiver = new FakeReceiver(vertx, new FakeReceiver.Answer(204, ""));
    start(settings(Map.of("m001", List.of(new NotifyTarget(TargetType.GENERIC, receiver.url("/hook"), SECRET))), 5, 3, 10));
    assertTrue(dispatcher.offer(created(sale("t_1", "m001"))));
    awaitRequests(1);
    FakeReceiver.Received r = receiver.received().get(0);
    assertEquals("/hook", r.uri());
    assertEquals("task.created", r.header("X-TillWatch-Event"));
    assertNotNull(r.header("X-TillWatch-Delivery"));
    assertTrue(r.header("Content-Type").startsWith("application/json"));
    assertSignedBy(SECRET, r, T0 / 1000);
    JsonObject body = new JsonObject(r.body());
    assertEquals("task.created", body.getString("event"));
    JsonObject task = body.getJsonObject("task");
    assertEquals("t_1", task.getString("id"));
    assertEquals("UNCONFIRMED_SALE", task.getString("kind"));
    assertEquals("m001", task.getString("merchant"));
    assertEquals(12_850, task.getInteger("amount"));
    assertFalse(body.containsKey("suppressed"));
    assertFalse(Signatures.generic("another secret", T0 / 1000, r.body()).equals(r.header("X-TillWatch-Signature")),
        "another secret does not verify");
    awaitEvents("delivered generic");
  }

  @Test
  void weComRobotGetsChineseMarkdownFirstWithTheYuanAmountTerminalTimeAndNextStep() throws Exception {
    receiver = new FakeReceiver(vertx);
    start(settings(Map.of("m001", List.of(new NotifyTarget(TargetType.WECOM,
        receiver.url("/cgi-bin/webhook/send?key=abc"), null))), 5, 3, 10));
    dispatcher.offer(created(sale("t_2", "m001")));
    awaitRequests(1);
    FakeReceiver.Received r = receiver.received().get(0);
    assertEquals("/cgi-bin/webhook/send?key=abc", r.uri());
    JsonObject body = new JsonObject(r.body());
    assertEquals("markdown", body.getString("msgtype"));
    String content = body.getJsonObject("markdown").getString("content");
    assertTrue(content.startsWith("**【TillWatch】新补单任务：交易结果未确认**"), content);
    assertTrue(content.contains("¥128.50"), content);
    assertTrue(content.contains("终端：t0001"), content);
    assertTrue(content.contains("2026-12-02 10:00:00"), "the shop's time: " + content);
    assertTrue(content.contains("**下一步：**先在收单后台"), content);
    assertTrue(content.indexOf("下一步") < content.indexOf("Next step:"), "Chinese first");
    assertTrue(content.contains(FindingKind.UNCONFIRMED_SALE.action()), content);
    assertTrue(content.contains("(https://tillwatch.example/console/#/tasks/t_2)"), content);
    awaitEvents("delivered wecom");
  }

  @Test
  void dingTalkRobotGetsItsSignedUrlAndMarkdownTitleAndText() throws Exception {
    receiver = new FakeReceiver(vertx);
    start(settings(Map.of("m001", List.of(new NotifyTarget(TargetType.DINGTALK,
        receiver.url("/robot/send?access_token=tok"), "SECdeadbeef"))), 5, 3, 10));
    Task overdue = sale("t_3", "m001");
    dispatcher.offer(new Notification(NotifyEvent.OVERDUE, overdue, AckDeadlines.defaults().ackDueAtMs(overdue)));
    awaitRequests(1);
    FakeReceiver.Received r = receiver.received().get(0);
    Matcher m = Pattern.compile("/robot/send\\?access_token=tok&timestamp=(\\d+)&sign=(.+)").matcher(r.uri());
    assertTrue(m.matches(), r.uri());
    assertEquals(T0, Long.parseLong(m.group(1)));
    String sign = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
    assertEquals(Signatures.dingTalk("SECdeadbeef", T0), sign);
    assertEquals(java.util.Base64.getEncoder().encodeToString(Signatures.hmacSha256("SECdeadbeef", T0 + "\nSECdeadbeef")),
        sign, "base64 of HMAC-SHA256(secret, timestamp + newline + secret)");
    JsonObject md = new JsonObject(r.body()).getJsonObject("markdown");
    assertEquals("markdown", new JsonObject(r.body()).getString("msgtype"));
    assertTrue(md.getString("title").contains("超时无人处理"), md.getString("title"));
    assertTrue(md.getString("text").contains("应在 2026-12-02 10:10:00 前确认"), md.getString("text"));
    awaitEvents("delivered dingtalk");
  }

  @Test
  void aFailedAttemptIsRetriedWithTheSameDeliveryIdAndAFreshSignature() throws Exception {
    receiver = new FakeReceiver(vertx, new FakeReceiver.Answer(500, "down"), new FakeReceiver.Answer(502, ""),
        new FakeReceiver.Answer(200, "ok"));
    start(settings(Map.of("m001", List.of(new NotifyTarget(TargetType.GENERIC, receiver.url("/hook"), SECRET))), 5, 5, 10));
    dispatcher.offer(created(sale("t_4", "m001")));
    awaitEvents("delivered generic");
    assertEquals(List.of("retried generic", "retried generic", "delivered generic"), events.heard);
    List<FakeReceiver.Received> all = receiver.received();
    assertEquals(3, all.size());
    assertEquals(1, all.stream().map(r -> r.header("X-TillWatch-Delivery")).distinct().count());
    all.forEach(r -> assertSignedBy(SECRET, r, T0 / 1000));
  }

  @Test
  void afterMaxAttemptsItGivesUpAndCountsIt() throws Exception {
    receiver = new FakeReceiver(vertx, new FakeReceiver.Answer(503, ""));
    start(settings(Map.of("m001", List.of(new NotifyTarget(TargetType.GENERIC, receiver.url("/hook"), SECRET))), 5, 3, 10));
    dispatcher.offer(created(sale("t_5", "m001")));
    awaitEvents("gave_up generic");
    assertEquals(3, receiver.received().size(), "at most maxAttempts");
    assertEquals(List.of("retried generic", "retried generic", "gave_up generic"), events.heard);
  }

  @Test
  void aRefusalIsNotRetriedButARobotsRateLimitIs() throws Exception {
    receiver = new FakeReceiver(vertx, new FakeReceiver.Answer(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"),
        new FakeReceiver.Answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
    start(settings(Map.of("m001", List.of(new NotifyTarget(TargetType.WECOM, receiver.url("/w?key=k"), null))), 5, 5, 10));
    dispatcher.offer(created(sale("t_6", "m001")));
    awaitEvents("rejected wecom");
    assertEquals(List.of("retried wecom", "rejected wecom"), events.heard);
    assertEquals(2, receiver.received().size());
  }

  @Test
  void eachMerchantIsRateLimitedAndTheNextMessageSaysHowManyWereHeldBack() throws Exception {
    receiver = new FakeReceiver(vertx);
    NotifyTarget hook = new NotifyTarget(TargetType.GENERIC, receiver.url("/hook"), SECRET);
    start(settings(Map.of("m001", List.of(hook), "m002", List.of(hook)), 2, 3, 100)); // burst 2, 1 a minute
    for (int i = 1; i <= 4; i++) {
      dispatcher.offer(created(sale("a" + i, "m001")));
    }
    dispatcher.offer(created(sale("b1", "m002")));
    awaitEvents("delivered generic", "dropped rate_limited");
    await().atMost(Duration.ofSeconds(10)).until(() -> events.count("delivered generic") == 3 && dispatcher.depth() == 0);
    assertEquals(2, events.count("dropped rate_limited"), "m001's third and fourth; m002 has its own bucket");
    assertEquals(List.of("a1", "a2", "b1"), receiver.received().stream()
        .map(r -> new JsonObject(r.body()).getJsonObject("task").getString("id")).sorted().toList());

    clock.set(T0 + 60_000); // one token back
    dispatcher.offer(created(sale("a5", "m001")));
    awaitRequests(4);
    JsonObject last = new JsonObject(receiver.received().get(3).body());
    assertEquals("a5", last.getJsonObject("task").getString("id"));
    assertEquals(2, last.getInteger("suppressed"));
  }

  @Test
  void aFullQueueDropsNewNotificationsWithoutBlocking() throws Exception {
    receiver = new FakeReceiver(vertx, FakeReceiver.HOLD);
    start(settings(Map.of("m001", List.of(new NotifyTarget(TargetType.GENERIC, receiver.url("/hook"), SECRET))), 10, 1, 2));
    assertTrue(dispatcher.offer(created(sale("q1", "m001"))));
    assertTrue(dispatcher.offer(created(sale("q2", "m001"))));
    long before = System.nanoTime();
    assertFalse(dispatcher.offer(created(sale("q3", "m001"))));
    assertTrue(System.nanoTime() - before < 50_000_000, "offer returns at once");
    assertEquals(List.of("dropped queue_full"), events.heard);
    assertEquals(2, dispatcher.depth());
  }

  @Test
  void everyMerchantsTasksAlsoGoToTheStarTargetsAndNoneForMerchantsWithoutTargets() throws Exception {
    receiver = new FakeReceiver(vertx);
    start(settings(Map.of("m001", List.of(new NotifyTarget(TargetType.WECOM, receiver.url("/shop?key=k"), null)),
        "*", List.of(new NotifyTarget(TargetType.GENERIC, receiver.url("/ops"), SECRET))), 5, 3, 10));
    dispatcher.offer(created(sale("s1", "m001")));
    dispatcher.offer(created(sale("s2", "m777")));
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3 && dispatcher.depth() == 0);
    assertEquals(List.of("/ops", "/ops", "/shop?key=k"), receiver.received().stream().map(FakeReceiver.Received::uri)
        .sorted().toList());

    WebhookDispatcher onlyM001 = new WebhookDispatcher(vertx, settings(Map.of("m001", List.of(new NotifyTarget(
        TargetType.GENERIC, receiver.url("/ops"), SECRET))), 5, 3, 10), clock, events);
    assertTrue(onlyM001.offer(created(sale("s3", "m002"))), "nothing to send is not a drop");
    assertEquals(0, onlyM001.depth());
    onlyM001.close();
  }

  @Test
  void theListenerOffersNewMoneyTasksOnly() throws Exception {
    receiver = new FakeReceiver(vertx);
    start(settings(Map.of("*", List.of(new NotifyTarget(TargetType.GENERIC, receiver.url("/ops"), SECRET))), 10, 3, 10));
    NotifyListener listener = new NotifyListener(dispatcher, AckDeadlines.defaults());
    Task money = sale("l1", "m001");
    Task silent = TaskSamples.task("l2", FindingKind.TERMINAL_SILENT, "m001", "t0001", "silent", T0);
    Task settled = TaskSamples.task("l3", FindingKind.SETTLED_NOT_SEEN, "m001", "t0001", "order-9", T0);
    listener.changed(new TaskChange(money, TaskChange.Kind.CREATED, "created", 0));
    listener.changed(new TaskChange(silent, TaskChange.Kind.CREATED, "created", 0));
    listener.changed(new TaskChange(settled, TaskChange.Kind.CREATED, "created", 0));
    listener.changed(new TaskChange(money.acknowledge("alice", T0).to(), TaskChange.Kind.ACKNOWLEDGED, "acknowledged", -1));
    await().atMost(Duration.ofSeconds(10)).until(() -> events.count("delivered generic") == 2 && dispatcher.depth() == 0);
    assertEquals(List.of("l1", "l3"), receiver.received().stream()
        .map(r -> new JsonObject(r.body()).getJsonObject("task").getString("id")).sorted().toList());
  }
}
