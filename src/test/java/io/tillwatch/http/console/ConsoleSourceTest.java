package io.tillwatch.http.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the console's sources that a review would miss: data reaches the DOM only as text (no
 * HTML sinks at all, so none can be misused with a terminal's or an operator's text), no inline
 * script or style (the CSP forbids them), and the two catalogs say the same things.
 */
class ConsoleSourceTest {
  private static final Path ROOT = Path.of("src/main/resources/console");
  private static final Pattern HTML_SINKS = Pattern.compile(
      "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|createContextualFragment|DOMParser|srcdoc|\\beval\\s*\\(|new\\s+Function\\b");
  /** t('key', ...) with a literal key, or t('prefix.' + name) whose prefix must start some keys (a kind's label). */
  private static final Pattern USED_KEY = Pattern.compile("\\bt\\(\\s*'([A-Za-z0-9_.-]+)'\\s*([,)+])");
  private static final Pattern STATIC_KEY = Pattern.compile("data-i18n(?:-aria)?=\"([^\"]+)\"");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  private static List<Path> files(String ext) throws IOException {
    try (Stream<Path> s = Files.walk(ROOT)) {
      return s.filter(p -> p.toString().endsWith(ext)).sorted().toList();
    }
  }

  @Test
  void noScriptUsesAnHtmlSink() throws IOException {
    List<Path> scripts = files(".js");
    assertTrue(scripts.size() >= 10, "the console's modules: " + scripts);
    List<String> found = new ArrayList<>();
    for (Path p : scripts) {
      List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = HTML_SINKS.matcher(lines.get(i));
        if (m.find()) {
          found.add(ROOT.relativize(p) + ":" + (i + 1) + ": " + m.group());
        }
      }
    }
    assertEquals(List.of(), found, "put data in the DOM with textContent / createTextNode / setAttribute only");
  }

  @Test
  void thePageHasNoInlineScriptOrStyle() throws IOException {
    for (Path p : files(".html")) {
      String html = Files.readString(p, StandardCharsets.UTF_8);
      assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), p + ": inline <script>");
      assertFalse(html.contains("<style"), p + ": inline <style>");
      assertFalse(Pattern.compile("\\sstyle=").matcher(html).find(), p + ": style attribute");
      assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), p + ": inline event handler");
    }
  }

  private static JsonObject catalog(String name) throws IOException {
    String text = Files.readString(ROOT.resolve("i18n").resolve(name), StandardCharsets.UTF_8).strip();
    assertTrue(text.startsWith("export default {") && text.endsWith("};"), name + " must be `export default {JSON};`");
    return new JsonObject(text.substring("export default ".length(), text.length() - 1));
  }

  @Test
  void bothCatalogsHaveTheSameKeysAndPlaceholders() throws IOException {
    JsonObject en = catalog("en.js");
    JsonObject zh = catalog("zh-CN.js");
    Set<String> onlyEn = new TreeSet<>(en.fieldNames());
    onlyEn.removeAll(zh.fieldNames());
    Set<String> onlyZh = new TreeSet<>(zh.fieldNames());
    onlyZh.removeAll(en.fieldNames());
    assertEquals(Set.of(), onlyEn, "keys of en missing from zh-CN");
    assertEquals(Set.of(), onlyZh, "keys of zh-CN missing from en");
    for (String key : en.fieldNames()) {
      assertEquals(placeholders(en.getString(key)), placeholders(zh.getString(key)), "placeholders of " + key);
      assertFalse(zh.getString(key).isBlank(), key);
    }
  }

  @Test
  void everyLiteralKeyTheSourcesUseIsInTheCatalog() throws IOException {
    JsonObject en = catalog("en.js");
    Set<String> missing = new TreeSet<>();
    for (Path p : files(".js")) {
      collect(USED_KEY, Files.readString(p, StandardCharsets.UTF_8), en, missing);
    }
    for (Path p : files(".html")) {
      collect(STATIC_KEY, Files.readString(p, StandardCharsets.UTF_8), en, missing);
    }
    assertEquals(Set.of(), missing, "keys used but not in the catalogs");
  }

  private static void collect(Pattern p, String text, JsonObject catalog, Set<String> missing) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      String key = m.group(1);
      boolean prefix = m.groupCount() > 1 && "+".equals(m.group(2));
      boolean known = prefix ? catalog.fieldNames().stream().anyMatch(k -> k.startsWith(key)) : catalog.containsKey(key);
      if (!known) {
        missing.add(prefix ? key + "*" : key);
      }
    }
  }

  private static Set<String> placeholders(String s) {
    Set<String> out = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(s);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
