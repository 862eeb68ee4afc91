package io.tillwatch.http.auth;

import io.tillwatch.tasks.TaskHistoryEntry;
import java.util.regex.Pattern;

/** An authenticated API caller: the name the audit trail records, and its role. */
public record Principal(String name, ApiRole role) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");

  /**
   * A usable principal name: 1..64 characters of {@code [A-Za-z0-9_.@-]}, not starting with a
   * symbol, and not {@code tillwatch}, which the audit trail reserves for automatic changes.
   */
  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches() && !name.equalsIgnoreCase(TaskHistoryEntry.SYSTEM);
  }

  /** Letters and digits of any script, then also spaces and {@code _.@-}: a shop's own names (小王, Zhang Wei). */
  private static final Pattern SELF_NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M} _.@-]{0,63}");

  /**
   * A name people give themselves where nothing verifies it (the console with authentication off):
   * {@link #validName}'s rule widened to letters of every script and inner spaces, since it is only
   * ever recorded as text. Not ending in a space, and not {@code tillwatch}.
   */
  public static boolean validSelfName(String name) {
    return name != null && SELF_NAME.matcher(name).matches() && !name.endsWith(" ")
        && !name.equalsIgnoreCase(TaskHistoryEntry.SYSTEM);
  }
}
