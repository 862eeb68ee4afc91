package io.tillwatch.http.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens file as the API sees it: read at start and again whenever its modification time or
 * size changes ({@link #reloadIfChanged()}, called every few seconds), so {@code tillwatch tokens
 * add|revoke} takes effect without a restart. A file that stops parsing keeps the previous tokens
 * (and logs an error) rather than locking everyone out or letting everyone in.
 */
public final class TokenStore {
  private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

  private final Path file;
  private volatile ApiTokens tokens = ApiTokens.empty();
  private volatile String stamp = "";

  public TokenStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public ApiTokens tokens() {
    return tokens;
  }

  /** Reads the file if it changed since the last read; returns true when the tokens were (re)loaded. */
  public synchronized boolean reloadIfChanged() {
    String now = stamp();
    if (Objects.equals(now, stamp)) {
      return false;
    }
    try {
      ApiTokens next = ApiTokens.read(file);
      tokens = next;
      stamp = now;
      if (next.entries().isEmpty()) {
        // The packaged launcher names itself (tillwatch.command); from a checkout it is the jar.
        LOG.warn("no API tokens in {}: every /api/v1 call is answered 401. Create one with: "
            + "{} tokens add --name NAME --role operator --file {}", file,
            System.getProperty("tillwatch.command", "java -jar target/tillwatch.jar"), file);
      } else {
        LOG.info("{} API token(s) loaded from {}", next.entries().size(), file);
      }
      return true;
    } catch (IOException e) {
      stamp = now;
      LOG.error("cannot use the API tokens file ({}); keeping the {} token(s) loaded before", e.getMessage(),
          tokens.entries().size());
      return false;
    }
  }

  private String stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
    } catch (IOException e) {
      return "missing";
    }
  }
}
