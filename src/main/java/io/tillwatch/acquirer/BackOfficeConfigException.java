package io.tillwatch.acquirer;

/**
 * A back-office configuration file that cannot be used. The message names the file, the back office
 * (or route) and the field; it never holds a key, a token or any other content of a secret file.
 */
public final class BackOfficeConfigException extends RuntimeException {
  public BackOfficeConfigException(String message) {
    super(message);
  }
}
