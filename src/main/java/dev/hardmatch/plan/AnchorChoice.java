package dev.hardmatch.plan;

import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.spec.LinksFile;

/**
 * Which attribute is an AD user's source anchor under {@code directory.sourceAnchor}
 * (docs/planning-rules.md): the one rule plan, apply's staleness gate and verify share, so they can
 * never disagree. {@code auto} takes mS-DS-ConsistencyGuid when set, else objectGUID; {@code
 * mS-DS-ConsistencyGuid} falls back to objectGUID when the attribute is empty, as Entra Connect
 * does (it writes objectGUID into it).
 *
 * @param attribute {@link #OBJECT_GUID} or {@link #CONSISTENCY_GUID}
 * @param raw the attribute's octets as LDAP returned them (may be null or of a wrong length)
 * @param consistencyGuidMissing mS-DS-ConsistencyGuid was asked for but is not set
 */
public record AnchorChoice(String attribute, byte[] raw, boolean consistencyGuidMissing) {
  public static final String OBJECT_GUID = "objectGUID";
  public static final String CONSISTENCY_GUID = "mS-DS-ConsistencyGuid";

  public static AnchorChoice of(AdUser ad, LinksFile.SourceAnchor mode) {
    boolean hasConsistency = ad.consistencyGuid() != null && ad.consistencyGuid().length > 0;
    if (mode != LinksFile.SourceAnchor.OBJECT_GUID && hasConsistency) {
      return new AnchorChoice(CONSISTENCY_GUID, ad.consistencyGuid(), false);
    }
    return new AnchorChoice(
        OBJECT_GUID, ad.objectGuid(), mode == LinksFile.SourceAnchor.CONSISTENCY_GUID);
  }

  /** Whether the chosen attribute holds the 16 octets an anchor has. */
  public boolean valid() {
    return raw != null && raw.length == 16;
  }

  /** The ImmutableId, or null when the chosen attribute is not a valid anchor. */
  public String immutableId() {
    return valid() ? Anchor.ofBytes(raw).immutableId() : null;
  }
}
