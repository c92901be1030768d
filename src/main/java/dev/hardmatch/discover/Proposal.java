package dev.hardmatch.discover;

import java.util.List;

/**
 * One proposed link: AD account {@code sam} belongs to cloud account {@code upn}.
 *
 * @param adUpn the AD user's userPrincipalName (the links file needs {@code adUpn: match} when it
 *     differs from {@code upn})
 * @param alternatives other cloud accounts that match this AD user as well as {@code upn} does
 *     (only for an ambiguous proposal; then its confidence is low)
 * @param duplicate the sync-created duplicate holding the user's anchor, or null
 */
public record Proposal(
    String sam,
    String adUpn,
    String upn,
    String cloudId,
    Confidence confidence,
    List<Evidence> evidence,
    List<String> alternatives,
    Duplicate duplicate) {

  public Proposal {
    evidence = List.copyOf(evidence);
    alternatives = List.copyOf(alternatives);
  }

  /** Whether the AD UPN differs from the cloud UPN (ignoring case, as Entra does). */
  public boolean adUpnDiffers() {
    return adUpn != null && !adUpn.equalsIgnoreCase(upn);
  }

  /** A cloud user sync created for the AD user, holding its anchor. */
  public record Duplicate(String id, String userPrincipalName, boolean deleted) {}
}
