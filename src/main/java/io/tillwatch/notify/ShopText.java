package io.tillwatch.notify;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Money;
import io.tillwatch.tasks.NextStep;
import io.tillwatch.tasks.Task;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;

/**
 * The words of a robot message, for a shop manager reading a group chat on a phone: Chinese first,
 * then English; the amount in the currency's form (¥128.50), the time in the shop's zone, the next
 * step. Values that came from a terminal are reduced to plain characters, so a chat's markdown can
 * never turn them into a link or a format.
 */
final class ShopText {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Map<FindingKind, String[]> KINDS = new EnumMap<>(FindingKind.class);

  static {
    KINDS.put(FindingKind.UNPRINTED_RECEIPT, new String[] {"已扣款未打印小票", "receipt not printed",
        "为顾客补打小票，不要重复收款。"});
    KINDS.put(FindingKind.UNCONFIRMED_SALE, new String[] {"交易结果未确认", "sale outcome unknown",
        "先在收单后台按参考号、金额和时间查询：查到则补打小票，查不到再重新收款。"});
    KINDS.put(FindingKind.DOUBLE_CHARGE_RISK, new String[] {"疑似重复扣款", "possible double charge",
        "在后台核对是否扣款两次；如是，撤销或退还其中一笔。"});
    KINDS.put(FindingKind.STUCK_REVERSAL, new String[] {"冲正未确认", "reversal not confirmed",
        "顾客可能已被扣款：查后台，已扣款则退款；处理完之前不要重新收款。"});
    KINDS.put(FindingKind.SETTLED_NOT_SEEN, new String[] {"账单有扣款但终端未完成", "charged in the bill, not seen complete",
        "确认顾客已拿到商品和小票；不要重新收款，需要时从后台补打。"});
    KINDS.put(FindingKind.TERMINAL_SILENT, new String[] {"终端失联", "terminal silent", "检查终端电源和网络。"});
    KINDS.put(FindingKind.TELEMETRY_GAP, new String[] {"交易记录缺失", "transaction events missing",
        "在终端上核对缺失的交易。"});
    KINDS.put(FindingKind.UPLOAD_BACKLOG, new String[] {"离线交易未上送", "offline sales not uploaded",
        "恢复终端网络，让离线交易尽快上送。"});
  }

  private final ZoneId zone;
  private final String consoleUrl;

  ShopText(ZoneId zone, String consoleUrl) {
    this.zone = zone;
    this.consoleUrl = consoleUrl;
  }

  static String kindZh(FindingKind kind) {
    return KINDS.get(kind)[0];
  }

  static String kindEn(FindingKind kind) {
    return KINDS.get(kind)[1];
  }

  /** The back office's concrete step once an answer set one, else the kind's advice. */
  static String nextZh(Task t) {
    NextStep step = t.followUp().nextStep();
    return step != NextStep.NONE ? step.chinese() : KINDS.get(t.kind())[2];
  }

  static String nextEn(Task t) {
    return t.action();
  }

  static String amount(Task t) {
    return t.sale().hasAmount() ? Money.format(t.sale().amount(), t.sale().currency()) : "-";
  }

  String time(long epochMs) {
    return epochMs <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone));
  }

  String zoneName() {
    return zone.getId();
  }

  /** The console's page of the task; null when no console URL is configured. */
  String link(Task t) {
    if (consoleUrl.isEmpty()) {
      return null;
    }
    return (consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/") + "#/tasks/" + plain(t.id());
  }

  /** Headline in both languages: what happened, for which event. */
  static String titleZh(Notification n) {
    return (n.event() == NotifyEvent.CREATED ? "新补单任务：" : "超时无人处理：") + kindZh(n.task().kind());
  }

  static String titleEn(Notification n) {
    return (n.event() == NotifyEvent.CREATED ? "New task: " : "Overdue, nobody on it: ") + kindEn(n.task().kind());
  }

  /** Letters, digits and {@code _.-:} only: ids are already so; anything else becomes '?'. */
  static String plain(String value) {
    if (value == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder(Math.min(value.length(), 64));
    for (int i = 0; i < value.length() && i < 64; i++) {
      char c = value.charAt(i);
      sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' || c == '-' || c == ':' ? c : '?');
    }
    return sb.toString();
  }

  /**
   * The message body in markdown both robots render: Chinese block, English block, console link.
   * {@code suppressed} > 0 says how many of the merchant's notifications the rate limit held back
   * since the last one that went out.
   */
  String markdown(Notification n, int suppressed) {
    Task t = n.task();
    String merchant = plain(t.key().merchant());
    String terminal = plain(t.key().terminal());
    StringBuilder sb = new StringBuilder();
    sb.append("**【TillWatch】").append(titleZh(n)).append("**\n\n");
    sb.append("> 金额：**").append(amount(t)).append("**\n\n");
    sb.append("> 商户：").append(merchant).append("　终端：").append(terminal).append("\n\n");
    sb.append("> 发现时间：").append(time(t.detectedAtMs())).append("\n\n");
    if (t.sale().txn() != null) {
      sb.append("> 交易号：").append(plain(t.sale().txn()));
      if (t.sale().rrn() != null) {
        sb.append("　参考号：").append(plain(t.sale().rrn()));
      }
      sb.append("\n\n");
    }
    if (n.event() == NotifyEvent.OVERDUE) {
      sb.append("> 应在 ").append(time(n.ackDueAtMs())).append(" 前确认，至今无人确认\n\n");
    }
    sb.append("**下一步：**").append(nextZh(t)).append("\n\n");
    if (suppressed > 0) {
      sb.append("另有 ").append(suppressed).append(" 条通知因频率限制未发送，请在控制台查看。\n\n");
    }
    sb.append("---\n\n");
    sb.append("**").append(titleEn(n)).append("**, ").append(amount(t)).append(" on terminal ").append(terminal)
        .append(" (merchant ").append(merchant).append("), detected ").append(time(t.detectedAtMs())).append(' ')
        .append(zoneName()).append(".\n\n");
    if (n.event() == NotifyEvent.OVERDUE) {
      sb.append("It was due to be acknowledged by ").append(time(n.ackDueAtMs())).append(" and nobody has.\n\n");
    }
    sb.append("**Next step:** ").append(nextEn(t)).append("\n\n");
    if (suppressed > 0) {
      sb.append(suppressed).append(" more notification(s) were held back by the rate limit: see the console.\n\n");
    }
    String link = link(t);
    if (link != null) {
      sb.append("[在控制台打开 / Open in the console](").append(link).append(")\n");
    }
    return sb.toString();
  }
}
