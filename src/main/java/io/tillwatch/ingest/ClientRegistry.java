package io.tillwatch.ingest;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One live connection per client id, as MQTT requires (3.1.1 section 3.1.4, MQTT 5 session
 * takeover): when a terminal connects again while its old connection is still open — a half-open
 * socket after a network change, a reboot faster than the keep-alive — the old connection is
 * closed. Shared by every endpoint instance, so the rule holds across event loops.
 */
public final class ClientRegistry {
  private final ConcurrentHashMap<String, MqttConnection> byClientId = new ConcurrentHashMap<>();

  /** Registers the connection; the one it replaces, if any, is told to close. */
  void connected(String clientId, MqttConnection connection) {
    MqttConnection previous = byClientId.put(clientId, connection);
    if (previous != null && previous != connection) {
      previous.takenOver();
    }
  }

  /**
   * A credential was rotated or revoked (possibly by another process): the connection it no longer
   * allows is closed. Called from any thread.
   */
  public void credentialChanged(io.tillwatch.auth.Credential credential) {
    MqttConnection c = byClientId.get(credential.username());
    if (c != null) {
      c.credentialChanged(credential);
    }
  }

  void closed(String clientId, MqttConnection connection) {
    byClientId.remove(clientId, connection);
  }

  /** The live connection of a client, or null (tests). */
  MqttConnection connection(String clientId) {
    return byClientId.get(clientId);
  }

  int size() {
    return byClientId.size();
  }
}
