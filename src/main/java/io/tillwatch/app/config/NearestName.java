package io.tillwatch.app.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The known name a mistyped one was most likely meant to be, for "did you mean" hints: the closest
 * by edit distance (a swap of two neighbouring letters counts as one edit, the commonest typo), if
 * close enough that the hint helps rather than puzzles; else a name that starts with the given one
 * (a key given without its last part, such as mqtt.tls.cert for mqtt.tls.cert-file). Settings and
 * the command line's commands and options share it, so a typo is answered alike wherever it is made.
 */
public final class NearestName {
  private NearestName() {}

  public static Optional<String> to(String given, Collection<String> known) {
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(g, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    if (best != null && bestDistance <= Math.max(1, Math.min(3, g.length() / 4))) {
      return Optional.of(best);
    }
    List<String> longer = g.length() < 4 ? List.of()
        : known.stream().filter(k -> k.toLowerCase(Locale.ROOT).startsWith(g)).toList();
    return longer.size() == 1 ? Optional.of(longer.get(0)) : Optional.empty();
  }

  /** "; did you mean X?" or nothing, to end a message about an unknown name. */
  static String hint(String given, Collection<String> known) {
    return to(given, known).map(k -> "; did you mean " + k + "?").orElse("");
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
