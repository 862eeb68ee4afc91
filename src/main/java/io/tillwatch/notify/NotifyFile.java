package io.tillwatch.notify;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the file of {@code notify.file} whole and checks every field, so a typo stops start-up with
 * the file, the entry and the field named instead of leaving a shop without its messages.
 *
 * <p>Scalars are read as text (YAML 1.1 would turn a secret of digits into a number, {@code 010}
 * into 8) and typed by the field that reads them. Unknown keys are refused: a misspelt
 * {@code maxAtempts} must not silently keep the default.
 */
public final class NotifyFile {
  private static final Set<String> TOP = Set.of("merchants", "consoleUrl", "zone", "ratePerMinute", "burst",
      "maxAttempts", "firstRetry", "maxRetry", "timeout", "queue");
  private static final Set<String> TARGET = Set.of("type", "url", "secret", "secretFile");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private NotifyFile() {}

  /** YAML with only null resolved; everything else stays a string. */
  private static final class Strings extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }

  public static NotifySettings load(Path file) {
    Object doc;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      doc = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options,
          new Strings()).load(r);
    } catch (IOException e) {
      throw new NotifyConfigException(file + ": cannot read the notification file (" + e.getClass().getSimpleName() + ")");
    } catch (RuntimeException e) {
      throw new NotifyConfigException(file + ": not valid YAML: " + e.getMessage());
    }
    if (doc == null) {
      return NotifySettings.NONE;
    }
    if (!(doc instanceof Map<?, ?> top)) {
      throw new NotifyConfigException(file + ": must be a mapping with merchants and settings");
    }
    unknownKeys(file, "top level", top, TOP);
    NotifySettings d = NotifySettings.NONE;
    Map<String, List<NotifyTarget>> targets = new LinkedHashMap<>();
    Object merchants = top.get("merchants");
    if (merchants != null) {
      if (!(merchants instanceof Map<?, ?> byMerchant)) {
        throw new NotifyConfigException(file + ": merchants: must map merchant ids (or \"*\") to lists of targets");
      }
      byMerchant.forEach((merchant, list) -> targets.put(String.valueOf(merchant),
          targetList(file, String.valueOf(merchant), list)));
    }
    String where = "top level";
    int rate = (int) whole(file, where, "ratePerMinute", text(top, "ratePerMinute"), (long) d.ratePerMinute());
    int burst = (int) whole(file, where, "burst", text(top, "burst"), d.burst());
    int attempts = (int) whole(file, where, "maxAttempts", text(top, "maxAttempts"), d.maxAttempts());
    int queue = (int) whole(file, where, "queue", text(top, "queue"), d.queueCapacity());
    Duration firstRetry = duration(file, where, "firstRetry", text(top, "firstRetry"), d.firstRetry());
    Duration maxRetry = duration(file, where, "maxRetry", text(top, "maxRetry"), d.maxRetry());
    Duration timeout = duration(file, where, "timeout", text(top, "timeout"), d.timeout());
    ZoneId zone;
    try {
      String z = text(top, "zone");
      zone = z == null ? d.zone() : ZoneId.of(z);
    } catch (RuntimeException e) {
      throw new NotifyConfigException(file + ": top level: zone: not a time zone id (e.g. Asia/Shanghai)");
    }
    String console = text(top, "consoleUrl");
    if (console != null && !console.startsWith("http://") && !console.startsWith("https://")) {
      throw new NotifyConfigException(file + ": top level: consoleUrl: must be an http:// or https:// URL");
    }
    return new NotifySettings(targets, rate, burst, attempts, firstRetry, maxRetry.compareTo(firstRetry) < 0 ? firstRetry
        : maxRetry, timeout, queue, zone, console == null ? "" : console);
  }

  private static List<NotifyTarget> targetList(Path file, String merchant, Object list) {
    if (!(list instanceof List<?> items)) {
      throw new NotifyConfigException(file + ": merchant " + merchant + ": must be a list of targets");
    }
    List<NotifyTarget> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String where = "merchant " + merchant + ", target #" + (i + 1);
      if (!(items.get(i) instanceof Map<?, ?> m)) {
        throw new NotifyConfigException(file + ": " + where + ": must be a mapping with type and url");
      }
      out.add(target(file, where, m));
    }
    return out;
  }

  private static NotifyTarget target(Path file, String where, Map<?, ?> m) {
    unknownKeys(file, where, m, TARGET);
    String typeText = required(file, where, "type", text(m, "type"));
    TargetType type;
    try {
      type = TargetType.fromLabel(typeText);
    } catch (IllegalArgumentException e) {
      throw new NotifyConfigException(file + ": " + where + ": type: " + e.getMessage());
    }
    String url = required(file, where, "url", text(m, "url"));
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new NotifyConfigException(file + ": " + where + ": url: must be an http:// or https:// URL");
    }
    String secret = text(m, "secret");
    String secretFile = text(m, "secretFile");
    if (secret != null && secretFile != null) {
      throw new NotifyConfigException(file + ": " + where + ": secret, secretFile: give one of them");
    }
    if (secretFile != null) {
      secret = readSecret(file, where, secretFile);
    }
    if (type == TargetType.GENERIC && secret == null) {
      throw new NotifyConfigException(file + ": " + where + ": secret: a generic webhook is always signed; give secret or "
          + "secretFile");
    }
    if (type == TargetType.WECOM && secret != null) {
      throw new NotifyConfigException(file + ": " + where + ": secret: a WeCom robot has no secret (its key is in the url)");
    }
    return new NotifyTarget(type, url, secret);
  }

  private static String readSecret(Path file, String where, String name) {
    Path path = Path.of(name);
    if (!path.isAbsolute() && file.getParent() != null) {
      path = file.getParent().resolve(path);
    }
    try {
      String value = Files.readString(path, StandardCharsets.UTF_8).trim();
      if (value.isEmpty() || value.contains("\n")) {
        throw new NotifyConfigException(file + ": " + where + ": secretFile: " + path + " must hold one non-empty line");
      }
      return value;
    } catch (IOException e) {
      throw new NotifyConfigException(file + ": " + where + ": secretFile: cannot read " + path);
    }
  }

  private static void unknownKeys(Path file, String where, Map<?, ?> m, Set<String> known) {
    Set<String> unknown = new TreeSet<>();
    m.keySet().forEach(k -> {
      if (!known.contains(String.valueOf(k))) {
        unknown.add(String.valueOf(k));
      }
    });
    if (!unknown.isEmpty()) {
      throw new NotifyConfigException(file + ": " + where + ": unknown key(s) " + unknown + "; known: " + new TreeSet<>(known));
    }
  }

  private static String text(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v instanceof Map || v instanceof Iterable) {
      return "\u0000"; // a structure where a value belongs: refused by whoever reads it
    }
    String s = v == null ? null : String.valueOf(v).trim();
    return s == null || s.isEmpty() ? null : s;
  }

  private static String required(Path file, String where, String key, String value) {
    if (value == null) {
      throw new NotifyConfigException(file + ": " + where + ": " + key + ": missing");
    }
    return value;
  }

  private static long whole(Path file, String where, String key, String value, long otherwise) {
    try {
      long n = value == null ? otherwise : Long.parseLong(value);
      if (n < 1 || n > 1_000_000) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new NotifyConfigException(file + ": " + where + ": " + key + ": '" + value + "' is not a whole number from 1");
    }
  }

  private static Duration duration(Path file, String where, String key, String value, Duration otherwise) {
    if (value == null) {
      return otherwise;
    }
    Matcher m = DURATION.matcher(value);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new NotifyConfigException(file + ": " + where + ": " + key + ": '" + value + "' is not a duration such as "
          + "500ms, 5s, 2m, 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
