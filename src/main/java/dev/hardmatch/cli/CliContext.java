package dev.hardmatch.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a command touches of the outside world, injected so tests drive the CLI in-process:
 * streams, environment, working folder, and whether stdout/stderr are terminals.
 *
 * @param terminal true when stderr is an interactive terminal (progress, colour)
 */
public record CliContext(
    InputStream in,
    PrintWriter out,
    PrintWriter err,
    Map<String, String> env,
    Path workDir,
    boolean terminal) {

  /** Resolves a path given on the command line against the working folder. */
  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : workDir.resolve(p).normalize();
  }

  /**
   * Colour on a terminal unless NO_COLOR is set to a non-empty value (no-color.org); CLICOLOR_FORCE
   * (set by {@code --color always}) colours even when piped. See also {@code --no-color}.
   */
  public boolean colour() {
    return (terminal || isSet(RootCommand.FORCE_COLOR_ENV)) && !isSet("NO_COLOR");
  }

  private boolean isSet(String name) {
    String value = env.get(name);
    return value != null && !value.isEmpty();
  }

  public String env(String name) {
    return env.get(name);
  }
}
