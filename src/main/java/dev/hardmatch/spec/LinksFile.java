package dev.hardmatch.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A parsed and validated links.yaml (docs/links-file.md): the desired state. Built only by {@link
 * LinksLoader}, so every instance is schema- and semantically valid.
 *
 * @param path the file as given on the command line
 * @param sha256 hex SHA-256 of the file's text ({@code util.TextHash}; recorded in the plan's
 *     {@code source})
 */
public record LinksFile(
    Path path,
    String sha256,
    int version,
    TenantSpec tenant,
    DirectorySpec directory,
    Policy policy,
    List<Link> links,
    SyncHook sync) {

  /** A links file without sync hooks. */
  public LinksFile(
      Path path,
      String sha256,
      int version,
      TenantSpec tenant,
      DirectorySpec directory,
      Policy policy,
      List<Link> links) {
    this(path, sha256, version, tenant, directory, policy, links, SyncHook.NONE);
  }

  /**
   * Commands apply runs around its writes (README "Sync hooks"): argv arrays, run without a shell.
   * Each list is empty when not set.
   */
  public record SyncHook(
      List<String> pause, List<String> resume, List<String> trigger, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final SyncHook NONE = new SyncHook(List.of(), List.of(), List.of(), null);

    public SyncHook {
      pause = List.copyOf(pause);
      resume = List.copyOf(resume);
      trigger = List.copyOf(trigger);
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }
  }

  /** Where the tenant is and which one it must be. {@code graph} ends in {@code /v1.0}. */
  public record TenantSpec(String id, String graph) {
    public static final String DEFAULT_GRAPH = "https://graph.microsoft.com/v1.0";
  }

  /**
   * How to reach AD. {@code caFile} is already resolved against the links file's folder (null: the
   * system trust store).
   */
  public record DirectorySpec(
      String url,
      boolean startTls,
      Path caFile,
      String baseDn,
      Bind bind,
      SourceAnchor sourceAnchor) {}

  /** The bind account; the password is never in the file, only where to find it. */
  public record Bind(String user, String passwordEnv, Path passwordFile) {}

  /** Which attribute is the source anchor. */
  public enum SourceAnchor {
    AUTO("auto"),
    OBJECT_GUID("objectGUID"),
    CONSISTENCY_GUID("mS-DS-ConsistencyGuid");

    private final String yaml;

    SourceAnchor(String yaml) {
      this.yaml = yaml;
    }

    public String yaml() {
      return yaml;
    }
  }

  /** Destructive steps are opt-in and bounded. */
  public record Policy(
      boolean deleteDuplicates,
      boolean purgeDeleted,
      int maxDeletes,
      boolean allowLicensedDeletes,
      List<String> protectedUpns) {
    public static final int DEFAULT_MAX_DELETES = 10;

    public static Policy defaults() {
      return new Policy(false, false, DEFAULT_MAX_DELETES, false, List.of());
    }
  }

  /** What to do when the AD userPrincipalName differs from the cloud UPN. */
  public enum AdUpnMode {
    MATCH,
    KEEP
  }

  /**
   * One link: AD account {@code sam} belongs to cloud account {@code upn}.
   *
   * @param adUpn null when unset
   * @param replaceAnchor the ImmutableId the target currently holds that may be replaced, or null
   * @param line the 1-based line of the entry in the file, for messages
   */
  public record Link(String sam, String upn, AdUpnMode adUpn, String replaceAnchor, int line) {}
}
