package dev.hardmatch.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean …?" for misspelled keys and values. */
final class Suggest {
  private Suggest() {}

  /**
   * The candidates closest to {@code typo} (several when they tie, e.g. passwordEnv and
   * passwordFile for "passwrod"), or an empty list when none is plausibly meant.
   */
  static List<String> closest(String typo, Collection<String> candidates) {
    List<String> best = new ArrayList<>();
    if (typo == null || typo.isEmpty()) {
      return best;
    }
    String t = typo.toLowerCase(Locale.ROOT);
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      String l = c.toLowerCase(Locale.ROOT);
      int d = distance(t, l);
      // A near miss of a candidate's beginning counts too: "passwrod" for "passwordEnv".
      if (l.length() > t.length() && t.length() >= 4) {
        d = Math.min(d, distance(t, l.substring(0, t.length())) + 1);
      }
      if (d < bestDistance) {
        best.clear();
        bestDistance = d;
      }
      if (d == bestDistance) {
        best.add(c);
      }
    }
    int tolerance = Math.max(1, Math.min(3, t.length() / 3));
    return bestDistance <= tolerance ? best : List.of();
  }

  /** "did you mean 'a'? " or "did you mean 'a' or 'b'? ", or "" without a guess. */
  static String didYouMean(String typo, Collection<String> candidates) {
    List<String> guesses = closest(typo, candidates);
    if (guesses.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("did you mean ");
    for (int i = 0; i < guesses.size(); i++) {
      if (i > 0) {
        sb.append(i == guesses.size() - 1 ? " or " : ", ");
      }
      sb.append('\'').append(guesses.get(i)).append('\'');
    }
    return sb.append("? ").toString();
  }

  /** Optimal string alignment distance (Levenshtein plus swapped neighbours). */
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
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
