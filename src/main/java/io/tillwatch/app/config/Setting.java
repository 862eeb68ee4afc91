package io.tillwatch.app.config;

import java.util.function.Function;

/**
 * One documented configuration key: its default, what it means, and how its text is parsed and
 * checked. A value that fails to parse stops start-up with a message naming the key.
 */
public record Setting<T>(String key, String defaultValue, String description, boolean secret, Function<String, T> parser) {

  public T parse(String text) {
    return parse(text, null);
  }

  /** Parses a value that came from {@code source} (command line, environment variable NAME, file PATH line N), named if it is bad. */
  public T parse(String text, String source) {
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      throw new ConfigException(key, text, source, e.getMessage(), secret);
    }
  }

  /** TILLWATCH_ + key upper-cased, dots and dashes as underscores. */
  public String environmentVariable() {
    return "TILLWATCH_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
