package io.tillwatch.browser;

import java.util.Map;

/**
 * What the browser fetched for the console itself so far, from the Resource Timing API: the document
 * and every script, style sheet, image and catalog, but not the API's data ({@code /api/}), which
 * depends on how many tasks there are rather than on the console. In a fresh profile nothing comes
 * from the cache, so transferSize is what went over the wire (headers included).
 */
record PageWeight(long files, long transferredBytes, long decodedBytes, String names) {
  private static final String SCRIPT = """
      const all = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
      const own = all.filter(e => e && !new URL(e.name).pathname.startsWith('/api/'));
      return {
        files: own.length,
        transferred: own.reduce((s, e) => s + e.transferSize, 0),
        decoded: own.reduce((s, e) => s + e.decodedBodySize, 0),
        names: own.map(e => new URL(e.name).pathname + ' ' + e.transferSize).join(', ')
      };""";

  static PageWeight of(Browser b) {
    Map<?, ?> w = (Map<?, ?>) b.js(SCRIPT);
    return new PageWeight(((Number) w.get("files")).longValue(), ((Number) w.get("transferred")).longValue(),
        ((Number) w.get("decoded")).longValue(), (String) w.get("names"));
  }

  String describe(String when) {
    return String.format("%s: %d files, %d bytes transferred (%.1f KB), %d bytes decoded; %s", when, files, transferredBytes,
        transferredBytes / 1024.0, decodedBytes, names);
  }
}
