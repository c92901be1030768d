package dev.hardmatch.sandbox.ad;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryDirectoryServerSnapshot;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

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
   * @param hiddenAttributes attributes left out of every entry a search over the network returns,
   *     as AD leaves out what the bind account may not read (no error); in-process access (the sync
   *     simulator, standing for Entra Connect's own rights) still sees them
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
      boolean requireStrongAuth,
      List<String> hiddenAttributes) {

    public Options {
      certificateNames =
          certificateNames == null || certificateNames.isEmpty()
              ? List.of("127.0.0.1", "localhost")
              : List.copyOf(certificateNames);
      hiddenAttributes = hiddenAttributes == null ? List.of() : List.copyOf(hiddenAttributes);
    }

    public static Options defaults() {
      return new Options(null, 0, false, 0, null, null, null, null, false, null);
    }

    /**
     * Leave these attributes out of what the bind account reads, as an AD without a Read Property
     * grant on them does (e.g. mS-DS-ConsistencyGuid, in no default property set).
     */
    public Options withHiddenAttributes(List<String> value) {
      return edit(b -> b.hiddenAttributes = value);
    }

    public Options withBaseDn(String value) {
      return edit(b -> b.baseDn = value);
    }

    public Options withLdapPort(int value) {
      return edit(b -> b.ldapPort = value);
    }

    public Options withLdaps(boolean value) {
      return edit(b -> b.ldaps = value);
    }

    public Options withLdapsPort(int value) {
      return edit(b -> b.ldapsPort = value);
    }

    public Options withBindDn(String value) {
      return edit(b -> b.bindDn = value);
    }

    public Options withBindPassword(String value) {
      return edit(b -> b.bindPassword = value);
    }

    /** Subject alternative names of the server certificate (IP addresses or DNS names). */
    public Options withCertificateNames(List<String> value) {
      return edit(b -> b.certificateNames = value);
    }

    /** When the server certificate expires; a past instant makes an expired one (for tests). */
    public Options withCertificateNotAfter(Instant value) {
      return edit(b -> b.certificateNotAfter = value);
    }

    /**
     * Refuse simple binds over unencrypted LDAP with resultCode 8, as a domain controller does by
     * default ("strong authentication required"); LDAPS and LDAP after StartTLS still bind.
     */
    public Options withRequireStrongAuth(boolean value) {
      return edit(b -> b.requireStrongAuth = value);
    }

    /** A copy with one change: every {@code withX} goes through here. */
    private Options edit(Consumer<Copy> change) {
      Copy c = new Copy(this);
      change.accept(c);
      return new Options(
          c.baseDn,
          c.ldapPort,
          c.ldaps,
          c.ldapsPort,
          c.bindDn,
          c.bindPassword,
          c.certificateNames,
          c.certificateNotAfter,
          c.requireStrongAuth,
          c.hiddenAttributes);
    }

    /** The mutable copy {@link #edit} changes. */
    private static final class Copy {
      String baseDn;
      int ldapPort;
      boolean ldaps;
      int ldapsPort;
      String bindDn;
      String bindPassword;
      List<String> certificateNames;
      Instant certificateNotAfter;
      boolean requireStrongAuth;
      List<String> hiddenAttributes;

      Copy(Options o) {
        baseDn = o.baseDn;
        ldapPort = o.ldapPort;
        ldaps = o.ldaps;
        ldapsPort = o.ldapsPort;
        bindDn = o.bindDn;
        bindPassword = o.bindPassword;
        certificateNames = o.certificateNames;
        certificateNotAfter = o.certificateNotAfter;
        requireStrongAuth = o.requireStrongAuth;
        hiddenAttributes = o.hiddenAttributes;
      }
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
    return load(records(ldif, name), name, options);
  }

  /** Starts the directory with entries from an LDIF stream; {@code name} is used in messages. */
  public static EmbeddedDirectory start(InputStream ldif, String name, Options options) {
    return load(records(ldif, name), name, options);
  }

  /** Starts the directory with entries from LDIF text; {@code name} is used in messages. */
  public static EmbeddedDirectory start(String ldif, String name, Options options) {
    return load(LdifRecords.parse(name, ldif), name, options);
  }

  // The file's bytes and text are dropped once parsed: a 500,000-user LDIF is 250 MB of each
  // (docs/performance.md, "The sandbox at scale").
  private static LdifRecords records(Path ldif, String name) {
    return LdifRecords.parse(name, text(ldif, name));
  }

  // Only the text outlives this method: the bytes go as soon as it returns.
  private static String text(Path ldif, String name) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(ldif);
    } catch (NoSuchFileException e) {
      throw invalid(name, 0, "file not found", "check the path of the LDIF file");
    } catch (IOException e) {
      throw invalid(
          name, 0, "cannot read the file: " + e.getMessage(), "check the path and its permissions");
    }
    return decodeUtf8(bytes, name);
  }

  private static LdifRecords records(InputStream ldif, String name) {
    byte[] bytes;
    try {
      bytes = ldif.readAllBytes();
    } catch (IOException e) {
      throw invalid(name, 0, "cannot read: " + e.getMessage(), "check the input");
    }
    return LdifRecords.parse(name, decodeUtf8(bytes, name));
  }

  private static EmbeddedDirectory load(LdifRecords records, String name, Options options) {
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
    // Each entry on its own, side by side; the problems in the file's order.
    List<List<Diagnostic>> perEntry =
        entries.parallelStream()
            .map(
                located -> {
                  List<Diagnostic> found = new ArrayList<>(0);
                  AdEntries.completeObjectClasses(located.entry(), schema);
                  AdEntries.checkEntry(name, located, base, schema, found);
                  return found;
                })
            .toList();
    List<Diagnostic> problems = new ArrayList<>();
    perEntry.forEach(problems::addAll);
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
      // Like AD's indexed attributes: without them every search scans every entry, and a
      // benchmark org of 50,000 users spends its time in the emulator, not in hardmatch.
      config.setEqualityIndexAttributes("sAMAccountName", "userPrincipalName");
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
      AdManners manners =
          new AdManners(receivedFilters, options.requireStrongAuth(), options.hiddenAttributes());
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

      List<Entry> toAdd = AdEntries.serverEntries(base, entries);
      // From here the entries are held by toAdd alone, which the load may shrink as it goes;
      // problems need only the lines.
      entries.replaceAll(LdifRecords.Located::withoutEntry);
      if (DirectLoad.load(server, schema, base, toAdd)) {
        // Held by the server now in its own form; these copies can go.
        toAdd.clear();
        entries.clear();
      } else {
        AdEntries.addEntries(name, server, toAdd, entries, problems);
      }
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

  /** How many searches were received over the network (what {@link #receivedFilters()} holds). */
  public int searchCount() {
    return receivedFilters.size();
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
      entries.sort(Comparator.comparing(AdEntries::parsedDn));
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

  /** Every entry as it is now, for {@link #restore} (the crash harness, docs/apply.md). */
  public InMemoryDirectoryServerSnapshot snapshot() {
    return server.createSnapshot();
  }

  /** Puts every entry back as it was at {@code snapshot}. */
  public void restore(InMemoryDirectoryServerSnapshot snapshot) {
    server.restoreSnapshot(snapshot);
  }

  @Override
  public void close() {
    cleanUp(server, tempDir);
  }
}
