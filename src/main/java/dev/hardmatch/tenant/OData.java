package dev.hardmatch.tenant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * OData query text: string literals and {@code in} filters, built so values never alter a query.
 */
final class OData {

  /** Graph accepts at most 15 values in one {@code in (…)}. */
  static final int MAX_IN_VALUES = 15;

  private OData() {}

  /** A string literal: quoted, with every {@code '} doubled as OData requires. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** {@code property eq 'value'}. */
  static String eq(String property, String value) {
    return property + " eq " + literal(value);
  }

  /** {@code property in ('a','b',…)}; at most {@link #MAX_IN_VALUES} values. */
  static String in(String property, Collection<String> values) {
    if (values.isEmpty() || values.size() > MAX_IN_VALUES) {
      throw new IllegalArgumentException("an in-filter takes 1 to 15 values, got " + values.size());
    }
    return property
        + " in ("
        + values.stream().map(OData::literal).collect(Collectors.joining(","))
        + ")";
  }

  /** Splits values into chunks of at most {@code size}, keeping their order. */
  static <T> List<List<T>> chunks(Collection<T> values, int size) {
    List<List<T>> out = new ArrayList<>();
    List<T> current = new ArrayList<>(size);
    for (T value : values) {
      current.add(value);
      if (current.size() == size) {
        out.add(current);
        current = new ArrayList<>(size);
      }
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}
