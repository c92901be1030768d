package dev.hardmatch.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.net.Loopback;
import dev.hardmatch.util.Messages;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The semantic rules of a links file, beyond what the schema can say: each finding names the value
 * and the way out. They tolerate wrong types (the schema reports those) and look only at values of
 * the right type.
 */
final class Rules {
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** RDNs {@code attr=value} joined by unescaped commas, no value empty (RFC 4514, loosely). */
  private static final Pattern DN =
      Pattern.compile(
          "[A-Za-z][A-Za-z0-9-]*=(?:[^,\\\\]|\\\\.)+(?:,\\s*[A-Za-z][A-Za-z0-9-]*=(?:[^,\\\\]|\\\\.)+)*");

  /** Characters AD refuses in a sAMAccountName (parentheses, dots and @ are legal). */
  static final String SAM_ILLEGAL = "\"/\\[]:;|=,+*?<>";

  /** AD's limit, see {@link Names}. */
  static final int SAM_MAX = Names.SAM_MAX;

  private final YamlTree tree;
  private final Findings findings;

  private Rules(YamlTree tree, Findings findings) {
    this.tree = tree;
    this.findings = findings;
  }

  static void check(YamlTree tree, Findings findings) {
    Rules r = new Rules(tree, findings);
    JsonNode root = tree.root;
    if (root == null || !root.isObject()) {
      return;
    }
    r.tenant(root.get("tenant"));
    r.directory(root.get("directory"));
    r.policy(root.get("policy"));
    r.sync(root.get("sync"));
    r.links(root.get("links"));
  }

  private void add(String pointer, String message, String fix) {
    findings.add(tree.locate(pointer), pointer, message, fix);
  }

  private static String text(JsonNode parent, String key) {
    if (parent == null || !parent.isObject()) {
      return null;
    }
    JsonNode n = parent.get(key);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  private void tenant(JsonNode tenant) {
    String id = text(tenant, "id");
    if (id != null && !GUID.matcher(id).matches()) {
      add(
          "/tenant/id",
          "'" + id + "' is not a tenant id",
          id.contains(".")
              ? "give the tenant id GUID, not a domain name (Entra admin center › Overview ›"
                  + " Tenant ID)"
              : "give the tenant id, a GUID like 7d1a2c3e-0000-4000-8000-000000000001 (Entra admin"
                  + " center › Overview › Tenant ID)");
    }
    String graph = text(tenant, "graph");
    if (graph != null) {
      graph(graph);
    }
  }

  private void graph(String graph) {
    String at = "/tenant/graph";
    URI uri = uri(graph);
    String fix =
        "e.g. https://graph.microsoft.com/v1.0 (or http://127.0.0.1:PORT/v1.0 for the sandbox)";
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
      add(at, "'" + graph + "' is not a URL", "give the Graph endpoint, " + fix);
      return;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http")) {
      if (!Loopback.isHost(uri.getHost())) {
        add(
            at,
            "plain http:// to " + uri.getHost() + " would send the access token unencrypted",
            "use https:// (http:// is accepted only for the local sandbox on 127.0.0.1,"
                + " localhost or ::1)");
        return;
      }
    } else if (!scheme.equals("https")) {
      add(at, "'" + graph + "' is not an https:// URL", "give the Graph endpoint, " + fix);
      return;
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      add(at, "the Graph endpoint has a query or fragment", "remove everything after /v1.0");
    } else if (uri.getPath() == null || !uri.getPath().endsWith("/v1.0")) {
      add(
          at,
          "the Graph endpoint must end in /v1.0"
              + (graph.endsWith("/beta") ? " (hardmatch speaks only the stable v1.0 API)" : ""),
          fix);
    }
  }

  private void directory(JsonNode dir) {
    if (dir == null || !dir.isObject()) {
      return;
    }
    String url = text(dir, "url");
    JsonNode startTlsNode = dir.get("startTls");
    boolean startTls = startTlsNode != null && startTlsNode.isBoolean() && startTlsNode.asBoolean();
    if (url != null) {
      ldapUrl(url, startTls);
    }
    String baseDn = text(dir, "baseDn");
    if (baseDn != null && !DN.matcher(baseDn).matches()) {
      add(
          "/directory/baseDn",
          "'" + baseDn + "' is not a distinguished name",
          "write it like DC=corp,DC=example,DC=com");
    }
    JsonNode bind = dir.get("bind");
    if (bind != null && bind.isObject()) {
      bind(bind);
    }
  }

  private void ldapUrl(String url, boolean startTls) {
    String at = "/directory/url";
    URI uri = uri(url);
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
      add(
          at,
          "'" + url + "' is not an LDAP URL",
          "write ldaps://dc01.corp.example.com (or ldap://host with startTls: true)");
      return;
    }
    if (uri.getRawUserInfo() != null) {
      // Never echo it: the part before '@' may hold the bind password (masked in excerpts too).
      add(
          at,
          "the LDAP URL holds a user name or password before '@'",
          "give only scheme, host and port; the account goes in directory.bind.user, the password"
              + " in bind.passwordEnv (change it if it was ever committed)");
      return;
    }
    if (uri.getPort() > 65535) {
      add(at, "port " + uri.getPort() + " is not a TCP port", "give a port from 1 to 65535 (636)");
      return;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ldaps") && !scheme.equals("ldap")) {
      add(
          at,
          "'" + url + "' is not an ldaps:// or ldap:// URL",
          "write ldaps://dc01.corp.example.com (or ldap://host with startTls: true)");
      return;
    }
    if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null) {
      add(
          at,
          "the LDAP URL has a path or query",
          "give only scheme, host and port; the search base goes in directory.baseDn");
      return;
    }
    if (scheme.equals("ldaps") && startTls) {
      add(
          "/directory/startTls",
          "startTls is set for an ldaps:// URL, which is encrypted already",
          "remove startTls, or use ldap:// with startTls: true");
    } else if (scheme.equals("ldap") && !startTls && !Loopback.isHost(uri.getHost())) {
      add(
          at,
          "plain ldap:// to "
              + uri.getHost()
              + " without startTls would send the bind password unencrypted",
          "use ldaps://" + uri.getHost() + " (port 636), or add 'startTls: true'");
    }
  }

  private void bind(JsonNode bind) {
    boolean env = bind.has("passwordEnv");
    boolean file = bind.has("passwordFile");
    if (env && file) {
      findings.add(
          tree.locateKey("/directory/bind/passwordFile"),
          "/directory/bind",
          "both passwordEnv and passwordFile are set",
          "keep exactly one of them");
    } else if (!env && !file) {
      findings.add(
          tree.locate("/directory/bind"),
          "/directory/bind",
          "no password source: neither passwordEnv nor passwordFile is set",
          "add 'passwordEnv: HARDMATCH_LDAP_PASSWORD' (the name of an environment variable) or"
              + " 'passwordFile: path/to/file'");
    }
    String name = text(bind, "passwordEnv");
    if (name != null && !ENV_NAME.matcher(name).matches()) {
      // Never echo the value: it may be the password itself.
      add(
          "/directory/bind/passwordEnv",
          "passwordEnv must name an environment variable, and this value is not a variable name",
          "write the variable's name, e.g. HARDMATCH_LDAP_PASSWORD; if you wrote the password"
              + " here, remove it and change it");
    }
  }

  private void policy(JsonNode policy) {
    if (policy == null || !policy.isObject()) {
      return;
    }
    JsonNode upns = policy.get("protectedUpns");
    if (upns != null && upns.isArray()) {
      for (int i = 0; i < upns.size(); i++) {
        JsonNode u = upns.get(i);
        if (u.isTextual()) {
          upn("/policy/protectedUpns/" + i, u.asText());
        }
      }
    }
  }

  private void sync(JsonNode sync) {
    if (sync == null || !sync.isObject()) {
      return;
    }
    if (sync.has("pause") && !sync.has("resume")) {
      add(
          "/sync/pause",
          "a pause hook needs a resume hook",
          "add sync.resume (e.g. Set-ADSyncScheduler -SyncCycleEnabled $true), or the scheduler"
              + " stays paused after apply");
    }
    for (String hook : List.of("pause", "resume", "trigger")) {
      JsonNode argv = sync.get(hook);
      // One word with spaces is a command line written for a shell ("C:\\Program Files\\..."
      // with arguments after it is not).
      JsonNode program = argv != null && argv.isArray() && argv.size() == 1 ? argv.get(0) : null;
      if (program != null && program.isTextual() && program.asText().trim().contains(" ")) {
        add(
            "/sync/" + hook + "/0",
            "'" + program.asText() + "' is a whole command line, but hooks run without a shell",
            "split it into words: ["
                + String.join(", ", program.asText().trim().split("\\s+"))
                + "]");
      }
    }
  }

  private record First(String value, int line) {}

  private void links(JsonNode links) {
    if (links == null || !links.isArray()) {
      return;
    }
    Map<String, First> sams = new HashMap<>();
    Map<String, First> upns = new HashMap<>();
    for (int i = 0; i < links.size(); i++) {
      JsonNode link = links.get(i);
      if (!link.isObject()) {
        continue;
      }
      String at = "/links/" + i;
      String sam = text(link, "sam");
      if (sam != null && sam(at + "/sam", sam)) {
        duplicate(sams, sam, at + "/sam", "sam", "an AD account can be linked only once");
      }
      String upn = text(link, "upn");
      if (upn != null && upn(at + "/upn", upn)) {
        duplicate(
            upns, upn, at + "/upn", "upn", "a cloud account can be taken over by one AD account");
      }
      String anchor = text(link, "replaceAnchor");
      if (anchor != null) {
        replaceAnchor(at + "/replaceAnchor", anchor);
      }
    }
  }

  /** Case-insensitive, as AD and Entra compare these names. */
  private void duplicate(
      Map<String, First> seen, String value, String pointer, String what, String why) {
    int line = tree.locate(pointer).line();
    First first = seen.putIfAbsent(value.toLowerCase(Locale.ROOT), new First(value, line));
    if (first != null) {
      add(
          pointer,
          what
              + " '"
              + value
              + "' is listed twice: first on line "
              + first.line()
              + (first.value().equals(value) ? "" : " as '" + first.value() + "'")
              + " (names are compared ignoring case)",
          "remove one of the two links; " + why);
    }
  }

  /** Returns true when the sAMAccountName is one AD would accept. */
  private boolean sam(String at, String sam) {
    if (sam.isEmpty()) {
      add(at, "the sAMAccountName is empty", "give the AD account's pre-Windows 2000 logon name");
      return false;
    }
    if (!sam.equals(sam.strip())) {
      add(
          at,
          "'" + Messages.clip(sam) + "' starts or ends with a space",
          "remove the spaces; AD would look up another account (or none)");
      return false;
    }
    String hidden = Names.invisible(sam);
    if (hidden != null) {
      add(
          at,
          "'" + Messages.clip(sam) + "' contains " + hidden,
          "retype the sAMAccountName; such characters are invisible and make names look alike");
      return false;
    }
    for (int k = 0; k < sam.length(); k++) {
      char c = sam.charAt(k);
      if (SAM_ILLEGAL.indexOf(c) >= 0 || c < 0x20 || c == 0x7f) {
        String shown = c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
        add(
            at,
            "'"
                + Messages.clip(sam)
                + "' contains "
                + shown
                + ", which AD does not allow in a sAMAccountName",
            "give the exact sAMAccountName as AD shows it (pre-Windows 2000 logon name); none of "
                + "\" / \\ [ ] : ; | = , + * ? < > is allowed");
        return false;
      }
    }
    int length = sam.codePointCount(0, sam.length());
    if (length > SAM_MAX) {
      add(
          at,
          "'"
              + Messages.clip(sam)
              + "' has "
              + length
              + " characters; a sAMAccountName has at most "
              + SAM_MAX,
          sam.contains("@")
              ? "this looks like a UPN: give the sAMAccountName (pre-Windows 2000 logon name)"
              : "give the exact sAMAccountName as AD shows it (pre-Windows 2000 logon name)");
      return false;
    }
    return true;
  }

  /** Returns true when the UPN is well-formed: local@domain.tld, no spaces. */
  private boolean upn(String at, String upn) {
    String problem = Names.upnProblem(upn);
    if (problem != null) {
      add(
          at,
          "'" + Messages.clip(upn) + "' is not a valid user principal name: " + problem,
          "write it as name@domain, e.g. john.smith@contoso.com");
      return false;
    }
    return true;
  }

  private void replaceAnchor(String at, String value) {
    Anchor.Form form = Anchor.recognise(value);
    if (form == Anchor.Form.IMMUTABLE_ID) {
      return;
    }
    if (form == Anchor.Form.GUID || form == Anchor.Form.HEX) {
      add(
          at,
          "'"
              + value
              + "' is "
              + (form == Anchor.Form.GUID ? "a GUID" : "a hex octet string")
              + ", not an ImmutableId",
          "write its ImmutableId: " + Anchor.parse(value).immutableId());
      return;
    }
    add(
        at,
        "'" + value + "' is not an ImmutableId (24 Base64 characters ending in ==)",
        "copy the target's onPremisesImmutableId exactly; 'hardmatch anchor VALUE' converts a"
            + " GUID");
  }

  private static URI uri(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
