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
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import dev.hardmatch.tenant.BatchEngine.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
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
 *       users' objectSids as {@code onPremisesSecurityIdentifier} ({@code in} filters of 15);
 *   <li>after them: the members of the role-assignable groups that hold a role, and the targets'
 *       {@code onPremisesObjectIdentifier}, which Graph serves under {@code /beta/users} only (by
 *       UPN, {@code in} filters of 15).
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

  private Boolean takeoverBlocked;
  private final Map<String, String> roleAssignableGroups = new LinkedHashMap<>();
  private final Map<String, Map<String, CloudUser>> bySid = new HashMap<>();

  HardeningReads(GraphServiceClient sdk, BatchEngine batches, Supplier<GraphClient> beta) {
    this.sdk = sdk;
    this.batches = batches;
    this.beta = beta;
  }

  /** The steps that go with the planner's first round. */
  List<Step> firstRound(Collection<String> sids) {
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
    Set<String> wanted = new LinkedHashSet<>();
    for (String sid : sids) {
      if (sid != null && !sid.isEmpty()) {
        wanted.add(sid);
      }
    }
    steps.addAll(
        GraphReads.usersByValue(
            sdk,
            "onPremisesSecurityIdentifier",
            wanted,
            User::getOnPremisesSecurityIdentifier,
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
    sendOneByOne(beta.get(), steps);
    found.forEach(
        (upn, value) -> {
          CloudUser t = targets.get(upn);
          if (t != null) {
            targets.put(upn, t.withOnPremisesObjectIdentifier(value));
          }
        });
  }

  /**
   * Sends beta steps as plain requests, following next pages. Graph also serves {@code
   * /beta/$batch}, which would pack 20 of them per request; the tenant emulator does not serve it
   * yet, so until it does these go one by one (one request per 15 targets not yet synced).
   */
  private static void sendOneByOne(GraphClient client, List<Step> steps) {
    HashMap<String, ParsableFactory<? extends Parsable>> errors = new HashMap<>();
    errors.put("XXX", ODataError::createFromDiscriminatorValue);
    for (Step step : steps) {
      RequestInformation request = step.request;
      while (request != null) {
        RequestInformation current = request;
        byte[] body =
            client.call(
                step.what,
                () -> {
                  try (InputStream in =
                      client.adapter().sendPrimitive(current, errors, InputStream.class)) {
                    return in == null ? null : in.readAllBytes();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
        String next = step.onSuccess.apply(new BatchEngine.StepResult(200, body, null, null));
        request = next == null ? null : step.follow(next).request;
      }
    }
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
