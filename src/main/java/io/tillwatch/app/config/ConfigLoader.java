package io.tillwatch.app.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Config} from defaults, a YAML file, the environment and {@code --key=value}
 * arguments, strongest last, remembering where each value came from so that a bad one is reported
 * with its source. An unknown key on the command line or in the file stops start-up, with the
 * nearest known key as a hint. In the environment only TILLWATCH_ names are read, and an unknown
 * one is warned about, not refused: it may be meant for something else (a launcher script), but is
 * more likely a typo that would otherwise be ignored without a word. A key given twice in the file
 * is warned about too. Warnings are logged here, so every command that reads settings shows them,
 * and kept in the {@link Config}.
 */
public final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
  private static final String PREFIX = "TILLWATCH_";
  /** TILLWATCH_ variables that are not settings: the log level (logback.xml), the API token of scripts and tools. */
  static final Set<String> OTHER_VARIABLES = Set.of("TILLWATCH_LOG_LEVEL", "TILLWATCH_TOKEN");

  private ConfigLoader() {}

  public static Config load(Path yamlFile, Map<String, String> environment, List<String> arguments) {
    Map<String, String> text = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (Setting<?> s : Keys.ALL) {
      text.put(s.key(), s.defaultValue());
      origin.put(s.key(), "default");
    }
    if (yamlFile != null) {
      YamlSettings yaml = YamlSettings.read(yamlFile);
      warnings.addAll(yaml.warnings());
      yaml.entries().forEach((k, e) -> put(text, origin, k, e.text(), "file " + yamlFile + " line " + e.line()));
    }
    readEnvironment(environment, text, origin, warnings);
    for (String arg : arguments) {
      if (!arg.startsWith("--") || arg.indexOf('=') < 3) {
        throw new ConfigException("unexpected argument '" + arg + "': settings are given as --key=value");
      }
      int eq = arg.indexOf('=');
      put(text, origin, arg.substring(2, eq), arg.substring(eq + 1), "command line");
    }
    warnings.forEach(LOG::warn);
    return new Config(text, origin, warnings);
  }

  private static void readEnvironment(Map<String, String> environment, Map<String, String> text, Map<String, String> origin,
      List<String> warnings) {
    Map<String, Setting<?>> byVariable = new LinkedHashMap<>();
    for (Setting<?> s : Keys.ALL) {
      byVariable.put(s.environmentVariable(), s);
    }
    // Sorted: the warnings come in the same order at every start.
    environment.keySet().stream().filter(n -> n.startsWith(PREFIX)).sorted().forEach(name -> {
      Setting<?> s = byVariable.get(name);
      if (s != null) {
        text.put(s.key(), environment.get(name));
        origin.put(s.key(), "environment variable " + name);
      } else if (!OTHER_VARIABLES.contains(name)) {
        // Compared without the prefix they share, which would make any two names look alike.
        List<String> known = Stream.concat(byVariable.keySet().stream(), OTHER_VARIABLES.stream())
            .map(v -> v.substring(PREFIX.length())).toList();
        warnings.add("unknown environment variable " + name + " is ignored"
            + NearestName.to(name.substring(PREFIX.length()), known).map(v -> "; did you mean " + PREFIX + v + "?").orElse(""));
      }
    });
  }

  private static void put(Map<String, String> text, Map<String, String> origin, String key, String value, String source) {
    if (Keys.byKey(key) == null) {
      throw unknownKey(key, source);
    }
    text.put(key, value);
    origin.put(key, source);
  }

  /** "unknown key mqtt.prot (command line); did you mean mqtt.port?" */
  static ConfigException unknownKey(String key, String source) {
    List<String> known = Keys.ALL.stream().map(Setting::key).toList();
    return new ConfigException("unknown key " + key + " (" + source + ")" + NearestName.hint(key, known));
  }
}
