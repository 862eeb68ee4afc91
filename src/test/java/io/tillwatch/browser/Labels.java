package io.tillwatch.browser;

import java.util.List;

/** Form controls and buttons on the current page that a screen reader could not name. */
final class Labels {
  /**
   * A visible input, select or textarea needs a label (a {@code label[for]}, a wrapping label,
   * {@code aria-label} or {@code aria-labelledby}); a visible button needs text or an aria-label.
   */
  private static final String UNLABELLED = """
      const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
      const named = e => (e.getAttribute('aria-label') || '').trim() || e.getAttribute('aria-labelledby')
          || (e.id && document.querySelector('label[for="' + CSS.escape(e.id) + '"]')) || e.closest('label');
      const out = [];
      document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(e => {
        if (visible(e) && !named(e)) out.push(e.tagName.toLowerCase() + '#' + (e.id || e.name || '?'));
      });
      document.querySelectorAll('button').forEach(e => {
        if (visible(e) && !e.textContent.trim() && !(e.getAttribute('aria-label') || '').trim()) out.push('button#' + (e.id || '?'));
      });
      return out;""";

  private Labels() {}

  @SuppressWarnings("unchecked")
  static List<String> unlabelled(Browser b) {
    return (List<String>) b.js(UNLABELLED);
  }
}
