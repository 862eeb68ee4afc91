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
}
