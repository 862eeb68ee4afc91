package io.tillwatch.store;

/** The store cannot do what was asked: it cannot start, a read failed, or it is closed. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
