package io.tillwatch.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Builds a {@link Config} from defaults, a YAML file, the environment and {@code --key=value}
 * arguments, strongest last. YAML may be flat ({@code mqtt.port: 1883}) or nested
 * ({@code mqtt: {port: 1883}}). Unknown keys are errors in every source except the environment
 * (which holds many unrelated TILLWATCH_-less variables; only TILLWATCH_ names are read).
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Config load(Path yamlFile, Map<String, String> environment, List<String> arguments) {
    Map<String, String> text = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    for (Setting<?> s : Keys.ALL) {
      text.put(s.key(), s.defaultValue());
      origin.put(s.key(), "default");
    }
    if (yamlFile != null) {
      readYaml(yamlFile).forEach((k, v) -> put(text, origin, k, v, "file " + yamlFile));
    }
    for (Setting<?> s : Keys.ALL) {
      String v = environment.get(s.environmentVariable());
      if (v != null) {
        text.put(s.key(), v);
        origin.put(s.key(), "env " + s.environmentVariable());
      }
    }
    for (String arg : arguments) {
      if (!arg.startsWith("--") || arg.indexOf('=') < 3) {
        throw new ConfigException("unexpected argument '" + arg + "': settings are given as --key=value");
      }
      int eq = arg.indexOf('=');
      put(text, origin, arg.substring(2, eq), arg.substring(eq + 1), "command line");
    }
    return new Config(text, origin);
  }

  private static void put(Map<String, String> text, Map<String, String> origin, String key, String value, String source) {
    if (Keys.byKey(key) == null) {
      throw new ConfigException("unknown configuration key " + key + " (from " + source + ")");
    }
    text.put(key, value);
    origin.put(key, source);
  }

  private static Map<String, String> readYaml(Path file) {
    Object doc;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ConfigException("configuration file " + file + " is not valid YAML: " + e.getMessage());
    }
    Map<String, String> flat = new LinkedHashMap<>();
    if (doc == null) {
      return flat;
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException("configuration file " + file + " must hold a mapping of keys to values");
    }
    flatten("", map, flat);
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, out);
      } else {
        out.put(key, e.getValue() == null ? "" : String.valueOf(e.getValue()));
      }
    }
  }
}
