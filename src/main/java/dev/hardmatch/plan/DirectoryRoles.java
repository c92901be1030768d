package dev.hardmatch.plan;

import java.util.Map;

/** Readable names for the built-in Entra role templates an administrator meets most. */
final class DirectoryRoles {
  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
          Map.entry("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
          Map.entry("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"),
          Map.entry("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
          Map.entry("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"),
          Map.entry("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"),
          Map.entry("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator"));

  private DirectoryRoles() {}

  /** "Global Administrator", or "role &lt;id&gt;" for one we have no name for. */
  static String name(String roleDefinitionId) {
    String n =
        roleDefinitionId == null
            ? null
            : NAMES.get(roleDefinitionId.toLowerCase(java.util.Locale.ROOT));
    return n != null ? n : "role " + roleDefinitionId;
  }
}
