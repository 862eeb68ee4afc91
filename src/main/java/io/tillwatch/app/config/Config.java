package io.tillwatch.app.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolved configuration: each key's text from the strongest source (command line, then
 * environment, then the YAML file, then the default), parsed and checked up front so a bad value
 * stops start-up before anything opens.
 */
public final class Config {
  private final Map<String, String> text;
  private final Map<String, String> origin;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<String> warnings;

  Config(Map<String, String> text, Map<String, String> origin, List<String> warnings) {
    this.text = text;
    this.origin = origin;
    this.warnings = List.copyOf(warnings);
    for (Setting<?> s : Keys.ALL) {
      values.put(s.key(), s.parse(text.get(s.key()), origin.get(s.key())));
    }
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting.key());
  }

  /** What reading the settings found suspicious but not wrong (already logged when they were read). */
  public List<String> warnings() {
    return warnings;
  }

  /** Where a key's value came from: default, command line, environment variable NAME, file PATH line N, override. */
  public String source(Setting<?> setting) {
    return origin.get(setting.key());
  }

  /** The settings not left at their default, as "key=value (source)"; secret values are masked. */
  public List<String> given() {
    List<String> out = new ArrayList<>();
    for (Setting<?> s : Keys.ALL) {
      if (!origin.get(s.key()).equals("default")) {
        out.add(s.key() + "=" + (s.secret() ? "****" : text.get(s.key())) + " (" + origin.get(s.key()) + ")");
      }
    }
    return out;
  }

  /** Key to "value (source)" for the full settings table; secret values are masked. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Setting<?> s : Keys.ALL) {
      String v = s.secret() ? "****" : text.get(s.key());
      out.put(s.key(), v + " (" + origin.get(s.key()) + ")");
    }
    return Collections.unmodifiableMap(out);
  }

  /** A copy with some keys overridden (used by the demo command and tests). */
  public Config with(Map<String, String> overrides) {
    Map<String, String> t = new LinkedHashMap<>(text);
    Map<String, String> o = new LinkedHashMap<>(origin);
    overrides.forEach((k, v) -> {
      if (Keys.byKey(k) == null) {
        throw ConfigLoader.unknownKey(k, "override");
      }
      t.put(k, v);
      o.put(k, "override");
    });
    return new Config(t, o, warnings);
  }
}
