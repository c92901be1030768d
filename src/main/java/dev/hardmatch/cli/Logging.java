package dev.hardmatch.cli;

import java.util.Locale;
import java.util.Map;

/**
 * Turns on slf4j-simple's debug log (on stderr) for {@code --verbose} or {@value #ENV}={@code
 * debug|info|trace}; off otherwise, so nothing but the command's own output is printed. Only
 * hardmatch's loggers get the chosen level: the libraries under it (azure-identity, Kiota, OkHttp,
 * MSAL, JGit) stay at warn even then, so their request dumps never reach the log. What is logged
 * never includes a password, token or request body (see README, "Troubleshooting").
 *
 * <p>slf4j-simple reads its settings once, when the first logger is made; so this must run before
 * any command touches a library, and the first run of a JVM decides (tests run verbose in a
 * separate process).
 */
final class Logging {
  static final String ENV = "HARDMATCH_LOG";

  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Logging() {}

  /** The level for hardmatch's own loggers: debug with --verbose, else HARDMATCH_LOG, else off. */
  static String level(boolean verbose, Map<String, String> env) {
    String wanted = env.get(ENV);
    String level = wanted == null ? "" : wanted.strip().toLowerCase(Locale.ROOT);
    if (level.equals("trace") || level.equals("debug") || level.equals("info")) {
      return level;
    }
    return verbose ? "debug" : "off";
  }

  /** Configures slf4j-simple unless the JVM was started with its own settings. */
  static void configure(boolean verbose, Map<String, String> env) {
    String level = level(verbose, env);
    setIfAbsent("defaultLogLevel", level.equals("off") ? "off" : "warn");
    setIfAbsent("log.dev.hardmatch", level);
    setIfAbsent("logFile", "System.err");
    setIfAbsent("showThreadName", "false");
    setIfAbsent("showShortLogName", "true");
    setIfAbsent("showDateTime", "true");
    setIfAbsent("dateTimeFormat", "HH:mm:ss.SSS");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
