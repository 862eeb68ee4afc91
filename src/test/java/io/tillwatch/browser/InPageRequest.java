package io.tillwatch.browser;

import java.util.Map;

/**
 * A request made by script inside a signed-in page, as an attacker's script or a forged form would
 * make it: same origin, the session cookie attached by the browser, and whatever CSRF header the
 * caller chooses (none, a guess, or the real one).
 */
final class InPageRequest {
  private static final String FETCH = """
      const [method, path, csrf, done] = arguments;
      const headers = {'Content-Type': 'application/json'};
      if (csrf !== null) headers['X-CSRF-Token'] = csrf;
      fetch(path, {method, headers, body: method === 'GET' ? undefined : '{}', credentials: 'same-origin'})
        .then(r => r.text().then(body => done({status: r.status, body})))
        .catch(e => done({status: -1, body: String(e)}));""";

  record Result(int status, String body) {}

  private InPageRequest() {}

  /** POSTs {@code {}} to {@code path} from the page; {@code csrf} null sends no X-CSRF-Token header. */
  static Result post(Browser b, String path, String csrf) {
    return send(b, "POST", path, csrf);
  }

  static Result get(Browser b, String path) {
    return send(b, "GET", path, null);
  }

  private static Result send(Browser b, String method, String path, String csrf) {
    Map<?, ?> r = (Map<?, ?>) b.jsAsync(FETCH, method, path, csrf);
    return new Result(((Number) r.get("status")).intValue(), (String) r.get("body"));
  }
}
