package io.tillwatch.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque keyset cursor of the task list: base64url of {@code "<detectedAtMs>:<id>"}, the sort
 * key of the last task of the previous page. The id is split off at the first ':' so ids may
 * contain ':'.
 */
record TaskCursor(long detectedAtMs, String id) {

  String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((detectedAtMs + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException when the text is not a cursor this store made */
  static TaskCursor decode(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw invalid();
    }
    try {
      return new TaskCursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static IllegalArgumentException invalid() {
    return new IllegalArgumentException("invalid cursor");
  }
}
