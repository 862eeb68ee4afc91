package io.tillwatch.app;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.Keys;
import io.tillwatch.http.ApiAuth;
import io.tillwatch.http.auth.Sessions;
import io.tillwatch.http.auth.TokenStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who may use the HTTP API, from {@code http.auth}: tokens (default), a fronting proxy's headers, or nobody checked. */
final class ApiAccess {
  private static final Logger LOG = LoggerFactory.getLogger(ApiAccess.class);

  private ApiAccess() {}

  /**
   * The API's authentication from http.auth, holding console sessions for http.session.ttl; warns when the API is
   * open or trusts headers on a non-loopback address.
   */
  static ApiAuth from(Config c, TokenStore tokens, Clock clock) {
    return fromMode(c, tokens).withSessions(new Sessions(c.get(Keys.HTTP_SESSION_TTL), Sessions.DEFAULT_MAX, clock::millis));
  }

  private static ApiAuth fromMode(Config c, TokenStore tokens) {
    String host = c.get(Keys.HTTP_HOST);
    switch (c.get(Keys.HTTP_AUTH)) {
      case "off" -> {
        LOG.warn("HTTP API authentication is OFF (http.auth=off): anyone who can reach {}:{} can read and change tasks, "
            + "and 'by' is recorded unverified", host, c.get(Keys.HTTP_PORT));
        return ApiAuth.off();
      }
      case "proxy" -> {
        if (!isLoopback(host)) {
          LOG.warn("http.auth=proxy trusts the {} and {} headers from any client, but the API listens on {}, not on "
              + "loopback: anyone who reaches it directly can claim any identity", c.get(Keys.HTTP_PROXY_USER_HEADER),
              c.get(Keys.HTTP_PROXY_ROLE_HEADER), host);
        }
        LOG.info("HTTP API identities come from the fronting proxy's {} / {} headers", c.get(Keys.HTTP_PROXY_USER_HEADER),
            c.get(Keys.HTTP_PROXY_ROLE_HEADER));
        return ApiAuth.proxy(c.get(Keys.HTTP_PROXY_USER_HEADER), c.get(Keys.HTTP_PROXY_ROLE_HEADER));
      }
      default -> {
        tokens.reloadIfChanged();
        return ApiAuth.tokens(tokens);
      }
    }
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }
}
