package io.tillwatch.http;

import io.tillwatch.telemetry.Ids;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The terminal list's opaque cursor: base64url of {@code "<merchant>/<terminal>"} of the previous page's last terminal. */
final class TerminalCursor {
  private TerminalCursor() {}

  static String encode(String merchant, String terminal) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((merchant + "/" + terminal).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code [merchant, terminal]}, both null for no cursor. */
  static String[] decode(String cursor) {
    if (cursor == null) {
      return new String[2];
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int slash = text.indexOf('/');
      // ids cannot hold '/', so the split is exact
      if (slash > 0 && Ids.isValid(text.substring(0, slash)) && Ids.isValid(text.substring(slash + 1))) {
        return new String[] {text.substring(0, slash), text.substring(slash + 1)};
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw new IllegalArgumentException("invalid cursor");
  }
}
