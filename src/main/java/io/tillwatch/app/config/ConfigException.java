package io.tillwatch.app.config;

/** A configuration value that cannot be used; the message names the key (and hides secret values). */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  /** "invalid value 'x' for mqtt.port (environment variable TILLWATCH_MQTT_PORT): not a whole number"; source may be null. */
  public ConfigException(String key, String value, String source, String why, boolean secret) {
    super("invalid value " + (secret ? "(hidden)" : "'" + value + "'") + " for " + key + (source == null ? "" : " (" + source + ")")
        + ": " + why);
  }
}
