package io.tillwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyFileTest {
  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("notify.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private String refusal(String yaml) throws Exception {
    Path f = write(yaml);
    return assertThrows(NotifyConfigException.class, () -> NotifyFile.load(f)).getMessage();
  }

  @Test
  void readsTargetsPerMerchantWithSecretsAsTextAndTheSettings() throws Exception {
    Files.writeString(dir.resolve("ops.secret"), "0123456789\n");
    NotifySettings s = NotifyFile.load(write("""
        consoleUrl: https://tillwatch.example/console/
        zone: Asia/Shanghai
        ratePerMinute: 10
        burst: 3
        maxAttempts: 4
        firstRetry: 2s
        maxRetry: 1m
        timeout: 5s
        queue: 500
        merchants:
          m001:
            - type: wecom
              url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc
            - type: dingtalk
              url: https://oapi.dingtalk.com/robot/send?access_token=t
              secret: 010
          "*":
            - type: generic
              url: https://ops.example/hooks/tillwatch
              secretFile: ops.secret
        """));
    assertEquals(3, s.targetCount());
    assertEquals(List.of(TargetType.WECOM, TargetType.DINGTALK, TargetType.GENERIC),
        s.targetsFor("m001").stream().map(NotifyTarget::type).toList());
    assertEquals("010", s.targetsFor("m001").get(1).secret(), "a secret of digits stays text");
    assertEquals("0123456789", s.targetsFor("m999").get(0).secret(), "read from the file beside");
    assertEquals(10, s.ratePerMinute());
    assertEquals(3, s.burst());
    assertEquals(4, s.maxAttempts());
    assertEquals(500, s.queueCapacity());
    assertEquals(Duration.ofSeconds(5), s.timeout());
    assertEquals(ZoneId.of("Asia/Shanghai"), s.zone());
    assertEquals(2_000, s.retryDelayMs(1));
    assertEquals(4_000, s.retryDelayMs(2));
    assertEquals(60_000, s.retryDelayMs(10), "capped at maxRetry");
    assertEquals("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?...", s.targetsFor("m001").get(0).safeUrl());
  }

  @Test
  void anEmptyFileHasNoTargetsAndTheDefaults() throws Exception {
    NotifySettings s = NotifyFile.load(write(""));
    assertEquals(0, s.targetCount());
    assertEquals(5, s.maxAttempts());
  }

  @Test
  void mistakesNameTheEntryAndTheField() throws Exception {
    assertTrue(refusal("maxAtempts: 3\n").contains("top level: unknown key(s) [maxAtempts]"));
    assertTrue(refusal("merchants:\n  m1:\n    - type: slack\n      url: https://x\n")
        .contains("merchant m1, target #1: type: 'slack' is not one of generic, wecom, dingtalk"));
    assertTrue(refusal("merchants:\n  m1:\n    - type: generic\n      url: https://x\n")
        .contains("merchant m1, target #1: secret: a generic webhook is always signed"));
    assertTrue(refusal("merchants:\n  m1:\n    - type: wecom\n      url: https://x\n      secret: s\n")
        .contains("a WeCom robot has no secret"));
    assertTrue(refusal("merchants:\n  m1:\n    - type: wecom\n      url: ftp://x\n").contains("url: must be an http"));
    assertTrue(refusal("firstRetry: soon\n").contains("firstRetry: 'soon' is not a duration"));
    assertTrue(refusal("burst: 0\n").contains("burst: '0' is not a whole number from 1"));
    assertTrue(refusal("merchants:\n  m1:\n    - type: generic\n      url: https://x\n      secretFile: nope.secret\n")
        .contains("secretFile: cannot read"));
    assertTrue(refusal("merchants: [1, 2]\n").contains("merchants: must map merchant ids"));
  }
}
