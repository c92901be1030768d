package dev.hardmatch.discover;

import java.util.List;

/**
 * Matches that cannot be told apart: one AD user with several candidate cloud accounts ({@code sam}
 * set, candidates are UPNs), or one cloud account wanted by several AD users ({@code upn} set,
 * candidates are sAMAccountNames).
 */
public record Ambiguity(String sam, String upn, List<String> candidates, String reason) {
  public Ambiguity {
    candidates = List.copyOf(candidates);
  }

  static Ambiguity ofAdUser(String sam, List<String> upns, String reason) {
    return new Ambiguity(sam, null, upns, reason);
  }

  static Ambiguity ofCloudAccount(String upn, List<String> sams, String reason) {
    return new Ambiguity(null, upn, sams, reason);
  }
}
