package dev.hardmatch.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one loopback rule. Plain {@code http://} to Graph, plain {@code ldap://} without StartTLS,
 * the sandbox's static token ({@code HARDMATCH_GRAPH_TOKEN}) and {@code --skip-git-check} are
 * allowed only against a loopback host, decided from the text of the host alone, never by asking
 * DNS (a name can resolve to anything):
 *
 * <ul>
 *   <li>loopback: {@code localhost} (any case, with or without one trailing dot), IPv4 literals in
 *       {@code 127.0.0.0/8} written as four decimal numbers, {@code ::1} in any spelling, and the
 *       IPv4-mapped IPv6 form of a 127/8 address ({@code ::ffff:127.0.0.1}), which the JVM connects
 *       to as that IPv4 address, so its traffic never leaves the machine either;
 *   <li>not loopback: every other name, including {@code 127.0.0.1.nip.io}-style names that merely
 *       start like a loopback address and {@code *.localhost} names (they depend on the resolver),
 *       {@code 0.0.0.0}, short or octal IPv4 forms such as {@code 127.1} or {@code 0177.0.0.1}
 *       (refused rather than guessed), and IPv6 addresses with a zone ({@code %eth0}).
 * </ul>
 */
public final class Loopback {
  /** Four decimal numbers 0–255 without leading zeros (so no octal reading can differ). */
  private static final Pattern IPV4 =
      Pattern.compile(
          "(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");

  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

  private Loopback() {}

  /**
   * Whether {@code host} (as it appears in a URL: IPv6 in brackets or not) is this machine's
   * loopback interface. Null or empty is not.
   */
  public static boolean isHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("localhost.")) {
      return true;
    }
    Matcher v4 = IPV4.matcher(h);
    if (v4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(v4.group(i)) > 255) {
          return false;
        }
      }
      return v4.group(1).equals("127");
    }
    if (!IPV6_LITERAL.matcher(h).matches()) {
      return false; // a name, or an address with a zone id: never resolved here
    }
    try {
      // In brackets, InetAddress parses the literal or throws; it never falls back to DNS.
      InetAddress address = InetAddress.getByName("[" + h + "]");
      return address.isLoopbackAddress()
          && (!(address instanceof Inet4Address) || h.startsWith("::ffff:"));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Whether the host of {@code url} is loopback ({@link #isHost}); false for null or no URL. */
  public static boolean isUrl(String url) {
    if (url == null) {
      return false;
    }
    try {
      return isHost(new URI(url).getHost());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
