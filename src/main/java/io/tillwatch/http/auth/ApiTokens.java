package io.tillwatch.http.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The API tokens file: one token per line, {@code name role sha256:<hex>}; {@code #} starts a
 * comment. Only the SHA-256 of each token is stored, never the token. A plain (unsalted, fast) hash
 * is right here because tokens are 256 random bits made by {@link #newToken()}: nobody can guess or
 * brute-force one from its hash, so a slow password hash (bcrypt, Argon2) would only add CPU cost to
 * every request. (Passwords, which people choose, would need the slow hash.)
 *
 * <p>Instances are immutable snapshots; {@link TokenStore} re-reads the file when it changes.
 */
public final class ApiTokens {
  /** Prefix of every token: makes them recognisable to secret scanners and in a leaked log. */
  public static final String PREFIX = "tw_";
  private static final String HASH_PREFIX = "sha256:";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One configured token: its holder's name, role, and the SHA-256 of the token. */
  public record Entry(String name, ApiRole role, byte[] sha256) {}

  private final List<Entry> entries;

  private ApiTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static ApiTokens empty() {
    return new ApiTokens(List.of());
  }

  public List<Entry> entries() {
    return entries;
  }

  /**
   * The holder of {@code token}, or empty. The presented token is hashed and compared with every
   * entry in constant time ({@link MessageDigest#isEqual}), without stopping at the first match,
   * so the answer time does not depend on which entry (if any) matched.
   */
  public Optional<Principal> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 512) {
      return Optional.empty();
    }
    byte[] presented = sha256(token);
    Entry found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(presented, e.sha256()) && found == null) {
        found = e;
      }
    }
    return found == null ? Optional.empty() : Optional.of(new Principal(found.name(), found.role()));
  }

  /** A new token: {@value #PREFIX} and 256 random bits, base64url. */
  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a tokens file; a missing file is an empty set. Throws naming the file and line on a bad line. */
  public static ApiTokens read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return empty();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      String where = file + " line " + (i + 1) + ": ";
      if (f.length != 3) {
        throw new IOException(where + "expected 'name role sha256:<hex>'");
      }
      if (!Principal.validName(f[0])) {
        throw new IOException(where + "bad name (1..64 of [A-Za-z0-9_.@-], not 'tillwatch')");
      }
      ApiRole role = ApiRole.fromWire(f[1]);
      if (role == null) {
        throw new IOException(where + "role must be read or operator");
      }
      byte[] hash;
      try {
        if (!f[2].startsWith(HASH_PREFIX)) {
          throw new IllegalArgumentException();
        }
        hash = HexFormat.of().parseHex(f[2].substring(HASH_PREFIX.length()));
        if (hash.length != 32) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw new IOException(where + "the hash must be sha256: and 64 hex digits");
      }
      String name = f[0];
      if (out.stream().anyMatch(e -> e.name().equals(name))) {
        throw new IOException(where + "name " + name + " appears twice");
      }
      out.add(new Entry(name, role, hash));
    }
    return new ApiTokens(out);
  }

  public ApiTokens with(Entry e) {
    List<Entry> next = new ArrayList<>(entries);
    next.removeIf(x -> x.name().equals(e.name()));
    next.add(e);
    return new ApiTokens(next);
  }

  public ApiTokens without(String name) {
    List<Entry> next = new ArrayList<>(entries);
    next.removeIf(x -> x.name().equals(name));
    return new ApiTokens(next);
  }

  public Optional<Entry> find(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** Writes the file atomically (temp file, then rename), readable by its owner only where POSIX permissions exist. */
  public void write(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("# TillWatch API tokens: name role sha256:<hex of the token's SHA-256>.\n")
        .append("# Managed with 'tillwatch tokens add|revoke|list'. The tokens themselves are not stored.\n");
    for (Entry e : entries) {
      sb.append(e.name()).append(' ').append(e.role().wire()).append(' ').append(HASH_PREFIX)
          .append(HexFormat.of().formatHex(e.sha256())).append('\n');
    }
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, sb, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
