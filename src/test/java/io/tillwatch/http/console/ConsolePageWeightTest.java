package io.tillwatch.http.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The first load's weight, as a browser fetches it: index.html, what it links (scripts, styles,
 * icon), every module those scripts import, and what the styles reference, each fetched from the
 * real server (so a reference to a missing file fails too). Shops may be on a slow mobile link.
 */
class ConsolePageWeightTest {
  static final long BUDGET_BYTES = 250 * 1024;

  private static final Pattern HTML_REF = Pattern.compile("<(?:script|link|img)\\b[^>]*?\\b(?:src|href)=\"([^\"#]+)\"");
  /** Static imports, re-exports and dynamic imports: import x from './a.js'; import './b.js'; export * from './c.js'; import('./d.js'). */
  private static final Pattern JS_IMPORT =
      Pattern.compile("(?:\\bimport\\s*(?:[\\w*{}\\s,$]+\\s*from\\s*)?|\\bexport\\s*[\\w*{}\\s,$]+\\s*from\\s*|\\bimport\\s*\\(\\s*)['\"]([^'\"]+)['\"]");
  private static final Pattern CSS_REF = Pattern.compile("(?:url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)|@import\\s+['\"]([^'\"]+)['\"])");

  @Test
  void theFirstLoadStaysWithinTheBudget() throws Exception {
    try (ConsoleServer server = new ConsoleServer()) {
      Map<String, Integer> sizes = new LinkedHashMap<>();
      Deque<String> todo = new ArrayDeque<>();
      todo.add("/console/index.html");
      while (!todo.isEmpty()) {
        String path = todo.poll();
        if (sizes.containsKey(path)) {
          continue;
        }
        HttpResponse<byte[]> r = server.get(path);
        assertEquals(200, r.statusCode(), path + " is referenced but not served");
        sizes.put(path, r.body().length);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        Pattern refs = path.endsWith(".html") ? HTML_REF : path.endsWith(".js") ? JS_IMPORT : path.endsWith(".css") ? CSS_REF : null;
        if (refs == null) {
          continue;
        }
        Matcher m = refs.matcher(text);
        while (m.find()) {
          String ref = m.group(1) != null ? m.group(1) : m.group(2);
          if (ref.startsWith("data:")) {
            continue;
          }
          assertTrue(!ref.contains("//"), path + " loads " + ref + " from elsewhere: no CDN, the console works offline");
          todo.add(URI.create(path).resolve(ref).getPath());
        }
      }
      long total = sizes.values().stream().mapToLong(Integer::longValue).sum();
      System.out.println("console first load: " + total + " bytes in " + sizes.size() + " files " + sizes);
      assertTrue(sizes.containsKey("/console/app.js") && sizes.containsKey("/console/views/task.js")
          && sizes.containsKey("/console/i18n/zh-CN.js") && sizes.containsKey("/console/style.css"),
          "the walk must reach the modules, the catalogs and the styles: " + sizes.keySet());
      assertTrue(total <= BUDGET_BYTES, "first load " + total + " bytes > budget " + BUDGET_BYTES + ": " + sizes);
    }
  }
}
