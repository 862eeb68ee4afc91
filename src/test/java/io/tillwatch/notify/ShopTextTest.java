package io.tillwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskSamples;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ShopTextTest {
  private static final long T0 = 1_796_176_800_000L; // 2026-12-02T02:00:00Z

  @Test
  void everyKindHasChineseAndEnglishWordsAndANextStep() {
    Task t = TaskSamples.task("x", FindingKind.UNCONFIRMED_SALE, "m001", "t0001", "s1", T0);
    for (FindingKind k : FindingKind.values()) {
      Task task = TaskSamples.task("x", k, "m001", "t0001", "s1", T0);
      assertTrue(!ShopText.kindZh(k).isBlank() && !ShopText.kindEn(k).isBlank() && !ShopText.nextZh(task).isBlank(), k.name());
    }
    assertEquals("¥128.50", ShopText.amount(t));
    assertEquals("2026-12-02 10:00:00", new ShopText(ZoneId.of("Asia/Shanghai"), "").time(T0));
  }

  @Test
  void terminalValuesCannotBecomeMarkdownAndMessagesFitTheRobotsLimit() {
    assertEquals("a?b?c?http:??x?", ShopText.plain("a[b]c(http://x)"), "no brackets, parentheses or slashes");
    String longChinese = "金".repeat(3000); // 9000 bytes in UTF-8
    String cut = WeComRobot.fit(longChinese, WeComRobot.MAX_BYTES);
    assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= WeComRobot.MAX_BYTES);
    assertTrue(cut.endsWith("...") && cut.startsWith("金金"));
    assertEquals("short", WeComRobot.fit("short", WeComRobot.MAX_BYTES));
  }
}
