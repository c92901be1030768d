package dev.hardmatch.samba;

import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import dev.hardmatch.spec.LinksFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one Samba AD DC of a test run, driven through {@code ci/samba-dc.sh} as a user of the script
 * would: {@code start} prints KEY=VALUE lines, {@code stop} removes everything again. Other JVMs on
 * the machine (another worktree's build) wait for a file lock, since the DC's ports are fixed.
 */
final class SambaDc implements AutoCloseable {
  /** Set to 1 in CI: a machine that cannot run the DC is then a failure, not a skip. */
  static final String REQUIRE_ENV = "HARDMATCH_REQUIRE_SAMBA";

  private static final Path SCRIPT = Path.of("ci", "samba-dc.sh").toAbsolutePath();
  private static final Path SUITE_LOCK = Path.of("/tmp/hardmatch-samba-suite.lock");
  private static final long START_TIMEOUT_SECONDS = 900; // includes apt-get install

  private final Map<String, String> env;
  private final boolean stopWhenDone;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Thread shutdownHook;
  private Seed seed;
  private boolean closed;

  private SambaDc(
      Map<String, String> env, boolean stopWhenDone, FileChannel lockChannel, FileLock lock) {
    this.env = Map.copyOf(env);
    this.stopWhenDone = stopWhenDone;
    this.lockChannel = lockChannel;
    this.lock = lock;
    // Belt and braces: a JVM that ends without JUnit closing its store still stops the DC.
    this.shutdownHook = new Thread(this::stopQuietly, "samba-dc-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Why the machine cannot run the DC, or null when it can (as far as one can tell up front). */
  static String unavailableReason() {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
      return "the Samba AD DC tests need Linux (this is " + System.getProperty("os.name") + ")";
    }
    if (!Files.isExecutable(SCRIPT)) {
      return SCRIPT + " is missing or not executable";
    }
    String uid = run(List.of("id", "-u"), 10).output().trim();
    if (!uid.equals("0")) {
      return "the Samba AD DC tests need root (Samba binds the fixed LDAP ports 389/636); uid is "
          + uid;
    }
    if (!onPath("samba") && !onPath("apt-get")) {
      return "Samba is not installed and there is no apt-get to install it";
    }
    return null;
  }

  /**
   * Starts the DC (or takes the one already answering), waiting first for any other test run on
   * this machine to finish with it.
   *
   * @throws Unavailable when the machine cannot run it (exit code 2 of the script)
   */
  static SambaDc start() {
    FileChannel channel = null;
    FileLock lock = null;
    try {
      channel = FileChannel.open(SUITE_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = channel.lock();
      boolean alreadyRunning = run(List.of(SCRIPT.toString(), "status"), 60).exitCode() == 0;
      Result result = run(List.of(SCRIPT.toString(), "start"), START_TIMEOUT_SECONDS);
      if (result.exitCode() == 2) {
        throw new Unavailable(lastLines(result.errors()));
      }
      if (result.exitCode() != 0) {
        throw new IllegalStateException(
            "ci/samba-dc.sh start failed (exit " + result.exitCode() + "):\n" + result.errors());
      }
      Map<String, String> env = parse(result.output());
      for (String key :
          List.of("LDAP_URL", "LDAPS_URL", "BIND_DN", "BIND_PASSWORD", "BASE_DN", "CA_FILE")) {
        if (!env.containsKey(key)) {
          throw new IllegalStateException(
              "ci/samba-dc.sh start printed no " + key + ":\n" + result.output());
        }
      }
      // A DC someone started by hand stays up; the one this run started goes down with it.
      return new SambaDc(env, !alreadyRunning, channel, lock);
    } catch (IOException e) {
      release(channel, lock);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      release(channel, lock);
      throw e;
    }
  }

  /** The KEY=VALUE lines; values may hold '=' (DNs). */
  static Map<String, String> parse(String output) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+")) {
        env.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return env;
  }

  String ldapUrl() {
    return env.get("LDAP_URL");
  }

  String ldapsUrl() {
    return env.get("LDAPS_URL");
  }

  /** The bind name (Administrator@REALM: a UPN-style bind, as a service account would use). */
  String bindDn() {
    return env.get("BIND_DN");
  }

  String bindPassword() {
    return env.get("BIND_PASSWORD");
  }

  String baseDn() {
    return env.get("BASE_DN");
  }

  Path caFile() {
    return Path.of(env.get("CA_FILE"));
  }

  String realm() {
    return env.getOrDefault("REALM", "HARDMATCH.TEST");
  }

  /** The DC's own smb.conf (for samba-tool). */
  Path smbConf() {
    return Path.of(env.get("SMB_CONF"));
  }

  /** The variable the links files of these tests name for the bind password. */
  static final String PASSWORD_ENV = "HARDMATCH_LDAP_PASSWORD";

  /** directory: as a links file would give it, binding as the DC's administrator. */
  LinksFile.DirectorySpec directorySpec(String url, boolean startTls, Path caFile) {
    return new LinksFile.DirectorySpec(
        url,
        startTls,
        caFile,
        baseDn(),
        new LinksFile.Bind(bindDn(), PASSWORD_ENV, null),
        LinksFile.SourceAnchor.AUTO);
  }

  /** The environment hardmatch gets: the bind password in {@link #PASSWORD_ENV}. */
  Map<String, String> passwordEnv() {
    return Map.of(PASSWORD_ENV, bindPassword());
  }

  /** A bound LDAPS connection for seeding and for reading the server's truth independently. */
  LDAPConnection connect() {
    try {
      SSLUtil ssl = new SSLUtil(new PEMFileTrustManager(caFile().toFile()));
      LDAPConnectionOptions options = new LDAPConnectionOptions();
      options.setFollowReferrals(false);
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
      LDAPURL url = new LDAPURL(ldapsUrl());
      LDAPConnection connection =
          new LDAPConnection(ssl.createSSLSocketFactory(), options, url.getHost(), url.getPort());
      connection.bind(bindDn(), bindPassword());
      return connection;
    } catch (LDAPException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot bind to the Samba DC over LDAPS: " + e, e);
    }
  }

  /** AD's extended-DN control; value SEQUENCE { INTEGER 1 } asks for GUIDs in string form. */
  static final String EXTENDED_DN_OID = "1.2.840.113556.1.4.529";

  private static final Pattern GUID_IN_DN = Pattern.compile("<GUID=([0-9a-fA-F-]{36})>");

  /**
   * The server's own GUID strings, by lower-cased sAMAccountName, read with the extended-DN control
   * (the DN comes back as {@code <GUID=…>;<SID=…>;CN=…}). No objectGUID attribute is asked for, so
   * nothing here shares a byte with the adapter's read.
   */
  Map<String, String> guidStrings(String baseDn, Filter filter) {
    Map<String, String> guids = new HashMap<>();
    try (LDAPConnection connection = connect()) {
      ASN1OctetString cookie = null;
      do {
        SearchRequest request =
            new SearchRequest(baseDn, SearchScope.SUB, filter, "sAMAccountName");
        request.addControl(
            new Control(
                EXTENDED_DN_OID,
                false,
                new ASN1OctetString(new ASN1Sequence(new ASN1Integer(1)).encode())));
        request.addControl(new SimplePagedResultsControl(1000, cookie, false));
        SearchResult page = connection.search(request);
        for (SearchResultEntry entry : page.getSearchEntries()) {
          Matcher m = GUID_IN_DN.matcher(entry.getDN());
          if (!m.find()) {
            throw new IllegalStateException("no <GUID=…> in the extended DN " + entry.getDN());
          }
          guids.put(entry.getAttributeValue("sAMAccountName").toLowerCase(Locale.ROOT), m.group(1));
        }
        SimplePagedResultsControl response = SimplePagedResultsControl.get(page);
        cookie = response != null && response.moreResultsToReturn() ? response.getCookie() : null;
      } while (cookie != null);
    } catch (LDAPException e) {
      throw new IllegalStateException("extended-DN search failed: " + e.getMessage(), e);
    }
    return guids;
  }

  /** The userPrincipalName the DC holds for {@code dn} now (null when unset). */
  String userPrincipalName(String dn) {
    return attribute(dn, "userPrincipalName");
  }

  /** One attribute of {@code dn} as the DC holds it now (null when unset). */
  String attribute(String dn, String name) {
    try (LDAPConnection connection = connect()) {
      SearchResultEntry entry = connection.getEntry(dn, name);
      if (entry == null) {
        throw new IllegalStateException("no entry " + dn);
      }
      return entry.getAttributeValue(name);
    } catch (LDAPException e) {
      throw new IllegalStateException("cannot read " + dn + ": " + e.getMessage(), e);
    }
  }

  /** The users every test relies on, added once over LDAPS (see {@link Seed}). */
  synchronized Seed seed() {
    if (seed == null) {
      seed = Seed.create(this);
    }
    return seed;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Already in the hook.
    }
    try {
      if (stopWhenDone) {
        Result result = run(List.of(SCRIPT.toString(), "stop"), 120);
        if (result.exitCode() != 0) {
          throw new IllegalStateException(
              "ci/samba-dc.sh stop failed (exit " + result.exitCode() + "):\n" + result.errors());
        }
      }
    } finally {
      release(lockChannel, lock);
    }
  }

  private void stopQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("samba-dc: " + e.getMessage());
    }
  }

  private static void release(FileChannel channel, FileLock lock) {
    try {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // The lock goes with the JVM anyway.
    }
  }

  /** The machine cannot run the DC; the message says why. */
  static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String reason) {
      super(reason);
    }
  }

  record Result(int exitCode, String output, String errors) {}

  /** Runs a command, collecting stdout and stderr; never waits longer than the timeout. */
  static Result run(List<String> command, long timeoutSeconds) {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
    pb.environment().remove("SAMBA_DC_DIR"); // the script's default: a fresh temporary folder
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      return new Result(127, "", "cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  private static String lastLines(String text) {
    String[] lines = text.strip().split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 5), lines.length));
  }
}
