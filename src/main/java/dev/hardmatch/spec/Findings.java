package dev.hardmatch.spec;

import dev.hardmatch.Diagnostic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem found in one links file, so the user sees them all at once. Each finding
 * is keyed by the JSON pointer of the value it is about: a precise semantic finding suppresses the
 * schema's generic complaint about the same value.
 */
final class Findings {
  /** One problem; {@code pointer} is a JSON pointer ("" for the whole file). */
  record Finding(Loc loc, String pointer, String message, String fix, boolean fromSchema) {}

  private final List<Finding> all = new ArrayList<>();

  void add(Loc loc, String pointer, String message, String fix) {
    all.add(new Finding(loc, pointer, message, fix, false));
  }

  void addSchema(Loc loc, String pointer, String message, String fix) {
    all.add(new Finding(loc, pointer, message, fix, true));
  }

  /** Drops the schema's findings about one value (for a caller that accepts what they say). */
  void dropSchema(String pointer) {
    all.removeIf(f -> f.fromSchema() && f.pointer().equals(pointer));
  }

  boolean isEmpty() {
    return all.isEmpty();
  }

  int size() {
    return all.size();
  }

  /** Semantic findings win over schema findings on the same value; ordered by position. */
  List<Diagnostic> toDiagnostics(String file, SourceText source) {
    Set<String> precise = new HashSet<>();
    for (Finding f : all) {
      if (!f.fromSchema()) {
        precise.add(f.pointer());
      }
    }
    List<Finding> kept = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Finding f : all) {
      if (f.fromSchema() && precise.contains(f.pointer())) {
        continue;
      }
      // The same complaint twice (e.g. through a YAML alias) helps nobody.
      if (seen.add(f.loc() + "|" + f.pointer() + "|" + f.message())) {
        kept.add(f);
      }
    }
    kept.sort(Comparator.comparing(Finding::loc));
    List<Diagnostic> out = new ArrayList<>(kept.size());
    for (Finding f : kept) {
      String excerpt = source == null ? null : source.excerpt(f.loc());
      out.add(
          new Diagnostic(
              file,
              f.loc().line(),
              f.loc().column(),
              fieldPath(f.pointer()),
              f.message(),
              f.fix(),
              excerpt));
    }
    return out;
  }

  /** {@code /links/3/upn} → {@code links[3].upn}; the whole file → null. */
  static String fieldPath(String pointer) {
    if (pointer == null || pointer.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String raw : pointer.substring(1).split("/", -1)) {
      String part = raw.replace("~1", "/").replace("~0", "~");
      if (!part.isEmpty() && part.chars().allMatch(Character::isDigit)) {
        sb.append('[').append(part).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(part);
      }
    }
    return sb.toString();
  }

  /** Appends one step to a JSON pointer, escaping as RFC 6901 says. */
  static String child(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
