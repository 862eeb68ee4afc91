package io.tillwatch.acquirer;

import io.tillwatch.backoffice.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One mapping of the back-office file read field by field, each error naming the file, the entry and
 * the field. Every key read is remembered, so {@link #noOtherKeys} can refuse a misspelt one that
 * would otherwise be silently ignored (a {@code timout: 1s} that leaves the default in force).
 */
final class ConfigEntry {
  /** What a back office may answer; UNREACHABLE is not an answer but the lack of one. */
  static final Set<Verdict> ANSWERS = EnumSet.of(Verdict.CHARGED, Verdict.NOT_CHARGED, Verdict.REVERSED_OR_REFUNDED,
      Verdict.PENDING);

  private final Path file;
  private final String where;
  private final Map<?, ?> map;
  private final Set<String> read = new HashSet<>();

  ConfigEntry(Path file, String where, Map<?, ?> map) {
    this.file = file;
    this.where = where;
    this.map = map;
  }

  BackOfficeConfigException error(String field, String problem) {
    return new BackOfficeConfigException(file + ": " + where + ": " + field + ": " + problem);
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  String text(String key) {
    String value = optionalText(key);
    if (value == null || value.isBlank()) {
      throw error(key, "missing");
    }
    return value;
  }

  String optionalText(String key) {
    read.add(key);
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map || value instanceof Iterable) {
      throw error(key, "must be a single value");
    }
    String text = String.valueOf(value).trim();
    return text.isEmpty() ? null : text;
  }

  String textOr(String key, String otherwise) {
    String value = optionalText(key);
    return value == null ? otherwise : value;
  }

  String url(String key) {
    String value = text(key);
    if (!value.startsWith("http://") && !value.startsWith("https://")) {
      throw error(key, "must be an http:// or https:// URL");
    }
    return value;
  }

  Duration duration(String key, Duration otherwise) {
    String value = optionalText(key);
    try {
      return value == null ? otherwise : Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  int positiveInt(String key, int otherwise) {
    String value = optionalText(key);
    try {
      int n = value == null ? otherwise : Integer.parseInt(value);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw error(key, "'" + value + "' is not a whole number of 1 or more");
    }
  }

  double positiveDouble(String key, double otherwise) {
    String value = optionalText(key);
    try {
      double n = value == null ? otherwise : Double.parseDouble(value);
      if (!(n > 0) || Double.isInfinite(n)) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw error(key, "'" + value + "' is not a number above 0");
    }
  }

  Verdict verdict(String key, String value) {
    try {
      Verdict v = Verdict.valueOf(value.trim());
      if (ANSWERS.contains(v)) {
        return v;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the one message
    }
    throw error(key, "'" + value + "' is not one of " + ANSWERS);
  }

  /** A mapping of text to text; empty when absent. */
  Map<String, String> textMap(String key) {
    read.add(key);
    Object value = map.get(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw error(key, "must be a mapping");
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v == null || v instanceof Map || v instanceof Iterable) {
        throw error(key, "the value of '" + k + "' must be a single value");
      }
      out.put(String.valueOf(k), String.valueOf(v));
    });
    return out;
  }

  /** A list of mappings; empty when absent. */
  List<Map<?, ?>> mappings(String key) {
    read.add(key);
    Object value = map.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      throw error(key, "must be a list");
    }
    List<Map<?, ?>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Map<?, ?> m)) {
        throw error(key, "item #" + (i + 1) + " must be a mapping");
      }
      out.add(m);
    }
    return out;
  }

  PrivateKey privateKey(String key) {
    return keyFile(key, RsaKeys::privateKey);
  }

  PublicKey publicKey(String key) {
    return keyFile(key, RsaKeys::publicKey);
  }

  private <K> K keyFile(String key, Function<Path, K> reader) {
    try {
      return reader.apply(existingFile(key));
    } catch (RsaKeys.KeyFileException e) {
      throw error(key, e.getMessage());
    }
  }

  /** The trimmed content of a secret file; the content never appears in an error. */
  String secret(String key) {
    Path path = existingFile(key);
    String value;
    try {
      value = Files.readString(path, StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException e) {
      throw error(key, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
    }
    if (value.isEmpty() || value.contains("\n")) {
      throw error(key, path + " must hold one non-empty line");
    }
    return value;
  }

  private Path existingFile(String key) {
    Path path = Path.of(text(key));
    if (!path.isAbsolute() && file.getParent() != null) {
      path = file.getParent().resolve(path);
    }
    if (!Files.isRegularFile(path)) {
      throw error(key, "no such file " + path);
    }
    if (!Files.isReadable(path)) {
      throw error(key, "cannot read " + path);
    }
    return path;
  }

  void noOtherKeys() {
    Set<String> unknown = new TreeSet<>();
    map.keySet().forEach(k -> {
      if (!read.contains(String.valueOf(k))) {
        unknown.add(String.valueOf(k));
      }
    });
    if (!unknown.isEmpty()) {
      throw error(String.join(", ", unknown), "unknown key" + (unknown.size() > 1 ? "s" : "") + " for this entry");
    }
  }
}
