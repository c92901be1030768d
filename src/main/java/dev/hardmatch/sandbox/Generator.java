package dev.hardmatch.sandbox;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.anchor.Sid;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Writes a realistic, reproducible organisation for scale tests and the benchmark: {@code ad.ldif},
 * {@code tenant.json} and {@code links.yaml} for the first {@code links} users. A fraction of the
 * linked users have a sync-created duplicate holding their anchor, some of those already in the
 * recycle bin, and some AD users carry mS-DS-ConsistencyGuid. By default nothing blocks a plan: no
 * roles on targets, no licensed duplicates. Files are streamed, never held whole in memory.
 */
public final class Generator {

  /** What to generate. Fractions are 0..1. */
  public record Options(
      int users,
      int links,
      double duplicates,
      double deleted,
      long seed,
      Path out,
      int ldapPort,
      int graphPort,
      String token,
      double adminTargets,
      double licensedDuplicates) {

    /** An organisation in which nothing blocks a plan. */
    public Options(
        int users,
        int links,
        double duplicates,
        double deleted,
        long seed,
        Path out,
        int ldapPort,
        int graphPort,
        String token) {
      this(users, links, duplicates, deleted, seed, out, ldapPort, graphPort, token, 0, 0);
    }

    public void check() {
      if (users < 1 || users > 1_000_000) {
        throw usage("--users must be between 1 and 1,000,000, got " + users);
      }
      if (links < 0 || links > users) {
        throw usage("--links must be between 0 and --users (" + users + "), got " + links);
      }
      if (!fraction(duplicates)
          || !fraction(deleted)
          || !fraction(adminTargets)
          || !fraction(licensedDuplicates)) {
        throw usage(
            "--duplicates, --deleted, --admin-targets and --licensed-duplicates are fractions"
                + " between 0 and 1");
      }
    }
  }

  private static boolean fraction(double f) {
    return f >= 0 && f <= 1;
  }

  /** Global Administrator: a target holding it can't be hard-matched (the plan says so). */
  static final String GLOBAL_ADMIN_ROLE = "62e90394-69f5-4237-9190-012177145e10";

  /** The fixed identity of every generated organisation. */
  public static final String TENANT_ID = "5b0c1f2a-0000-4000-8000-00000000be9c";

  public static final String BASE_DN = "DC=corp,DC=fabrikam,DC=com";
  public static final String DOMAIN = "fabrikam.com";
  public static final String INITIAL_DOMAIN = "fabrikam.onmicrosoft.com";
  public static final String BIND_DN = "CN=svc-hardmatch,CN=Users," + BASE_DN;

  /** The generated domain's SID; each user's objectSid is this and a RID. */
  static final String DOMAIN_SID = "S-1-5-21-3623811015-3361044348-30300820";

  private static final String SKU = "05e9a617-0261-4cee-bb44-138d3ef5d965";
  static final String[] GIVEN = {
    "Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "June", "Kai", "Lena", "Milo",
    "Nora", "Otto", "Pia", "Quin", "Rosa", "Sami", "Tess", "Uma", "Vic", "Wren", "Yara", "Zeno"
  };
  static final String[] SURNAMES = {
    "Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jansen",
    "Khan", "Lopez", "Meyer", "Novak", "Okafor", "Patel", "Quinn", "Rossi", "Silva", "Tanaka"
  };

  private Generator() {}

  /** What was written, for the command's summary. */
  public record Result(
      int users,
      int links,
      int duplicates,
      int deletedHolders,
      int adminTargets,
      int licensedDuplicates) {}

  public static Result generate(Options o) {
    return generate(o, false);
  }

  /**
   * Generates the organisation; with {@code noise} also the untidiness {@code discover} must cope
   * with ({@link Noise}). Either way {@code truth.csv} lists every AD user's own cloud account.
   */
  public static Result generate(Options o, boolean noise) {
    o.check();
    try {
      Files.createDirectories(o.out());
      SplittableRandom random = new SplittableRandom(o.seed());
      GeneratedPerson[] people = new GeneratedPerson[o.users()];
      for (int i = 0; i < o.users(); i++) {
        people[i] = person(i, random);
      }
      int dups = 0;
      int deleted = 0;
      for (int i = 0; i < o.links(); i++) {
        if (random.nextDouble() < o.duplicates()) {
          people[i].duplicate = random.nextDouble() < o.deleted() ? 2 : 1;
          dups++;
          if (people[i].duplicate == 2) {
            deleted++;
          }
        }
      }
      // Blockers come from their own stream, so adding them leaves the rest of the org unchanged.
      SplittableRandom blockers = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
      int admins = 0;
      int licensed = 0;
      for (int i = 0; i < o.links(); i++) {
        if (o.adminTargets() > 0 && blockers.nextDouble() < o.adminTargets()) {
          people[i].admin = true;
          admins++;
        }
        if (people[i].duplicate == 1
            && o.licensedDuplicates() > 0
            && blockers.nextDouble() < o.licensedDuplicates()) {
          people[i].licensedDuplicate = true;
          licensed++;
        }
      }
      List<GeneratedPerson> cloudOnly =
          noise ? Noise.apply(people, o.links(), o.seed()) : List.of();
      // The AD and the tenant file are about the same size and independent: written side by side
      // (500,000 users are half a gigabyte of text; docs/performance.md, "Scale").
      FutureTask<Void> ldif =
          new FutureTask<>(
              () -> {
                writeLdif(o.out().resolve("ad.ldif"), people);
                return null;
              });
      Thread ldifWriter = new Thread(ldif, "hardmatch-generate-ldif");
      ldifWriter.start();
      writeTenant(o.out().resolve("tenant.json"), people, cloudOnly);
      writeLinks(o, people);
      writeTruth(o.out().resolve("truth.csv"), people);
      awaitWritten(ldif);
      return new Result(o.users(), o.links(), dups, deleted, admins, licensed);
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO,
          "cannot write to " + o.out() + ": " + e.getMessage(),
          "choose a folder you can write to with --out");
    }
  }

  private static GeneratedPerson person(int i, SplittableRandom random) {
    GeneratedPerson p = new GeneratedPerson();
    p.given = GIVEN[random.nextInt(GIVEN.length)];
    p.surname = SURNAMES[random.nextInt(SURNAMES.length)];
    p.sam = String.format(Locale.ROOT, "u%06d", i);
    p.sameAddressEverywhere(
        p.given.toLowerCase(Locale.ROOT)
            + "."
            + p.surname.toLowerCase(Locale.ROOT)
            + "."
            + i
            + "@"
            + DOMAIN);
    p.sid = DOMAIN_SID + "-" + (1100 + i); // the RID follows the index: no randomness used
    p.objectGuid = randomGuidBytes(random);
    if (random.nextDouble() < 0.1) {
      p.consistencyGuid = randomGuidBytes(random);
    }
    p.cloudId = new UUID(random.nextLong(), random.nextLong()).toString();
    p.duplicateId = new UUID(random.nextLong(), random.nextLong()).toString();
    return p;
  }

  private static byte[] randomGuidBytes(SplittableRandom random) {
    byte[] b = new byte[16];
    for (int i = 0; i < 16; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    b[7] = (byte) ((b[7] & 0x0f) | 0x40); // version 4, in ToByteArray order
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    return b;
  }

  private static void writeLdif(Path file, GeneratedPerson[] people) throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# Generated by hardmatch sandbox generate\n\n");
      w.write("dn: " + BASE_DN + "\nobjectClass: top\nobjectClass: domain\ndc: corp\n\n");
      w.write("dn: OU=People," + BASE_DN + "\nobjectClass: top\nobjectClass: organizationalUnit\n");
      w.write("ou: People\n\n");
      for (GeneratedPerson p : people) {
        String cn = p.given + " " + p.surname + " " + p.sam;
        w.write("dn: CN=" + cn + ",OU=People," + BASE_DN + "\n");
        w.write("objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\n");
        w.write("objectClass: user\ncn: " + cn + "\n");
        w.write("sAMAccountName: " + p.sam + "\nuserPrincipalName: " + p.adUpn + "\n");
        w.write("displayName: " + p.given + " " + p.surname + "\n");
        w.write("givenName: " + p.given + "\nsn: " + p.surname + "\n");
        if (p.adMail != null) {
          w.write("mail: " + p.adMail + "\n");
        }
        for (String proxy : p.adProxies) {
          w.write("proxyAddresses: " + proxy + "\n");
        }
        if (p.employeeId != null) {
          w.write("employeeID: " + p.employeeId + "\n");
        }
        w.write("userAccountControl: 512\n");
        w.write("objectGUID:: " + b64.encodeToString(p.objectGuid) + "\n");
        if (p.consistencyGuid != null) {
          w.write("mS-DS-ConsistencyGuid:: " + b64.encodeToString(p.consistencyGuid) + "\n");
        }
        w.write("objectSid:: " + b64.encodeToString(Sid.toBytes(p.sid)) + "\n");
        w.write("\n");
      }
    }
  }

  private static void writeTenant(
      Path file, GeneratedPerson[] people, List<GeneratedPerson> cloudOnly) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        JsonGenerator g = new JsonFactory().createGenerator(os, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("tenantId", TENANT_ID);
      g.writeStringField("displayName", "Fabrikam (generated)");
      g.writeArrayFieldStart("verifiedDomains");
      domain(g, DOMAIN, true, false);
      domain(g, INITIAL_DOMAIN, false, true);
      g.writeEndArray();
      g.writeArrayFieldStart("users");
      for (GeneratedPerson p : people) {
        if (p.cloud) {
          user(g, p.cloudId, p.cloudUpn, p, null, null, true);
        }
      }
      for (GeneratedPerson p : cloudOnly) {
        user(g, p.cloudId, p.cloudUpn, p, null, null, true);
      }
      for (GeneratedPerson p : people) {
        if (p.duplicate == 1) {
          user(g, p.duplicateId, duplicateUpn(p), p, anchorOf(p), null, p.licensedDuplicate);
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("deletedUsers");
      for (GeneratedPerson p : people) {
        if (p.duplicate == 2) {
          user(g, p.duplicateId, duplicateUpn(p), p, anchorOf(p), "2026-11-20T08:00:00Z", false);
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("roleAssignments");
      for (GeneratedPerson p : people) {
        if (p.admin) {
          g.writeStartObject();
          g.writeStringField("principalId", p.cloudId);
          g.writeStringField("roleDefinitionId", GLOBAL_ADMIN_ROLE);
          g.writeStringField("directoryScopeId", "/");
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("roleEligibilities");
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static String anchorOf(GeneratedPerson p) {
    return Anchor.ofBytes(p.anchor()).immutableId();
  }

  private static String duplicateUpn(GeneratedPerson p) {
    String prefix = p.adUpn.substring(0, p.adUpn.indexOf('@'));
    return prefix
        + String.format(Locale.ROOT, "%04d", Math.floorMod(p.sam.hashCode(), 10000))
        + "@"
        + INITIAL_DOMAIN;
  }

  private static void domain(JsonGenerator g, String name, boolean isDefault, boolean isInitial)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeBooleanField("isDefault", isDefault);
    g.writeBooleanField("isInitial", isInitial);
    g.writeEndObject();
  }

  private static void user(
      JsonGenerator g,
      String id,
      String upn,
      GeneratedPerson p,
      String anchor,
      String deletedDateTime,
      boolean licensed)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("userPrincipalName", upn);
    g.writeStringField("displayName", p.given + " " + p.surname);
    g.writeStringField("givenName", p.given);
    g.writeStringField("surname", p.surname);
    if (anchor == null) {
      g.writeStringField("mail", p.cloudMail);
      g.writeArrayFieldStart("proxyAddresses");
      for (String proxy : p.cloudProxies) {
        g.writeString(proxy);
      }
      g.writeEndArray();
      if (!p.otherMails.isEmpty()) {
        g.writeArrayFieldStart("otherMails");
        for (String m : p.otherMails) {
          g.writeString(m);
        }
        g.writeEndArray();
      }
      if (p.cloudEmployeeId != null) {
        g.writeStringField("employeeId", p.cloudEmployeeId);
      }
    } else {
      g.writeNullField("mail");
      g.writeArrayFieldStart("proxyAddresses");
      g.writeEndArray();
    }
    g.writeBooleanField("accountEnabled", true);
    if (anchor == null) {
      g.writeNullField("onPremisesImmutableId");
      g.writeNullField("onPremisesSyncEnabled");
    } else {
      g.writeStringField("onPremisesImmutableId", anchor);
      g.writeBooleanField("onPremisesSyncEnabled", true);
      // What sync writes on the users it creates: the AD user's objectSid and sAMAccountName.
      g.writeStringField("onPremisesSecurityIdentifier", p.sid);
      g.writeStringField("onPremisesSamAccountName", p.sam);
    }
    g.writeArrayFieldStart("assignedLicenses");
    if (licensed) {
      g.writeStartObject();
      g.writeStringField("skuId", SKU);
      g.writeArrayFieldStart("disabledPlans");
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    if (deletedDateTime != null) {
      g.writeStringField("deletedDateTime", deletedDateTime);
    }
    g.writeEndObject();
  }

  private static void writeLinks(Options o, GeneratedPerson[] people) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(o.out().resolve("links.yaml"))) {
      w.write("# Generated by hardmatch sandbox generate (seed " + o.seed() + ").\n");
      w.write("# Serve it with: hardmatch sandbox serve --ldif ad.ldif --tenant tenant.json");
      w.write(" --ldap-port " + o.ldapPort() + " --graph-port " + o.graphPort());
      if (o.token() != null) {
        w.write(" --token $HARDMATCH_GRAPH_TOKEN");
      }
      w.write("\nversion: 1\n");
      w.write("tenant:\n  id: " + TENANT_ID + "\n");
      w.write("  graph: http://127.0.0.1:" + o.graphPort() + "/v1.0\n");
      w.write("directory:\n  url: ldap://127.0.0.1:" + o.ldapPort() + "\n");
      w.write("  baseDn: " + BASE_DN + "\n");
      w.write("  bind: { user: \"" + BIND_DN + "\", passwordEnv: HARDMATCH_LDAP_PASSWORD }\n");
      w.write("policy:\n  deleteDuplicates: true\n  purgeDeleted: true\n");
      w.write("  maxDeletes: " + Math.max(1, o.links()) + "\n");
      w.write("links:\n");
      for (int i = 0; i < o.links(); i++) {
        GeneratedPerson p = people[i];
        w.write("  - { sam: " + p.sam + ", upn: \"" + p.cloudUpn + "\"" + adUpn(p) + " }\n");
      }
    }
  }

  /** Where the AD UPN differs from the cloud UPN, the link sets it (as an admin would). */
  private static String adUpn(GeneratedPerson p) {
    return p.adUpn.equalsIgnoreCase(p.cloudUpn) ? "" : ", adUpn: match";
  }

  /**
   * Every AD user's own cloud account, as {@code hardmatch import} reads it: what {@code discover}
   * should find.
   */
  private static void writeTruth(Path file, GeneratedPerson[] people) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("sam,upn,adUpn\n");
      for (GeneratedPerson p : people) {
        if (p.cloud) {
          w.write(p.sam + "," + p.cloudUpn + "," + (adUpn(p).isEmpty() ? "" : "match") + "\n");
        }
      }
    }
  }

  private static void awaitWritten(FutureTask<Void> task) throws IOException {
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    }
  }

  private static HardmatchException usage(String message) {
    return new HardmatchException(
        HardmatchException.Code.USAGE,
        message,
        "see 'hardmatch sandbox generate --help', e.g. --users 5000 --links 1000");
  }
}
