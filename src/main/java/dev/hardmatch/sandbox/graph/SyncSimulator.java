package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.LDAPInterface;
import dev.hardmatch.HardmatchException.Code;
import dev.hardmatch.sandbox.graph.AdReader.AdUser;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Simulates one Entra Connect delta sync from an AD (any {@link LDAPInterface}, e.g. the embedded
 * AD) into a {@link TenantState}, the way Connect matches (docs/sandbox.md):
 *
 * <ol>
 *   <li>anchor = mS-DS-ConsistencyGuid when set, else objectGUID (Base64 of the raw octets); an
 *       empty mS-DS-ConsistencyGuid gets the objectGUID written into it, as Connect does;
 *   <li>a user already synced with that anchor is kept in step with AD;
 *   <li>hard match: an active cloud user holding the anchor is taken over (sync flag set,
 *       attributes overwritten from AD, on-premises traces written) unless Entra's 2026 rules
 *       refuse it ({@link HardMatchRules}: the takeover flag, onPremisesObjectIdentifier set, a
 *       privileged role direct, through a group or eligible, a previously synced user of another AD
 *       object; then the sync reports the refusal with Entra's error code and changes nothing); a
 *       recycle-bin user holding it is restored and taken over, under the same rules;
 *   <li>soft match (unless {@code blockSoftMatchEnabled}): a cloud-only user without anchor, role
 *       or onPremisesObjectIdentifier whose UPN or primary SMTP equals the AD user's is taken over;
 *   <li>otherwise a new synced user is provisioned (a duplicate, when the cloud account existed),
 *       with the AD UPN or, when that is taken, {@code <prefix><4 digits>@<initial domain>}.
 * </ol>
 *
 * An AD UPN in a domain the tenant has not verified becomes {@code <prefix>@<initial domain>}. A
 * second run with nothing changed changes nothing. Deletions (AD objects leaving the sync scope)
 * are not simulated.
 *
 * <p>Sources: hard and soft match, and that Entra refuses to match a cloud user holding an
 * administrative role,
 * https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-install-existing-tenant;
 * the 4-digit UPN suffix for a taken UPN,
 * https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-syncservice-duplicate-attribute-resiliency;
 * the anchor, {@link AdReader}. Every lookup is an index lookup in {@link TenantState}, so a cycle
 * is linear in the organisation's size.
 */
public final class SyncSimulator {
  private final AdReader reader;

  public SyncSimulator(LDAPInterface directory, String baseDn) {
    this.reader = new AdReader(directory, baseDn);
  }

  /** Runs one delta sync. LDAP failures are {@link Code#LDAP}. */
  public synchronized SyncResult run(TenantState state) {
    Collector out = new Collector();
    List<AdUser> adUsers = reader.read(out.guids, out.errors);
    synchronized (state) {
      for (AdUser ad : adUsers) {
        sync(state, ad, out);
      }
    }
    return new SyncResult(
        adUsers.size(),
        out.guids,
        out.hard,
        out.restored,
        out.soft,
        out.created,
        out.updated,
        out.errors,
        out.blocked);
  }

  private static final class Collector {
    final List<SyncResult.Entry> guids = new ArrayList<>();
    final List<SyncResult.Entry> hard = new ArrayList<>();
    final List<SyncResult.Entry> restored = new ArrayList<>();
    final List<SyncResult.Entry> soft = new ArrayList<>();
    final List<SyncResult.Entry> created = new ArrayList<>();
    final List<SyncResult.Entry> updated = new ArrayList<>();
    final List<SyncResult.Entry> errors = new ArrayList<>();
    final List<SyncResult.Blocked> blocked = new ArrayList<>();

    void block(AdUser ad, JsonNode user, HardMatchRules.Refusal refusal) {
      errors.add(entry(ad, user, refusal.detail()));
      blocked.add(
          new SyncResult.Blocked(
              ad.sam(),
              user.path("id").asText(null),
              user.path("userPrincipalName").asText(null),
              refusal.code(),
              refusal.errorNumber(),
              refusal.detail()));
    }
  }

  private void sync(TenantState state, AdUser ad, Collector out) {
    String immutableId = ad.anchor().immutableId();
    // Index lookups only: one cycle stays linear in the organisation's size.
    Optional<ObjectNode> holder =
        state.usersWhere("onPremisesImmutableId", List.of(immutableId)).stream().findFirst();
    if (holder.isPresent()) {
      ObjectNode user = holder.get();
      boolean synced = user.path("onPremisesSyncEnabled").asBoolean(false);
      HardMatchRules.Refusal refusal = synced ? null : HardMatchRules.refusal(state, ad, user);
      if (refusal != null) {
        out.block(ad, user, refusal);
        return;
      }
      if (takeOver(state, ad, user, out)) {
        (synced ? out.updated : out.hard)
            .add(
                entry(
                    ad, user, synced ? "attributes updated from AD" : "hard match on the anchor"));
      }
      return;
    }
    // No active user holds the anchor, so its holder, if any, is in the recycle bin.
    Optional<ObjectNode> deleted = state.anchorHolder(immutableId, null);
    if (deleted.isPresent()) {
      String id = deleted.get().path("id").asText();
      HardMatchRules.Refusal refusal = HardMatchRules.refusal(state, ad, deleted.get());
      if (refusal != null) {
        out.block(ad, deleted.get(), refusal);
        return;
      }
      if (state.user(deleted.get().path("userPrincipalName").asText()).isPresent()) {
        out.errors.add(
            entry(
                ad,
                deleted.get(),
                "cannot restore the recycle-bin holder of the anchor: its UPN is taken"));
        return;
      }
      ObjectNode user = state.restoreDeletedUser(id).orElseThrow();
      takeOver(state, ad, user, out);
      out.restored.add(entry(ad, user, "restored from the recycle bin and taken over"));
      return;
    }
    String upn = cloudUpn(state, ad);
    String smtp = ad.primarySmtp();
    String blockedByRole = null;
    // blockSoftMatchEnabled: Entra never soft-matches; the AD user gets a new cloud user.
    List<ObjectNode> candidates =
        state.syncFeature("blockSoftMatchEnabled")
            ? List.of()
            : state.usersWithUpnOrSmtp(upn, smtp);
    for (ObjectNode candidate : candidates) {
      boolean cloudOnly =
          !candidate.path("onPremisesSyncEnabled").asBoolean(false)
              && candidate.path("onPremisesImmutableId").asText("").isEmpty();
      boolean sameUpn = candidate.path("userPrincipalName").asText().equalsIgnoreCase(upn);
      String candidateSmtp = UserIndex.primarySmtp(candidate);
      boolean sameSmtp =
          smtp != null && candidateSmtp != null && candidateSmtp.equalsIgnoreCase(smtp);
      if (!cloudOnly || !(sameUpn || sameSmtp)) {
        continue;
      }
      if (state.hasDirectoryRole(candidate.path("id").asText())
          || HardMatchRules.objectIdentifierBlocks(ad, candidate)) {
        blockedByRole = candidate.path("userPrincipalName").asText();
        continue;
      }
      takeOver(state, ad, candidate, out);
      out.soft.add(
          entry(
              ad, candidate, "soft match on " + (sameUpn ? "userPrincipalName" : "primary SMTP")));
      return;
    }
    create(state, ad, upn, blockedByRole, out);
  }

  /** Sets anchor, sync flag and AD's attributes; returns whether anything changed. */
  private boolean takeOver(TenantState state, AdUser ad, ObjectNode user, Collector out) {
    ObjectNode before = user.deepCopy();
    String id = user.path("id").asText();
    user.put("onPremisesImmutableId", ad.anchor().immutableId());
    user.put("onPremisesSyncEnabled", true);
    if (ad.sam() != null) {
      user.put("onPremisesSamAccountName", ad.sam());
    }
    onPremisesIdentity(user, ad);
    if (ad.upn() != null) {
      String upn = cloudUpn(state, ad);
      Optional<ObjectNode> other =
          state.user(upn).filter(o -> !o.path("id").asText().equalsIgnoreCase(id));
      if (other.isPresent()) {
        out.errors.add(
            entry(
                ad,
                user,
                "userPrincipalName "
                    + upn
                    + " is held by "
                    + other.get().path("id").asText()
                    + " (AttributeValueMustBeUnique); the UPN was not changed"));
      } else {
        user.put("userPrincipalName", upn);
      }
    }
    copyIfSet(user, "displayName", ad.displayName());
    copyIfSet(user, "givenName", ad.givenName());
    copyIfSet(user, "surname", ad.surname());
    copyIfSet(user, "mail", ad.mail());
    if (!ad.proxyAddresses().isEmpty()) {
      ArrayNode proxies = user.putArray("proxyAddresses");
      ad.proxyAddresses().forEach(proxies::add);
    }
    if (ad.enabled() != null) {
      user.put("accountEnabled", ad.enabled());
    }
    if (before.equals(user)) {
      return false;
    }
    user.put("onPremisesLastSyncDateTime", now());
    state.putUser(user);
    return true;
  }

  private void create(
      TenantState state, AdUser ad, String upn, String blockedByRole, Collector out) {
    String domain = state.initialDomain();
    String finalUpn = upn;
    if (state.user(upn).isPresent()) {
      String prefix = upn.substring(0, upn.indexOf('@'));
      // Deterministic digits: the same AD user always gets the same suggestion.
      int digits = Math.floorMod(ad.anchor().immutableId().hashCode(), 10_000);
      do {
        finalUpn = prefix + String.format(Locale.ROOT, "%04d", digits) + "@" + domain;
        digits = (digits + 1) % 10_000;
      } while (state.user(finalUpn).isPresent());
    }
    ObjectNode user = JsonNodeFactory.instance.objectNode();
    user.put("id", UUID.randomUUID().toString());
    user.put("userPrincipalName", finalUpn);
    user.put("displayName", ad.displayName() != null ? ad.displayName() : ad.sam());
    copyIfSet(user, "givenName", ad.givenName());
    copyIfSet(user, "surname", ad.surname());
    copyIfSet(user, "mail", ad.mail());
    ArrayNode proxies = user.putArray("proxyAddresses");
    ad.proxyAddresses().forEach(proxies::add);
    user.put("accountEnabled", ad.enabled() == null || ad.enabled());
    user.put("onPremisesImmutableId", ad.anchor().immutableId());
    user.put("onPremisesSyncEnabled", true);
    if (ad.sam() != null) {
      user.put("onPremisesSamAccountName", ad.sam());
    }
    onPremisesIdentity(user, ad);
    user.put("onPremisesLastSyncDateTime", now());
    user.putArray("assignedLicenses");
    state.putUser(user);
    String detail =
        finalUpn.equals(upn)
            ? "new synced user"
            : "new synced user; " + upn + " is taken, so it got " + finalUpn;
    if (blockedByRole != null) {
      detail +=
          " (no soft match with "
              + blockedByRole
              + ": it holds a directory role or its onPremisesObjectIdentifier is set)";
    }
    out.created.add(entry(ad, user, detail));
  }

  /** The UPN Entra gives an AD UPN: unverified domains fall back to the initial domain. */
  private static String cloudUpn(TenantState state, AdUser ad) {
    String upn = ad.upn();
    if (upn == null || upn.indexOf('@') <= 0) {
      return (ad.sam() == null ? "user" : ad.sam()) + "@" + state.initialDomain();
    }
    int at = upn.lastIndexOf('@');
    String domain = upn.substring(at + 1);
    return state.verifiesDomain(domain) ? upn : upn.substring(0, at) + "@" + state.initialDomain();
  }

  /**
   * What sync writes besides the anchor on every user it creates or takes over: the objectSid as
   * onPremisesSecurityIdentifier, the DN, the objectGUID as the beta-only
   * onPremisesObjectIdentifier (the evidence of which AD object a cloud user came from) and
   * employeeID as employeeId (Graph's user resource,
   * https://learn.microsoft.com/graph/api/resources/user: "the on-premises security identifier
   * (SID) for the user that was synchronized from on-premises to the cloud").
   */
  private static void onPremisesIdentity(ObjectNode user, AdUser ad) {
    copyIfSet(user, "onPremisesSecurityIdentifier", ad.sid());
    copyIfSet(user, "onPremisesDistinguishedName", ad.dn());
    copyIfSet(user, "onPremisesObjectIdentifier", ad.objectGuid());
    copyIfSet(user, "employeeId", ad.employeeId());
  }

  private static void copyIfSet(ObjectNode user, String property, String value) {
    if (value != null && !value.isEmpty()) {
      user.put(property, value);
    }
  }

  private static SyncResult.Entry entry(AdUser ad, JsonNode user, String detail) {
    return new SyncResult.Entry(
        ad.sam(),
        user.path("id").asText(null),
        user.path("userPrincipalName").asText(null),
        detail);
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
