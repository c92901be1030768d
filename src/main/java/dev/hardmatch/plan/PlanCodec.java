package dev.hardmatch.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.tenant.HardMatchTakeover;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Plan format 2 (docs/plan-format.md): the plan model to and from its compact JSON tree.
 *
 * <p>One rule makes it compact and canonical at once: a field is written only when it differs from
 * the default its context gives it (an action's {@code expect.objectId} is the action's object, a
 * purge right after the delete of the same object repeats nothing of it, {@code setImmutableId.to}
 * is the link's anchor, empty lists and {@code false} are left out). Reading fills the defaults
 * back in, so {@code decode(encode(p))} equals {@code p} and the canonical form of what was read is
 * what the digest covers. Facts the model derives ({@code status}, {@code summary}, the anchor's
 * GUID form) are not written at all.
 */
final class PlanCodec {
  static final String OBJECT_GUID = "objectGUID";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PlanCodec() {}

  // ---- encoding --------------------------------------------------------------------------

  /** The header fields (everything but {@code links}), in canonical order. */
  static ObjectNode header(Plan plan) {
    ObjectNode o = F.objectNode();
    o.put("format", Integer.parseInt(Plan.FORMAT_VERSION));
    putIf(o, "digest", plan.digest());
    putIf(o, "createdAt", plan.createdAt());
    putIf(o, "toolVersion", plan.toolVersion());
    ObjectNode source = o.putObject("source");
    source.put("path", plan.source().path());
    source.put("sha256", plan.source().sha256());
    ObjectNode tenant = o.putObject("tenant");
    tenant.put("id", plan.tenant().id());
    putIf(tenant, "displayName", plan.tenant().displayName());
    if (plan.tenant().hardMatchTakeover() != null) {
      tenant.put("hardMatchTakeover", plan.tenant().hardMatchTakeover().value());
    }
    ObjectNode directory = o.putObject("directory");
    directory.put("url", plan.directory().url());
    directory.put("baseDn", plan.directory().baseDn());
    return o;
  }

  static ObjectNode link(LinkPlan l) {
    ObjectNode o = F.objectNode();
    o.put("sam", l.sam());
    o.put("upn", l.upn());
    o.put("anchor", l.anchor().immutableId());
    if (!OBJECT_GUID.equals(l.anchor().attribute())) {
      o.put("anchorFrom", l.anchor().attribute());
    }
    if (l.synced()) {
      o.put("synced", true);
    }
    if (!l.actions().isEmpty()) {
      ArrayNode actions = o.putArray("actions");
      Action previous = null;
      for (Action a : l.actions()) {
        actions.add(action(a, previous, l));
        previous = a;
      }
    }
    putList(o, "warnings", l.warnings());
    putList(o, "syncImpact", l.syncImpact());
    return o;
  }

  private static ObjectNode action(Action a, Action previous, LinkPlan l) {
    ObjectNode o = F.objectNode();
    o.put("op", a.type());
    switch (a.type()) {
      case "deleteUser" -> {
        DeleteUser d = (DeleteUser) a;
        o.put("id", d.objectId());
        putNullable(o, "upn", d.userPrincipalName(), null);
        Expect base = defaultExpect(d.objectId(), d.userPrincipalName(), anchor(l));
        expect(o, d.expect(), base, base);
      }
      case "purgeDeletedUser" -> {
        PurgeDeletedUser p = (PurgeDeletedUser) a;
        DeleteUser d = previous instanceof DeleteUser del ? del : null;
        putNullable(o, "id", p.objectId(), d == null ? null : d.objectId());
        putNullable(o, "upn", p.userPrincipalName(), d == null ? null : d.userPrincipalName());
        Expect base = defaultExpect(p.objectId(), p.userPrincipalName(), anchor(l));
        expect(o, p.expect(), d == null ? base : d.expect(), base);
      }
      case "setImmutableId" -> {
        SetImmutableId s = (SetImmutableId) a;
        o.put("id", s.objectId());
        putNullable(o, "upn", s.userPrincipalName(), l.upn());
        putNullable(o, "from", s.from(), null);
        putNullable(o, "to", s.to(), anchor(l));
        Expect base = defaultExpect(s.objectId(), s.userPrincipalName(), s.from());
        expect(o, s.expect(), base, base);
      }
      case "setAdUpn" -> {
        SetAdUpn u = (SetAdUpn) a;
        o.put("dn", u.dn());
        putNullable(o, "from", u.from(), null);
        putNullable(o, "to", u.to(), l.upn());
      }
      default -> throw new IllegalStateException("unknown action " + a.type());
    }
    return o;
  }

  /**
   * Writes {@code e} unless it is {@code whole} (the default object, possibly null); its fields are
   * written relative to {@code base}.
   */
  private static void expect(ObjectNode parent, Expect e, Expect whole, Expect base) {
    if (Objects.equals(e, whole)) {
      return;
    }
    if (e == null) {
      parent.putNull("expect");
      return;
    }
    Expect dflt = base;
    ObjectNode o = parent.putObject("expect");
    putNullable(o, "id", e.objectId(), dflt.objectId());
    putNullable(o, "upn", e.userPrincipalName(), dflt.userPrincipalName());
    putNullable(o, "immutableId", e.onPremisesImmutableId(), dflt.onPremisesImmutableId());
    if (e.onPremisesSyncEnabled() != null) {
      o.put("syncEnabled", e.onPremisesSyncEnabled());
    }
    if (e.assignedLicenses() == null) {
      o.putNull("licenses");
    } else {
      putList(o, "licenses", e.assignedLicenses());
    }
    if (e.deleted()) {
      o.put("deleted", true);
    }
  }

  // ---- decoding (of a tree the schema has accepted) ----------------------------------------

  static Plan decode(JsonNode root) {
    JsonNode src = root.get("source");
    JsonNode ten = root.get("tenant");
    JsonNode dir = root.get("directory");
    List<LinkPlan> links = new ArrayList<>();
    for (JsonNode l : root.get("links")) {
      links.add(decodeLink(l));
    }
    return new Plan(
        Plan.FORMAT_VERSION,
        text(root, "digest", null),
        text(root, "createdAt", null),
        text(root, "toolVersion", null),
        new Plan.Source(src.get("path").asText(), src.get("sha256").asText()),
        new Plan.TenantRef(ten.get("id").asText(), text(ten, "displayName", null), takeover(ten)),
        new Plan.DirectoryRef(dir.get("url").asText(), dir.get("baseDn").asText()),
        Plan.Summary.of(links),
        List.copyOf(links));
  }

  private static LinkPlan decodeLink(JsonNode n) {
    String immutableId = n.get("anchor").asText();
    String attribute = text(n, "anchorFrom", OBJECT_GUID);
    LinkPlan.AnchorRef anchor =
        new LinkPlan.AnchorRef(attribute, Anchor.fromImmutableId(immutableId).guid(), immutableId);
    String upn = n.get("upn").asText();
    List<Action> actions = new ArrayList<>();
    Action previous = null;
    for (JsonNode a : n.path("actions")) {
      Action action = decodeAction(a, previous, upn, immutableId);
      actions.add(action);
      previous = action;
    }
    return new LinkPlan(
        n.get("sam").asText(),
        upn,
        actions.isEmpty() ? LinkPlan.UNCHANGED : LinkPlan.CHANGE,
        anchor,
        n.path("synced").asBoolean(false),
        List.copyOf(actions),
        strings(n.get("warnings")),
        strings(n.get("syncImpact")));
  }

  private static Action decodeAction(JsonNode a, Action previous, String linkUpn, String anchor) {
    switch (a.get("op").asText()) {
      case "deleteUser" -> {
        String id = a.get("id").asText();
        String upn = text(a, "upn", null);
        Expect base = defaultExpect(id, upn, anchor);
        return new DeleteUser(id, upn, decodeExpect(a, base, base));
      }
      case "purgeDeletedUser" -> {
        DeleteUser d = previous instanceof DeleteUser del ? del : null;
        String id = text(a, "id", d == null ? null : d.objectId());
        String upn = text(a, "upn", d == null ? null : d.userPrincipalName());
        Expect base = defaultExpect(id, upn, anchor);
        return new PurgeDeletedUser(id, upn, decodeExpect(a, d == null ? base : d.expect(), base));
      }
      case "setImmutableId" -> {
        String id = a.get("id").asText();
        String upn = text(a, "upn", linkUpn);
        String from = text(a, "from", null);
        String to = text(a, "to", anchor);
        Expect base = defaultExpect(id, upn, from);
        return new SetImmutableId(id, upn, from, to, decodeExpect(a, base, base));
      }
      default -> {
        return new SetAdUpn(a.get("dn").asText(), text(a, "from", null), text(a, "to", linkUpn));
      }
    }
  }

  private static Expect decodeExpect(JsonNode action, Expect whole, Expect dflt) {
    JsonNode e = action.get("expect");
    if (e == null) {
      return whole;
    }
    if (e.isNull()) {
      return null;
    }
    JsonNode sync = e.get("syncEnabled");
    JsonNode licenses = e.get("licenses");
    return new Expect(
        text(e, "id", dflt.objectId()),
        text(e, "upn", dflt.userPrincipalName()),
        text(e, "immutableId", dflt.onPremisesImmutableId()),
        sync == null || sync.isNull() ? null : sync.asBoolean(),
        licenses != null && licenses.isNull() ? null : strings(licenses),
        e.path("deleted").asBoolean(false));
  }

  // ---- the contextual defaults, shared by both directions ------------------------------------

  /** An object as the plan assumes it unless told otherwise: active, not synced, unlicensed. */
  private static Expect defaultExpect(String id, String upn, String immutableId) {
    return new Expect(id, upn, immutableId, null, List.of(), false);
  }

  private static String anchor(LinkPlan l) {
    return l.anchor().immutableId();
  }

  // ---- small helpers -------------------------------------------------------------------------

  private static void putIf(ObjectNode o, String key, String value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  /** Writes {@code value} unless it equals {@code dflt}; an explicit null when only it is null. */
  private static void putNullable(ObjectNode o, String key, String value, String dflt) {
    if (Objects.equals(value, dflt)) {
      o.remove(key);
      return;
    }
    if (value == null) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }

  private static void putList(ObjectNode o, String key, List<String> values) {
    if (values != null && !values.isEmpty()) {
      ArrayNode a = o.putArray(key);
      values.forEach(a::add);
    }
  }

  /** {@code tenant.hardMatchTakeover}; absent (a plan made before it was read) is null. */
  private static HardMatchTakeover takeover(JsonNode tenant) {
    String v = text(tenant, "hardMatchTakeover", null);
    return v == null ? null : HardMatchTakeover.valueOf(v.toUpperCase(Locale.ROOT));
  }

  private static String text(JsonNode parent, String key, String dflt) {
    JsonNode v = parent.get(key);
    if (v == null) {
      return dflt;
    }
    return v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode array) {
    if (array == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return List.copyOf(out);
  }
}
