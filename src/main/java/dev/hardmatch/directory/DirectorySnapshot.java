package dev.hardmatch.directory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the planner knows of AD: for each requested sAMAccountName (key lower-cased), every user
 * found with it (none, one, or more than one).
 */
public record DirectorySnapshot(String url, String baseDn, Map<String, List<AdUser>> usersBySam) {

  public List<AdUser> find(String sam) {
    return usersBySam.getOrDefault(sam.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * Each AD user's sAMAccountName → objectSid (as SDDL), for finding the users Entra Connect
   * created from them; users without an objectSid are left out.
   */
  public Map<String, String> sidsBySam() {
    Map<String, String> sids = new LinkedHashMap<>();
    for (List<AdUser> users : usersBySam.values()) {
      for (AdUser u : users) {
        if (u.sid() != null) {
          sids.putIfAbsent(u.samAccountName(), u.sid());
        }
      }
    }
    return sids;
  }
}
