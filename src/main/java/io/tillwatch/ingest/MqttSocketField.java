package io.tillwatch.ingest;

import io.vertx.core.internal.net.NetSocketInternal;
import java.lang.reflect.Field;
import java.util.function.Consumer;

/**
 * The socket vertx-mqtt keeps in a private field of one of its implementation classes, for the two
 * things its API lacks: writing without a flush ({@link PubAckWriter}) and pausing a client's reads
 * ({@link BrokerReadPause}). The field is looked up once; should a later vertx-mqtt rename it or
 * change its type, {@link #of} answers null, the caller falls back to the public API, and the
 * caller's test fails, so the upgrade is noticed.
 */
final class MqttSocketField {
  private final Field field; // null: not reachable in this vertx-mqtt

  /** @param missing told why, once, when the field cannot be reached */
  MqttSocketField(String implClass, String fieldName, Consumer<String> missing) {
    this.field = find(implClass, fieldName, missing);
  }

  /** The socket of {@code owner}, or null: the field is not reachable, or {@code owner} is not of that class. */
  NetSocketInternal of(Object owner) {
    if (field == null || !field.getDeclaringClass().isInstance(owner)) {
      return null;
    }
    try {
      return field.get(owner) instanceof NetSocketInternal socket ? socket : null;
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  private static Field find(String implClass, String fieldName, Consumer<String> missing) {
    try {
      Field f = Class.forName(implClass).getDeclaredField(fieldName);
      if (!NetSocketInternal.class.isAssignableFrom(f.getType())) {
        throw new NoSuchFieldException(fieldName + " is a " + f.getType().getName());
      }
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      missing.accept(e.toString());
      return null;
    }
  }
}
