package dev.hardmatch.spec;

import org.yaml.snakeyaml.error.Mark;

/** A 1-based line and column in the links file. */
record Loc(int line, int column) implements Comparable<Loc> {
  static final Loc START = new Loc(1, 1);

  static Loc of(Mark mark) {
    return new Loc(mark.getLine() + 1, mark.getColumn() + 1);
  }

  @Override
  public int compareTo(Loc o) {
    return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
  }
}
