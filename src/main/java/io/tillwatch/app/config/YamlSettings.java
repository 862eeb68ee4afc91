package io.tillwatch.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the settings of a YAML file, flat ({@code mqtt.port: 1883}) or nested
 * ({@code mqtt: {port: 1883}}), into key, text and line.
 *
 * <p>The file is read as a node tree, not as Java objects: a key given twice (twice in one mapping,
 * or once flat and once nested) would otherwise be lost silently, the later value winning; here it
 * is found, with both lines, and the caller warns. Values are the text as written, so
 * {@code port: 010} is ten, not YAML 1.1's octal eight, and {@code auth: off} stays "off" for the
 * setting's own parser. A list ({@code [30s, 2m]}) is joined with commas, the settings' list syntax.
 */
final class YamlSettings {
  /** One setting's text and the line it is on (1-based). */
  record Entry(String text, int line) {}

  private final Path file;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();

  private YamlSettings(Path file) {
    this.file = file;
  }

  /** The file's settings, in file order; a key given twice holds its last value. */
  static YamlSettings read(Path file) {
    Node root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ConfigException("configuration file " + file + " is not valid YAML: " + e.getMessage());
    }
    YamlSettings s = new YamlSettings(file);
    if (root == null) {
      return s;
    }
    if (!(root instanceof MappingNode map)) {
      throw new ConfigException("configuration file " + file + " must hold a mapping of keys to values");
    }
    s.flatten("", map);
    return s;
  }

  Map<String, Entry> entries() {
    return entries;
  }

  /** Keys given more than once, each with the lines and the one that counts. */
  List<String> warnings() {
    return warnings;
  }

  private void flatten(String prefix, MappingNode map) {
    Map<String, Integer> sections = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      String key = prefix + text(t.getKeyNode());
      Node value = t.getValueNode();
      int line = t.getKeyNode().getStartMark().getLine() + 1;
      if (value instanceof MappingNode nested) {
        Integer earlier = sections.put(key, line);
        if (earlier != null) {
          warnings.add("configuration file " + file + " gives " + key + " twice, on lines " + earlier + " and " + line
              + ": the settings under both are read");
        }
        flatten(key + ".", nested);
        continue;
      }
      Entry earlier = entries.remove(key); // re-inserted last: file order is the order of the values that count
      if (earlier != null) {
        warnings.add("configuration file " + file + " gives " + key + " twice, on lines " + earlier.line() + " and "
            + line + ": line " + line + " counts");
      }
      entries.put(key, new Entry(text(value), line));
    }
  }

  private String text(Node node) {
    if (node instanceof ScalarNode scalar) {
      return Tag.NULL.equals(scalar.getTag()) ? "" : scalar.getValue();
    }
    if (node instanceof SequenceNode list) {
      List<String> parts = new ArrayList<>();
      for (Node item : list.getValue()) {
        parts.add(text(item));
      }
      return String.join(",", parts);
    }
    throw new ConfigException("configuration file " + file + " line " + (node.getStartMark().getLine() + 1)
        + ": expected a value or a list of values");
  }
}
