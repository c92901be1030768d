package dev.hardmatch.sandbox.ad;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.schema.EntryValidator;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.anchor.Anchor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sandbox's Active Directory: an UnboundID {@link InMemoryDirectoryServer} on 127.0.0.1 with an
 * AD-like schema, loaded from LDIF. Like AD it refuses anonymous operations (simple bind first),
 * pages searches with the Simple Paged Results control, gives every object an objectGUID, and can
 * serve LDAPS and StartTLS with a certificate from a CA it makes at start-up.
 *
 * <p>{@link #ldap()} gives in-process access (no bind, not counted in {@link #receivedFilters()}):
 * the tenant emulator's sync simulator reads and writes AD through it.
 */
public final class EmbeddedDirectory implements AutoCloseable {
  public static final String DEFAULT_BASE_DN = "DC=corp,DC=example,DC=com";
  private static final String LISTENER_LDAP = "LDAP";
  private static final String LISTENER_LDAPS = "LDAPS";
  private static final int MAX_DIAGNOSTICS = 50;
  private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9;\\-]");

  /**
   * How to start the directory. Null fields take defaults: {@code baseDn} from the LDIF's first
   * entry (else {@link #DEFAULT_BASE_DN}), {@code bindDn} {@code CN=svc-hardmatch,CN=Users,<base>},
   * {@code bindPassword} random, {@code certificateNotAfter} a year from now.
   *
   * @param ldapPort 0 = any free port
   * @param ldaps also serve LDAPS (and StartTLS on the LDAP port) with a generated certificate
   * @param ldapsPort 0 = any free port
   * @param certificateNames the server certificate's subject alternative names
   * @param requireStrongAuth refuse simple binds without TLS, like a default domain controller
   */
  public record Options(
      String baseDn,
      int ldapPort,
      boolean ldaps,
      int ldapsPort,
      String bindDn,
      String bindPassword,
      List<String> certificateNames,
      Instant certificateNotAfter,
      boolean requireStrongAuth) {

    public Options {
      certificateNames =
          certificateNames == null || certificateNames.isEmpty()
              ? List.of("127.0.0.1", "localhost")
              : List.copyOf(certificateNames);
    }

    public static Options defaults() {
      return new Options(null, 0, false, 0, null, null, null, null, false);
    }

    public Options withBaseDn(String value) {
      return new Options(
          value,
          ldapPort,
          ldaps,
          ldapsPort,
          bindDn,
          bindPassword,
          certificateNames,
          certificateNotAfter,
          requireStrongAuth);
    }

    public Options withLdapPort(int value) {
      return new Options(
          baseDn,
          value,
          ldaps,
          ldapsPort,
          bindDn,
          bindPassword,
          certificateNames,
          certificateNotAfter,
          requireStrongAuth);
    }

    public Options withLdaps(boolean value) {
      return new Options(
          baseDn,
          ldapPort,
          value,
          ldapsPort,
          bindDn,
          bindPassword,
          certificateNames,
          certificateNotAfter,
          requireStrongAuth);
    }

    public Options withLdapsPort(int value) {
      return new Options(
          baseDn,
          ldapPort,
          ldaps,
          value,
          bindDn,
          bindPassword,
          certificateNames,
          certificateNotAfter,
          requireStrongAuth);
    }

    public Options withBindDn(String value) {
      return new Options(
          baseDn,
          ldapPort,
          ldaps,
          ldapsPort,
          value,
          bindPassword,
          certificateNames,
          certificateNotAfter,
          requireStrongAuth);
    }

    public Options withBindPassword(String value) {
      return new Options(
          baseDn,
          ldapPort,
          ldaps,
          ldapsPort,
          bindDn,
          value,
          certificateNames,
          certificateNotAfter,
          requireStrongAuth);
    }

    /** Subject alternative names of the server certificate (IP addresses or DNS names). */
    public Options withCertificateNames(List<String> value) {
      return new Options(
          baseDn,
          ldapPort,
          ldaps,
          ldapsPort,
          bindDn,
          bindPassword,
          value,
          certificateNotAfter,
          requireStrongAuth);
    }

    /** When the server certificate expires; a past instant makes an expired one (for tests). */
    public Options withCertificateNotAfter(Instant value) {
      return new Options(
          baseDn,
          ldapPort,
          ldaps,
          ldapsPort,
          bindDn,
          bindPassword,
          certificateNames,
          value,
          requireStrongAuth);
    }

    /**
     * Refuse simple binds over unencrypted LDAP with resultCode 8, as a domain controller does by
     * default ("strong authentication required"); LDAPS and LDAP after StartTLS still bind.
     */
    public Options withRequireStrongAuth(boolean value) {
      return new Options(
          baseDn,
          ldapPort,
          ldaps,
          ldapsPort,
          bindDn,
          bindPassword,
          certificateNames,
          certificateNotAfter,
          value);
    }
  }

  private final InMemoryDirectoryServer server;
  private final String baseDn;
  private final String bindDn;
  private final String bindPassword;
  private final Path tempDir;
  private final Path caFile;
  private final List<String> receivedFilters;

  private EmbeddedDirectory(
      InMemoryDirectoryServer server,
      String baseDn,
      String bindDn,
      String bindPassword,
      Path tempDir,
      Path caFile,
      List<String> receivedFilters) {
    this.server = server;
    this.baseDn = baseDn;
    this.bindDn = bindDn;
    this.bindPassword = bindPassword;
    this.tempDir = tempDir;
    this.caFile = caFile;
    this.receivedFilters = receivedFilters;
  }

  /** Starts the directory with the entries of an LDIF file. */
  public static EmbeddedDirectory start(Path ldif, Options options) {
    String name = ldif.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(ldif);
    } catch (NoSuchFileException e) {
      throw invalid(name, 0, "file not found", "check the path of the LDIF file");
    } catch (IOException e) {
      throw invalid(
          name, 0, "cannot read the file: " + e.getMessage(), "check the path and its permissions");
    }
    return start(bytes, name, options);
  }

  /** Starts the directory with entries from an LDIF stream; {@code name} is used in messages. */
  public static EmbeddedDirectory start(InputStream ldif, String name, Options options) {
    try {
      return start(ldif.readAllBytes(), name, options);
    } catch (IOException e) {
      throw invalid(name, 0, "cannot read: " + e.getMessage(), "check the input");
    }
  }

  /** Starts the directory with entries from LDIF text; {@code name} is used in messages. */
  public static EmbeddedDirectory start(String ldif, String name, Options options) {
    return load(ldif, name, options);
  }

  private static EmbeddedDirectory start(byte[] bytes, String name, Options options) {
    return load(decodeUtf8(bytes, name), name, options);
  }

  private static EmbeddedDirectory load(String text, String name, Options options) {
    LdifRecords records = LdifRecords.parse(name, text);
    if (!records.problems().isEmpty()) {
      throw HardmatchException.invalidInput(cap(records.problems()));
    }
    List<LdifRecords.Located> entries = records.entries();
    String baseDn =
        options.baseDn() != null
            ? options.baseDn()
            : entries.isEmpty() ? DEFAULT_BASE_DN : entries.get(0).entry().getDN();
    DN base;
    try {
      base = new DN(baseDn);
    } catch (LDAPException e) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          "not a valid base DN: " + baseDn,
          "give it as e.g. " + DEFAULT_BASE_DN);
    }
    Schema schema = AdSchema.get();
    List<Diagnostic> problems = new ArrayList<>();
    for (LdifRecords.Located located : entries) {
      completeObjectClasses(located.entry(), schema);
      checkEntry(name, located, base, schema, problems);
    }
    if (!problems.isEmpty()) {
      throw HardmatchException.invalidInput(cap(problems));
    }

    String bindDn =
        options.bindDn() != null ? options.bindDn() : "CN=svc-hardmatch,CN=Users," + baseDn;
    String bindPassword =
        options.bindPassword() != null ? options.bindPassword() : randomPassword();
    List<String> receivedFilters = Collections.synchronizedList(new ArrayList<>());
    Path tempDir = null;
    InMemoryDirectoryServer server = null;
    try {
      InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
      config.setSchema(schema);
      config.setEnforceAttributeSyntaxCompliance(true);
      config.setEnforceSingleStructuralObjectClass(true);
      // No server-made timestamps or entryUUIDs: dump() must be deterministic.
      config.setGenerateOperationalAttributes(false);
      config.setMaxChangeLogEntries(0);
      config.setVendorName("hardmatch sandbox (embedded AD)");
      config.addAdditionalBindCredentials(bindDn, bindPassword);
      // Like AD: nothing but bind (and StartTLS) before a successful bind.
      config.setAuthenticationRequiredOperationTypes(
          EnumSet.of(
              OperationType.SEARCH,
              OperationType.COMPARE,
              OperationType.ADD,
              OperationType.MODIFY,
              OperationType.DELETE,
              OperationType.MODIFY_DN));
      config.setCustomRootDSEAttributes(
          List.of(
              new Attribute("defaultNamingContext", base.toString()),
              new Attribute("rootDomainNamingContext", base.toString())));
      UpnBind upnBind = new UpnBind(bindDn, upnFor(bindDn, base));
      AdManners manners = new AdManners(receivedFilters, options.requireStrongAuth());
      config.addInMemoryOperationInterceptor(manners);
      config.addInMemoryOperationInterceptor(upnBind);

      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      List<InMemoryListenerConfig> listeners = new ArrayList<>();
      Path caFile = null;
      if (options.ldaps()) {
        Instant notAfter =
            options.certificateNotAfter() != null
                ? options.certificateNotAfter()
                : Instant.now().plus(Duration.ofDays(365));
        TlsMaterial tls = TlsMaterial.generate(options.certificateNames(), notAfter);
        tempDir = Files.createTempDirectory("hardmatch-ad-");
        caFile = tempDir.resolve("ca.pem");
        Files.writeString(caFile, tls.caPem(), StandardCharsets.US_ASCII);
        listeners.add(
            InMemoryListenerConfig.createLDAPConfig(
                LISTENER_LDAP,
                loopback,
                options.ldapPort(),
                manners.noticingStartTls(tls.serverContext().getSocketFactory())));
        listeners.add(
            InMemoryListenerConfig.createLDAPSConfig(
                LISTENER_LDAPS,
                loopback,
                options.ldapsPort(),
                tls.serverContext().getServerSocketFactory(),
                null));
      } else {
        listeners.add(
            InMemoryListenerConfig.createLDAPConfig(
                LISTENER_LDAP, loopback, options.ldapPort(), null));
      }
      config.setListenerConfigs(listeners);
      server = new InMemoryDirectoryServer(config);
      upnBind.server = server;

      addEntries(name, server, base, entries, problems);
      if (!problems.isEmpty()) {
        throw HardmatchException.invalidInput(cap(problems));
      }
      try {
        server.startListening();
        manners.plainPort = server.getListenPort(LISTENER_LDAP);
      } catch (LDAPException e) {
        throw new HardmatchException(
            HardmatchException.Code.IO,
            "the embedded AD cannot listen on 127.0.0.1: " + e.getMessage(),
            "choose another port, or 0 for any free port");
      }
      return new EmbeddedDirectory(
          server, base.toString(), bindDn, bindPassword, tempDir, caFile, receivedFilters);
    } catch (HardmatchException e) {
      cleanUp(server, tempDir);
      throw e;
    } catch (Exception e) {
      cleanUp(server, tempDir);
      throw new HardmatchException(
          HardmatchException.Code.IO,
          "the embedded AD could not start: " + e.getMessage(),
          "check the options (base DN, bind DN, ports)",
          e);
    }
  }

  /** Schema and AD rules for one LDIF entry, each problem on the line it comes from. */
  private static void checkEntry(
      String file, LdifRecords.Located located, DN base, Schema schema, List<Diagnostic> problems) {
    Entry entry = located.entry();
    DN dn = parsedDn(entry);
    if (dn == null || !dn.isDescendantOf(base, true)) {
      problems.add(
          new Diagnostic(
              file,
              located.line(),
              0,
              "dn",
              "entry " + entry.getDN() + " is not under the base DN " + base,
              "put every entry under "
                  + base
                  + " (the first entry's DN is the base DN unless one is given)"));
      return;
    }
    for (Attribute attribute : entry.getAttributes()) {
      String attr = attribute.getBaseName();
      if (schema.getAttributeType(attr) == null) {
        problems.add(
            new Diagnostic(
                file,
                located.lineOf(attr),
                0,
                attr,
                "attribute " + attr + " is not in the embedded AD's schema",
                "remove it, or use an AD attribute such as sAMAccountName, userPrincipalName,"
                    + " displayName, givenName, sn, mail, proxyAddresses, userAccountControl"));
      }
    }
    for (String guidAttr : List.of("objectGUID", "mS-DS-ConsistencyGuid")) {
      Attribute attribute = entry.getAttribute(guidAttr);
      if (attribute != null
          && attribute.size() == 1
          && attribute.getValueByteArray().length != 16) {
        problems.add(
            new Diagnostic(
                file,
                located.lineOf(guidAttr),
                0,
                guidAttr,
                guidAttr + " must be 16 bytes, got " + attribute.getValueByteArray().length,
                "write the raw GUID octets Base64-encoded, e.g. "
                    + guidAttr
                    + ":: fMa51PBTY0u4eEeZgM+xyA=="));
      }
    }
    EntryValidator validator = new EntryValidator(schema);
    validator.setCheckUndefinedAttributes(false); // reported above, with their lines
    validator.setCheckMissingSuperiorObjectClasses(false); // completed as AD does
    List<String> reasons = new ArrayList<>();
    if (!validator.entryIsValid(entry, reasons)) {
      for (String reason : reasons) {
        String attr = attributeNamedIn(reason, entry);
        problems.add(
            new Diagnostic(
                file,
                attr == null ? located.line() : located.lineOf(attr),
                0,
                attr,
                "entry " + entry.getDN() + ": " + reason,
                "make the entry fit the AD schema: people are objectClass top, person,"
                    + " organizationalPerson, user; OUs organizationalUnit; containers container"));
      }
    }
  }

  /**
   * AD stores a class's whole chain ({@code objectClass: user} reads back as top, person,
   * organizationalPerson, user), so {@code (objectClass=person)} finds users; do the same.
   */
  static void completeObjectClasses(Entry entry, Schema schema) {
    String[] given = entry.getObjectClassValues();
    if (given == null) {
      return;
    }
    LinkedHashSet<String> chain = new LinkedHashSet<>();
    for (String name : given) {
      ObjectClassDefinition oc = schema.getObjectClass(name);
      if (oc != null) {
        List<String> superiors = new ArrayList<>();
        for (ObjectClassDefinition sup : oc.getSuperiorClasses(schema, true)) {
          superiors.add(sup.getNameOrOID());
        }
        Collections.reverse(superiors);
        for (String sup : superiors) {
          if (!containsIgnoreCase(chain, sup) && !containsIgnoreCase(List.of(given), sup)) {
            chain.add(sup);
          }
        }
      }
    }
    if (chain.isEmpty()) {
      return;
    }
    // Superiors first, in the order AD lists them, then the classes as given.
    List<String> all = new ArrayList<>();
    for (String sup : sortTopDown(chain, schema)) {
      all.add(sup);
    }
    all.addAll(List.of(given));
    entry.setAttribute("objectClass", all);
  }

  private static List<String> sortTopDown(Set<String> classes, Schema schema) {
    List<String> sorted = new ArrayList<>(classes);
    sorted.sort(
        Comparator.comparingInt(
            (String c) -> schema.getObjectClass(c).getSuperiorClasses(schema, true).size()));
    return sorted;
  }

  private static boolean containsIgnoreCase(Collection<String> values, String value) {
    for (String v : values) {
      if (v.equalsIgnoreCase(value)) {
        return true;
      }
    }
    return false;
  }

  private static String attributeNamedIn(String reason, Entry entry) {
    List<String> words = List.of(WORD_BOUNDARY.split(reason.replace("'", " ")));
    for (Attribute attribute : entry.getAttributes()) {
      if (attribute.getBaseName().equalsIgnoreCase("objectClass")) {
        continue;
      }
      for (String word : words) {
        if (word.equalsIgnoreCase(attribute.getBaseName())) {
          return attribute.getBaseName();
        }
      }
    }
    return null;
  }

  private static void addEntries(
      String file,
      InMemoryDirectoryServer server,
      DN base,
      List<LdifRecords.Located> entries,
      List<Diagnostic> problems)
      throws LDAPException {
    boolean hasBase = entries.stream().anyMatch(e -> base.equals(parsedDn(e.entry())));
    if (!hasBase) {
      server.add(baseEntry(base));
    }
    for (LdifRecords.Located located : entries) {
      Entry entry = located.entry().duplicate();
      if (!entry.hasAttribute("objectGUID")) {
        entry.addAttribute("objectGUID", derivedGuid(entry.getParsedDN()));
      }
      try {
        server.add(entry);
      } catch (LDAPException e) {
        String fix =
            e.getResultCode().intValue() == 32
                ? "put each parent entry (domain, OU, container) before its children"
                : e.getResultCode().intValue() == 68
                    ? "remove the duplicate entry"
                    : "fix the entry so it fits the AD schema";
        problems.add(
            new Diagnostic(
                file,
                located.line(),
                0,
                null,
                "entry " + entry.getDN() + ": " + e.getDiagnosticMessage(),
                fix));
      }
    }
  }

  /** The base entry when the LDIF does not hold it: a domain (DC=…) or an OU/container. */
  private static Entry baseEntry(DN base) throws LDAPException {
    RDN rdn = base.getRDN();
    String attr = rdn.getAttributeNames()[0].toLowerCase(Locale.ROOT);
    String value = rdn.getAttributeValues()[0];
    Entry entry = new Entry(base);
    switch (attr) {
      case "dc":
        entry.addAttribute("objectClass", "top", "domain", "domainDNS");
        break;
      case "ou":
        entry.addAttribute("objectClass", "top", "organizationalUnit");
        break;
      case "cn":
        entry.addAttribute("objectClass", "top", "container");
        break;
      case "o":
        entry.addAttribute("objectClass", "top", "organization");
        break;
      default:
        throw new HardmatchException(
            HardmatchException.Code.USAGE,
            "cannot create the base entry " + base,
            "include the base entry in the LDIF, or use a base DN such as " + DEFAULT_BASE_DN);
    }
    entry.addAttribute(attr, value);
    entry.addAttribute("objectGUID", derivedGuid(base));
    return entry;
  }

  /**
   * LDIF entries without an objectGUID get one derived from their DN, so that the same LDIF gives
   * the same sandbox (and the same plans) every time. Entries added later over LDAP get a random
   * one, as AD gives.
   */
  static byte[] derivedGuid(DN dn) {
    UUID uuid =
        UUID.nameUUIDFromBytes(
            ("hardmatch-sandbox:" + dn.toNormalizedString()).getBytes(StandardCharsets.UTF_8));
    return Anchor.fromGuid(uuid.toString()).bytes();
  }

  static byte[] randomGuid() {
    return Anchor.fromGuid(UUID.randomUUID().toString()).bytes();
  }

  /**
   * {@code CN=svc-hardmatch,CN=Users,DC=corp,DC=example,DC=com} → svc-hardmatch@corp.example.com.
   */
  private static String upnFor(String bindDn, DN base) {
    try {
      RDN rdn = new DN(bindDn).getRDN();
      List<String> labels = new ArrayList<>();
      for (RDN part : base.getRDNs()) {
        if (part.getAttributeNames()[0].equalsIgnoreCase("dc")) {
          labels.add(part.getAttributeValues()[0]);
        }
      }
      if (rdn == null || labels.isEmpty()) {
        return null;
      }
      return rdn.getAttributeValues()[0] + "@" + String.join(".", labels);
    } catch (LDAPException e) {
      return null;
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String decodeUtf8(byte[] bytes, String name) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      int line = 1;
      int from = 0;
      for (int i = 0; i <= bytes.length; i++) {
        if (i == bytes.length || bytes[i] == '\n') {
          try {
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, from, i - from));
          } catch (CharacterCodingException bad) {
            break;
          }
          line++;
          from = i + 1;
        }
      }
      throw invalid(
          name,
          line,
          "the file is not UTF-8",
          "save the LDIF as UTF-8, or Base64-encode binary and non-UTF-8 values after '::'");
    }
  }

  private static HardmatchException invalid(String file, int line, String message, String fix) {
    return HardmatchException.invalidInput(
        List.of(new Diagnostic(file, line, 0, null, message, fix)));
  }

  private static List<Diagnostic> cap(List<Diagnostic> problems) {
    return problems.size() <= MAX_DIAGNOSTICS ? problems : problems.subList(0, MAX_DIAGNOSTICS);
  }

  private static void cleanUp(InMemoryDirectoryServer server, Path tempDir) {
    if (server != null) {
      server.shutDown(true);
    }
    deleteTemp(tempDir);
  }

  private static void deleteTemp(Path tempDir) {
    if (tempDir == null) {
      return;
    }
    try (var files = Files.list(tempDir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(tempDir);
    } catch (IOException e) {
      // A leftover temp folder is harmless; never fail a close for it.
    }
  }

  // ---- accessors -------------------------------------------------------------------------

  /** {@code ldap://127.0.0.1:PORT} (StartTLS available when started with LDAPS). */
  public String ldapUrl() {
    return "ldap://127.0.0.1:" + ldapPort();
  }

  /** {@code ldaps://127.0.0.1:PORT}, or null when started without LDAPS. */
  public String ldapsUrl() {
    return caFile == null ? null : "ldaps://127.0.0.1:" + server.getListenPort(LISTENER_LDAPS);
  }

  public int ldapPort() {
    return server.getListenPort(LISTENER_LDAP);
  }

  /** The generated CA certificate (PEM), or null without LDAPS. Deleted on {@link #close()}. */
  public Path caFile() {
    return caFile;
  }

  public String baseDn() {
    return baseDn;
  }

  public String bindDn() {
    return bindDn;
  }

  public String bindPassword() {
    return bindPassword;
  }

  /** In-process access to the directory: no bind needed, not seen by {@link #receivedFilters()}. */
  public LDAPInterface ldap() {
    return server;
  }

  /** The filters of every search received over the network, in order, as the server parsed them. */
  public List<String> receivedFilters() {
    synchronized (receivedFilters) {
      return List.copyOf(receivedFilters);
    }
  }

  /** Forgets the received filters (to count one phase of a test). */
  public void clearReceivedFilters() {
    receivedFilters.clear();
  }

  /**
   * Every entry as LDIF, parents before children, attributes sorted by name: the same state always
   * gives the same text.
   */
  public String dump() {
    try {
      SearchResult result =
          server.search(baseDn, SearchScope.SUB, Filter.createPresenceFilter("objectClass"), "*");
      List<SearchResultEntry> entries = new ArrayList<>(result.getSearchEntries());
      entries.sort(Comparator.comparing(EmbeddedDirectory::parsedDn));
      StringBuilder sb = new StringBuilder();
      for (SearchResultEntry entry : entries) {
        Entry sorted = new Entry(entry.getDN());
        List<Attribute> attributes = new ArrayList<>(entry.getAttributes());
        attributes.sort(
            Comparator.comparing((Attribute a) -> a.getName().toLowerCase(Locale.ROOT)));
        for (Attribute attribute : attributes) {
          sorted.addAttribute(attribute);
        }
        if (sb.length() > 0) {
          sb.append('\n');
        }
        for (String line : sorted.toLDIF(0)) {
          sb.append(line).append('\n');
        }
      }
      return sb.toString();
    } catch (LDAPException e) {
      throw new HardmatchException(
          HardmatchException.Code.LDAP, "cannot dump the embedded AD: " + e.getMessage(), null, e);
    }
  }

  private static DN parsedDn(Entry entry) {
    try {
      return entry.getParsedDN();
    } catch (LDAPException e) {
      throw new IllegalStateException("the server holds an entry with a malformed DN", e);
    }
  }

  @Override
  public void close() {
    cleanUp(server, tempDir);
  }

  // ---- interceptors ----------------------------------------------------------------------

  /** Records search filters and gives objects added over LDAP an objectGUID, as AD does. */
  private static final class AdManners extends InMemoryOperationInterceptor {
    private final List<String> receivedFilters;
    private final boolean requireStrongAuth;
    // The listener serves each connection on its own thread, and StartTLS wraps the socket on
    // that thread (before any interceptor sees a request): so "this thread did StartTLS" is
    // "this connection is encrypted".
    private final ThreadLocal<Boolean> startedTls = ThreadLocal.withInitial(() -> false);
    volatile int plainPort = -1; // set once listening

    AdManners(List<String> receivedFilters, boolean requireStrongAuth) {
      this.receivedFilters = receivedFilters;
      this.requireStrongAuth = requireStrongAuth;
    }

    /** Wraps the StartTLS socket factory to note which connection threads went encrypted. */
    SSLSocketFactory noticingStartTls(SSLSocketFactory delegate) {
      return new DelegatingSslSocketFactory(delegate) {
        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
            throws IOException {
          Socket tls = super.createSocket(socket, host, port, autoClose);
          startedTls.set(true);
          return tls;
        }
      };
    }

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request)
        throws LDAPException {
      if (requireStrongAuth
          && request.getConnectedPort() == plainPort
          && !startedTls.get()
          && !request.getRequest().getBindDN().isEmpty()) {
        // Samba's words; Windows says "00002028: LdapErr: DSID-0C090259, comment: The server
        // requires binds to turn on integrity checking ...". Both are resultCode 8.
        throw new LDAPException(
            ResultCode.STRONG_AUTH_REQUIRED, "BindSimple: Transport encryption required.");
      }
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
      receivedFilters.add(request.getRequest().getFilter().toString());
    }

    @Override
    public void processAddRequest(InMemoryInterceptedAddRequest request) {
      Entry entry = request.getRequest().toEntry();
      completeObjectClasses(entry, AdSchema.get());
      if (!entry.hasAttribute("objectGUID")) {
        entry.addAttribute("objectGUID", randomGuid());
      }
      AddRequest add = new AddRequest(entry);
      add.setControls(request.getRequest().getControls());
      request.setRequest(add);
    }
  }

  /**
   * AD accepts {@code user@domain} as a simple bind name; the in-memory server only DNs. Maps the
   * service account's UPN and any entry's userPrincipalName to its DN.
   */
  private static final class UpnBind extends InMemoryOperationInterceptor {
    volatile InMemoryDirectoryServer server; // set once the server exists
    private final String bindDn;
    private final String bindUpn;

    UpnBind(String bindDn, String bindUpn) {
      this.bindDn = bindDn;
      this.bindUpn = bindUpn;
    }

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
      SimpleBindRequest bind = request.getRequest();
      String name = bind.getBindDN();
      if (name == null || name.contains("=") || !name.contains("@")) {
        return;
      }
      String dn = null;
      if (name.equalsIgnoreCase(bindUpn)) {
        dn = bindDn;
      } else {
        if (server != null) {
          try {
            SearchResult found =
                server.search(
                    server.getBaseDNs().get(0).toString(),
                    SearchScope.SUB,
                    Filter.createEqualityFilter("userPrincipalName", name),
                    "1.1");
            if (found.getEntryCount() == 1) {
              dn = found.getSearchEntries().get(0).getDN();
            }
          } catch (LDAPException e) {
            // Unknown name: leave the request as it is; the server refuses it.
          }
        }
      }
      if (dn != null) {
        request.setRequest(
            new SimpleBindRequest(dn, bind.getPassword().getValue(), bind.getControls()));
      }
    }
  }
}
