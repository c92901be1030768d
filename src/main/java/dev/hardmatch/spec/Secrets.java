package dev.hardmatch.spec;

import java.util.List;
import java.util.Locale;

/** Recognises keys that would hold a secret, so a links file never carries one. */
final class Secrets {
  private static final List<String> WORDS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "token",
          "apikey",
          "accesskey",
          "privatekey",
          "credential",
          "connectionstring",
          "certificatepassword",
          "sastoken",
          "bearer");

  private Secrets() {}

  /** True for password, clientSecret, api_key, ACCESS-TOKEN, pwd and the like. */
  static boolean looksSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (k.equals("pwd") || k.endsWith("pwd") || k.equals("pass")) {
      return true;
    }
    for (String w : WORDS) {
      if (k.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
