package io.tillwatch.notify;

/** The notification file is missing, unreadable or wrong; the message names the file, the entry and the field. */
public final class NotifyConfigException extends RuntimeException {
  public NotifyConfigException(String message) {
    super(message);
  }
}
