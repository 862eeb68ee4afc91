package io.tillwatch.tasks;

/**
 * Where the terminal of a task stands, as its latest heartbeat before the task was opened said; how
 * shop staff and area managers find their own tasks. Free text from the terminal: shown as text,
 * never as markup.
 */
public record TaskPlace(String store, String region) {
  public static final TaskPlace UNKNOWN = new TaskPlace(null, null);
}
