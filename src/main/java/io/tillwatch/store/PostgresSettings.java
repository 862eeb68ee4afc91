package io.tillwatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the shared PostgreSQL store is and how to reach it.
 *
 * @param url         JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param user        role to log in as
 * @param password    its password, read from a file so it never shows in a process list or the
 *                    settings table ({@code null}: none, e.g. trust or certificate login)
 * @param poolSize    read connections (the writer has one more of its own)
 * @param sslMode     the driver's {@code sslmode}: disable, require, verify-ca or verify-full
 * @param sslRootCert CA certificate file for verify-ca / verify-full ({@code null}: the driver's default)
 * @param connectWait how long opening the store keeps trying an unreachable server before it gives
 *                    up; {@link Duration#ZERO} means for ever (the daemon: it waits for the database
 *                    rather than crash-loop)
 */
public record PostgresSettings(String url, String user, String password, int poolSize, String sslMode,
    Path sslRootCert, Duration connectWait) {

  public static final int DEFAULT_POOL_SIZE = 8;

  public PostgresSettings {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("store.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + url);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("store.pool-size must be >= 1: " + poolSize);
    }
    Objects.requireNonNull(sslMode, "sslMode");
    Objects.requireNonNull(connectWait, "connectWait");
  }

  /** Reads the password file (first line, without its line break); a missing file is an error. */
  public static String readPassword(Path file) {
    try {
      String text = Files.readString(file);
      int eol = text.indexOf('\n');
      return (eol < 0 ? text : text.substring(0, eol)).stripTrailing();
    } catch (IOException e) {
      throw new StoreException("cannot read store.password-file " + file + ": " + e.getMessage(), e);
    }
  }

  public PostgresSettings withConnectWait(Duration wait) {
    return new PostgresSettings(url, user, password, poolSize, sslMode, sslRootCert, wait);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "PostgresSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
        + ", poolSize=" + poolSize + ", sslMode=" + sslMode + "]";
  }
}
