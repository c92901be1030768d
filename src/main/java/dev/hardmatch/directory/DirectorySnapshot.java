package dev.hardmatch.directory;

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
}
