package io.tillwatch.tls;

/**
 * TLS settings that cannot be used: files that do not go together, cannot be read or hold no usable
 * key material. The message names the setting keys, never a password. The application turns it
 * into its own configuration error, so a bad certificate stops start-up with that message.
 */
public final class TlsConfigException extends RuntimeException {
  public TlsConfigException(String message) {
    super(message);
  }

  public TlsConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
