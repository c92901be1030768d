package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hardmatch.tenant.HardMatchTakeover;
import java.util.List;

/**
 * The plan document (docs/plan-format.md). {@code digest} covers everything but {@code digest},
 * {@code createdAt} and {@code toolVersion}; see {@link PlanFile}.
 */
@JsonPropertyOrder({
  "formatVersion",
  "digest",
  "createdAt",
  "toolVersion",
  "source",
  "tenant",
  "directory",
  "summary",
  "links"
})
public record Plan(
    String formatVersion,
    String digest,
    String createdAt,
    String toolVersion,
    Source source,
    TenantRef tenant,
    DirectoryRef directory,
    Summary summary,
    List<LinkPlan> links) {

  public static final String FORMAT_VERSION = "2";

  /** The links file planned from: its path relative to the repository root and its SHA-256. */
  @JsonPropertyOrder({"path", "sha256"})
  public record Source(String path, String sha256) {}

  /**
   * The tenant planned against: its id (apply refuses any other), its name, for reviewers, and its
   * hard-match takeover window as plan saw it (absent in plans made before it was read, so their
   * digests stay valid).
   */
  @JsonPropertyOrder({"id", "displayName", "hardMatchTakeover"})
  public record TenantRef(
      String id,
      String displayName,
      @JsonInclude(JsonInclude.Include.NON_NULL) HardMatchTakeover hardMatchTakeover) {

    public TenantRef(String id, String displayName) {
      this(id, displayName, null);
    }
  }

  @JsonPropertyOrder({"url", "baseDn"})
  public record DirectoryRef(String url, String baseDn) {}

  @JsonPropertyOrder({"deleteUser", "purgeDeletedUser", "setImmutableId", "setAdUpn", "unchanged"})
  public record Summary(
      int deleteUser, int purgeDeletedUser, int setImmutableId, int setAdUpn, int unchanged) {

    public static Summary of(List<LinkPlan> links) {
      int d = 0;
      int p = 0;
      int s = 0;
      int u = 0;
      int unchanged = 0;
      for (LinkPlan l : links) {
        if (l.actions().isEmpty()) {
          unchanged++;
        }
        for (Action a : l.actions()) {
          switch (a.type()) {
            case "deleteUser" -> d++;
            case "purgeDeletedUser" -> p++;
            case "setImmutableId" -> s++;
            case "setAdUpn" -> u++;
            default -> throw new IllegalStateException(a.type());
          }
        }
      }
      return new Summary(d, p, s, u, unchanged);
    }
  }

  public Plan withDigest(String newDigest) {
    return new Plan(
        formatVersion,
        newDigest,
        createdAt,
        toolVersion,
        source,
        tenant,
        directory,
        summary,
        links);
  }

  /**
   * The same plan recording another source path, e.g. the links file relative to the repository
   * root rather than as given on the command line (the digest must be computed afterwards).
   */
  public Plan withSource(Source newSource) {
    return new Plan(
        formatVersion,
        digest,
        createdAt,
        toolVersion,
        newSource,
        tenant,
        directory,
        summary,
        links);
  }

  /** Whether applying it would change anything. */
  public boolean hasChanges() {
    return links.stream().anyMatch(l -> !l.actions().isEmpty());
  }

  public Plan withCreatedAt(String newCreatedAt, String newToolVersion) {
    return new Plan(
        formatVersion,
        digest,
        newCreatedAt,
        newToolVersion,
        source,
        tenant,
        directory,
        summary,
        links);
  }
}
