package io.tillwatch.store;

import io.tillwatch.tasks.TaskQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque keyset cursor of the task list: base64url of the sort key of the last task of the
 * previous page. Newest first: {@code "<detectedAtMs>:<id>"}; most urgent first:
 * {@code "u<rank>:<detectedAtMs>:<id>"}, rank being the severity's place in that order. The id is
 * what follows the last number's ':' so ids may contain ':'. A cursor of one order is refused by the
 * other, since its key means nothing there.
 */
record TaskCursor(TaskQuery.Order order, int rank, long detectedAtMs, String id) {

  static TaskCursor newest(long detectedAtMs, String id) {
    return new TaskCursor(TaskQuery.Order.NEWEST, 0, detectedAtMs, id);
  }

  String encode() {
    String key = (order == TaskQuery.Order.URGENT ? "u" + rank + ":" : "") + detectedAtMs + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException when the text is not a cursor this store made for {@code order} */
  static TaskCursor decode(String cursor, TaskQuery.Order order) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    int rank = 0;
    boolean urgent = text.startsWith("u");
    if (urgent != (order == TaskQuery.Order.URGENT)) {
      throw invalid();
    }
    try {
      if (urgent) {
        int colon = text.indexOf(':');
        if (colon <= 1) {
          throw invalid();
        }
        rank = Integer.parseInt(text.substring(1, colon));
        text = text.substring(colon + 1);
      }
      int colon = text.indexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw invalid();
      }
      return new TaskCursor(order, rank, Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static IllegalArgumentException invalid() {
    return new IllegalArgumentException("invalid cursor");
  }
}
