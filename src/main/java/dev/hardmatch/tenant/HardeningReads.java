package dev.hardmatch.tenant;

import static dev.hardmatch.tenant.GraphMapping.nonNull;
import static dev.hardmatch.tenant.GraphMapping.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.OnPremisesDirectorySynchronization;
import com.microsoft.graph.models.OnPremisesDirectorySynchronizationCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.hardmatch.tenant.BatchEngine.Step;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The reads Entra's 2026 hard-match hardening needs (README, "Planning rules"), one object per
 * snapshot, in two rounds of {@code $batch}es beside the planner's other reads:
 *
 * <ol>
 *   <li>with them: the takeover flag ({@code GET /directory/onPremisesSynchronization}; only a
 *       delegated Global Administrator may read it, so 403 means {@link
 *       HardMatchTakeover#UNKNOWN}), the role-assignable groups, and the users carrying the AD
 *       users' objectSids as {@code onPremisesSecurityIdentifier} (found by their sAMAccountNames,
 *       {@code in} filters of 15);
 *   <li>after them: the members of the role-assignable groups that hold a role, and the targets'
 *       {@code onPremisesObjectIdentifier}, which Graph serves under {@code /beta/users} only (by
 *       UPN, {@code in} filters of 15 in {@code /beta/$batch}es).
 * </ol>
 */
final class HardeningReads {
  private static final String[] GROUP_SELECT = {"id", "displayName"};
  private static final String[] MEMBER_SELECT = {"id"};
  private static final String[] OBJECT_ID_SELECT = {
    "id", "userPrincipalName", "onPremisesObjectIdentifier"
  };
  static final String OBJECT_IDENTIFIER = "onPremisesObjectIdentifier";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final GraphServiceClient sdk;
  private final BatchEngine batches;
  private final Supplier<GraphClient> beta;
  private final Supplier<BatchEngine> betaBatches;

  private Boolean takeoverBlocked;
  private final Map<String, String> roleAssignableGroups = new LinkedHashMap<>();
  private final Map<String, Map<String, CloudUser>> bySid = new HashMap<>();

  HardeningReads(
      GraphServiceClient sdk,
      BatchEngine batches,
      Supplier<GraphClient> beta,
      Supplier<BatchEngine> betaBatches) {
    this.sdk = sdk;
    this.batches = batches;
    this.beta = beta;
    this.betaBatches = betaBatches;
  }

  /** The steps that go with the planner's first round. */
  List<Step> firstRound(Map<String, String> sidsBySam) {
    List<Step> steps = new ArrayList<>();
    steps.add(
        new Step(
            "reading the hard-match takeover flag",
            sdk.directory().onPremisesSynchronization().toGetRequestInformation(),
            r -> {
              OnPremisesDirectorySynchronizationCollectionResponse page =
                  parse(
                      r.body(),
                      OnPremisesDirectorySynchronizationCollectionResponse
                          ::createFromDiscriminatorValue);
              for (OnPremisesDirectorySynchronization s : nonNull(page.getValue())) {
                if (s.getFeatures() != null) {
                  Boolean blocked =
                      s.getFeatures().getBlockCloudObjectTakeoverThroughHardMatchEnabled();
                  takeoverBlocked = Boolean.TRUE.equals(blocked);
                }
              }
              return null;
            },
            // Application permissions are not supported for this endpoint (Graph docs,
            // onpremisesdirectorysynchronization-get): 403 is "cannot know", not a failure.
            r -> r.status() == 403));
    steps.add(
        new Step(
            "listing role-assignable groups",
            sdk.groups()
                .toGetRequestInformation(
                    c -> {
                      c.queryParameters.filter = "isAssignableToRole eq true";
                      c.queryParameters.select = GROUP_SELECT;
                      c.queryParameters.top = 999;
                    }),
            r -> {
              GroupCollectionResponse page =
                  parse(r.body(), GroupCollectionResponse::createFromDiscriminatorValue);
              for (Group g : nonNull(page.getValue())) {
                roleAssignableGroups.put(g.getId(), g.getDisplayName());
              }
              return page.getOdataNextLink();
            }));
    // Graph filters onPremisesSecurityIdentifier with eq only (user resource page: "Supports
    // $filter (eq including on null values)"), one request per AD user; onPremisesSamAccountName,
    // which Entra Connect also writes, takes in (eq, ne, not, ge, le, in, startsWith; an advanced
    // query). So candidates are found by sAMAccountName, 15 per filter, and kept only when they
    // carry that AD user's objectSid.
    Set<String> wantedSids = new LinkedHashSet<>();
    Set<String> sams = new LinkedHashSet<>();
    sidsBySam.forEach(
        (sam, sid) -> {
          if (sid != null && !sid.isEmpty()) {
            wantedSids.add(sid);
            sams.add(sam);
          }
        });
    steps.addAll(
        GraphReads.usersBy(
            sdk,
            "onPremisesSamAccountName",
            sams,
            User::getOnPremisesSecurityIdentifier,
            wantedSids,
            bySid));
    return steps;
  }

  /**
   * The second round: members of the role-assignable groups among {@code rolePrincipals}, and the
   * beta-only onPremisesObjectIdentifier of {@code targets}.
   *
   * @return the role groups, and (through {@code targets}, by lower-cased UPN) the targets as read
   *     again with onPremisesObjectIdentifier
   */
  List<RoleGroup> secondRound(Set<String> rolePrincipals, Map<String, CloudUser> targets) {
    Map<String, List<String>> members = new LinkedHashMap<>();
    List<Step> steps = new ArrayList<>();
    for (Map.Entry<String, String> g : roleAssignableGroups.entrySet()) {
      if (!rolePrincipals.contains(g.getKey())) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      members.put(g.getKey(), ids);
      steps.add(
          new Step(
              "listing the members of role-assignable group " + g.getValue(),
              sdk.groups()
                  .byGroupId(g.getKey())
                  .members()
                  .toGetRequestInformation(
                      c -> {
                        c.queryParameters.select = MEMBER_SELECT;
                        c.queryParameters.top = 999;
                      }),
              r -> {
                DirectoryObjectCollectionResponse page =
                    parse(
                        r.body(), DirectoryObjectCollectionResponse::createFromDiscriminatorValue);
                for (DirectoryObject o : nonNull(page.getValue())) {
                  ids.add(o.getId());
                }
                return page.getOdataNextLink();
              }));
    }
    if (!steps.isEmpty()) {
      batches.run(steps, null);
    }
    readObjectIdentifiers(targets);
    List<RoleGroup> groups = new ArrayList<>();
    members.forEach(
        (id, ids) -> groups.add(new RoleGroup(id, roleAssignableGroups.get(id), List.copyOf(ids))));
    return List.copyOf(groups);
  }

  /** Replaces each not-synced target in {@code targets} by itself with its object identifier. */
  private void readObjectIdentifiers(Map<String, CloudUser> targets) {
    List<String> upns = new ArrayList<>();
    for (CloudUser t : targets.values()) {
      if (!t.synced()) {
        upns.add(t.userPrincipalName());
      }
    }
    if (upns.isEmpty()) {
      return;
    }
    GraphServiceClient betaSdk = beta.get().sdk();
    Map<String, String> found = new HashMap<>();
    List<Step> steps = new ArrayList<>();
    for (List<String> chunk : OData.chunks(upns, OData.MAX_IN_VALUES)) {
      String filter = OData.in("userPrincipalName", chunk);
      steps.add(
          new Step(
              "reading onPremisesObjectIdentifier (beta)",
              betaSdk
                  .users()
                  .toGetRequestInformation(
                      c -> {
                        c.queryParameters.filter = filter;
                        c.queryParameters.select = OBJECT_ID_SELECT;
                        c.queryParameters.top = 999;
                      }),
              r -> {
                // The v1.0 SDK model has no onPremisesObjectIdentifier: read the JSON itself.
                JsonNode page = json(r.body());
                for (JsonNode u : page.path("value")) {
                  JsonNode upn = u.path("userPrincipalName");
                  JsonNode value = u.path(OBJECT_IDENTIFIER);
                  if (upn.isTextual() && value.isTextual()) {
                    found.put(upn.asText().toLowerCase(Locale.ROOT), value.asText());
                  }
                }
                JsonNode next = page.path("@odata.nextLink");
                return next.isTextual() ? next.asText() : null;
              }));
    }
    // Graph serves JSON batching under beta as under v1.0
    // (https://learn.microsoft.com/graph/json-batching), so 20 of these go in one request.
    betaBatches.get().run(steps, null);
    found.forEach(
        (upn, value) -> {
          CloudUser t = targets.get(upn);
          if (t != null) {
            targets.put(upn, t.withOnPremisesObjectIdentifier(value));
          }
        });
  }

  private static JsonNode json(byte[] body) {
    try {
      return body == null ? MAPPER.createObjectNode() : MAPPER.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("Graph returned a body that is not JSON", e);
    }
  }

  /** The takeover window as read: UNKNOWN when the credential could not read it. */
  HardMatchTakeover takeover() {
    return HardMatchTakeover.ofBlockFlag(takeoverBlocked);
  }

  /** Active users per requested objectSid. */
  Map<String, List<CloudUser>> usersBySid() {
    Map<String, List<CloudUser>> out = new HashMap<>();
    bySid.forEach((sid, byId) -> out.put(sid, List.copyOf(byId.values())));
    return out;
  }
}
