package dev.hardmatch.connect;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.util.Messages;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * The endpoints a run may reach, fixed outside the links file (see README, "Threat model"): with
 * {@code --pin-directory URL} ({@value #DIRECTORY_ENV}) and {@code --pin-graph URL} ({@value
 * #GRAPH_ENV}) set, a links file naming any other LDAP or Graph endpoint is refused (exit 65)
 * before anything connects or a credential is read, so whoever edits links.yaml in a pull request
 * cannot send the bind password or a Graph token to a host of their choosing.
 *
 * <p>URLs are compared by scheme, host (without case) and port (the scheme's default when none is
 * written); a Graph URL's path too ({@code /v1.0}), without a trailing slash.
 *
 * @param directory the pinned LDAP URL, or null
 * @param graph the pinned Graph URL, or null
 */
public record Pins(String directory, String graph) {
  public static final String DIRECTORY_ENV = "HARDMATCH_PIN_DIRECTORY";
  public static final String GRAPH_ENV = "HARDMATCH_PIN_GRAPH";

  public static final Pins NONE = new Pins(null, null);

  /** From the options, else the environment; each checked to be a URL (exit 64 otherwise). */
  public static Pins of(String directoryOption, String graphOption, Map<String, String> env) {
    String d = firstSet(directoryOption, env.get(DIRECTORY_ENV));
    String g = firstSet(graphOption, env.get(GRAPH_ENV));
    if (d != null) {
      requireScheme(
          key(d, "--pin-directory / " + DIRECTORY_ENV, HardmatchException.Code.USAGE),
          d,
          "--pin-directory / " + DIRECTORY_ENV,
          "ldap");
    }
    if (g != null) {
      requireScheme(
          key(g, "--pin-graph / " + GRAPH_ENV, HardmatchException.Code.USAGE),
          g,
          "--pin-graph / " + GRAPH_ENV,
          "http");
    }
    return new Pins(d, g);
  }

  /**
   * Refuses a links file naming other endpoints than the pinned ones.
   *
   * @throws HardmatchException {@code INVALID_INPUT} (exit 65)
   */
  public void check(LinksFile links) {
    String file = links.path() == null ? "links file" : links.path().toString();
    if (directory != null) {
      compare(file, "directory.url", links.directory().url(), directory, "--pin-directory");
    }
    if (graph != null) {
      compare(file, "tenant.graph", links.tenant().graph(), graph, "--pin-graph");
    }
  }

  private static void compare(
      String file, String field, String actual, String pinned, String option) {
    String a;
    try {
      a = key(actual, field, HardmatchException.Code.INVALID_INPUT);
    } catch (HardmatchException e) {
      a = null;
    }
    if (a == null || !a.equals(key(pinned, option, HardmatchException.Code.USAGE))) {
      throw new HardmatchException(
          HardmatchException.Code.INVALID_INPUT,
          Messages.clip(file)
              + ": "
              + field
              + " '"
              + Messages.clip(actual)
              + "' is not the pinned endpoint '"
              + Messages.clip(pinned)
              + "' ("
              + option
              + "); nothing was contacted and no credential was read",
          "point "
              + field
              + " at the pinned endpoint, or change the pin where it is set (a protected"
              + " pipeline variable), never from the links file's pull request");
    }
  }

  /** scheme://host:port/path, lower-cased where case does not matter; null-safe failure. */
  private static String key(String url, String what, HardmatchException.Code code) {
    try {
      URI u = new URI(url.strip());
      String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
      if (scheme == null || u.getHost() == null) {
        throw new URISyntaxException(url, "no scheme or host");
      }
      int port = u.getPort() != -1 ? u.getPort() : defaultPort(scheme);
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      if (scheme.startsWith("ldap")) {
        path = ""; // an LDAP URL's path is a base DN, compared by the directory gate
      }
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
    } catch (URISyntaxException | RuntimeException e) {
      throw new HardmatchException(
          code,
          what + " '" + Messages.clip(url) + "' is not a URL",
          "write it as e.g. ldaps://dc01.corp.example.com or https://graph.microsoft.com/v1.0");
    }
  }

  /** A directory pin is an ldap(s):// URL, a Graph pin an http(s):// one (exit 64 otherwise). */
  private static void requireScheme(String key, String url, String what, String family) {
    if (!key.startsWith(family + "://") && !key.startsWith(family + "s://")) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          what
              + " '"
              + Messages.clip(url)
              + "' is not an "
              + family
              + "s:// or "
              + family
              + ":// URL",
          family.equals("ldap")
              ? "pin the directory as e.g. ldaps://dc01.corp.example.com"
              : "pin Graph as e.g. https://graph.microsoft.com/v1.0");
    }
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "ldaps" -> 636;
      case "ldap" -> 389;
      case "http" -> 80;
      default -> 443;
    };
  }

  private static String firstSet(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
