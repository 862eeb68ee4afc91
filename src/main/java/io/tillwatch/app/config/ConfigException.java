package io.tillwatch.app.config;

/** A configuration value that cannot be used; the message names the key (and hides secret values). */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String key, String value, String why, boolean secret) {
    super("invalid value " + (secret ? "(hidden)" : "'" + value + "'") + " for " + key + ": " + why);
  }
}
