package io.tillwatch.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.Keys;
import io.tillwatch.auth.Authenticator;
import io.tillwatch.auth.CredentialChanges;
import io.tillwatch.auth.CredentialStore;
import io.tillwatch.auth.SecretHasher;
import io.tillwatch.ingest.ClientRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which terminals may connect to the embedded endpoint (from {@code mqtt.auth*}), and keeping open connections in step. */
final class TerminalAccess {
  private static final Logger LOG = LoggerFactory.getLogger(TerminalAccess.class);

  private TerminalAccess() {}

  /** Null means anonymous access, which must be configured explicitly and is logged as a warning. */
  static Authenticator authenticator(Config c, CredentialStore credentials) {
    if (!c.get(Keys.MQTT_AUTH)) {
      LOG.warn("MQTT authentication is OFF (mqtt.auth=off): any client may connect; each may still publish only under its "
          + "own client id. Use this only on a closed network or for the demo.");
      return null;
    }
    int terminals = credentials.list().size();
    LOG.info("MQTT authentication is on: {} credentials provisioned ({} terminals add ...)", terminals,
        System.getProperty("tillwatch.command", "java -jar target/tillwatch.jar")); // the packaged launcher names itself
    return new Authenticator(credentials, new SecretHasher(c.get(Keys.MQTT_AUTH_ITERATIONS)), c.get(Keys.MQTT_AUTH_CACHE),
        c.get(Keys.MQTT_AUTH_MAX_FAILURES), Duration.ofMinutes(1), Ticker.systemTicker());
  }

  /**
   * tillwatch terminals rotate|revoke run in another process: within two seconds their change
   * reaches the daemon, which forgets cached secrets and closes the connections no longer allowed.
   */
  static void watchCredentials(Vertx vertx, CredentialStore credentials, Authenticator authenticator, ClientRegistry clients) {
    CredentialChanges changes = new CredentialChanges(credentials);
    vertx.setPeriodic(2_000, id -> vertx.executeBlocking(changes::poll, false).onSuccess(changed -> changed.forEach(c -> {
      LOG.info("credential of {} {}: closing connections it no longer allows", c.username(), c.revoked() ? "revoked" : "changed");
      authenticator.forget(c.username());
      clients.credentialChanged(c);
    })).onFailure(e -> LOG.warn("could not check for credential changes: {}", e.toString())));
  }
}
