package dev.hardmatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.apply.Apply;
import dev.hardmatch.apply.Unlink;
import dev.hardmatch.connect.Connectors;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.plan.PlanResult;
import dev.hardmatch.plan.Planner;
import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.TenantEmulator;
import dev.hardmatch.sandbox.graph.TenantState;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.TenantSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A throwaway world for the apply and verify tests: the embedded AD and the tenant emulator started
 * from a scenario folder under {@code src/test/resources/apply/}, a git repository in a temporary
 * folder holding {@code links.yaml} that points at both, and helpers to plan, commit, run the CLI
 * in-process and take byte-exact snapshots of both sandboxes.
 */
final class ApplySandbox implements AutoCloseable {
  static final String TENANT_ID = "7d1a2c3e-0000-4000-8000-000000000001";
  static final String PLAN = "plans/migration.plan.json";
  static final String PASSWORD_ENV = "HARDMATCH_LDAP_PASSWORD";

  /** The five links of the "main" scenario: each kind of step once, and one unchanged link. */
  static final String MAIN_LINKS =
      """
        - { sam: johns, upn: john.smith@contoso.com }
        - { sam: maryk, upn: mary.king@contoso.com }
        - { sam: peterp, upn: peter.parker@contoso.com }
        - { sam: annaw, upn: anna.white@contoso.com, adUpn: match }
        - { sam: bobl, upn: bob.lee@contoso.com }
      """;

  // Object ids in the scenarios' tenant.json.
  static final String JOHN = "00000000-0000-4000-8000-0000000000a1";
  static final String JOHN_DUP = "00000000-0000-4000-8000-0000000000d1";
  static final String MARY = "00000000-0000-4000-8000-0000000000a2";
  static final String MARY_DELETED_DUP = "00000000-0000-4000-8000-0000000000d2";
  static final String PETER = "00000000-0000-4000-8000-0000000000a3";
  static final String ANNA = "00000000-0000-4000-8000-0000000000a4";
  static final String JOHN_ANCHOR = "EQAAAKqqu0uMzAAAAAAAAQ==";
  static final String MARY_ANCHOR = "EgAAAKqqu0uMzAAAAAAAAg==";
  static final String PETER_ANCHOR = "EwAAAKqqu0uMzAAAAAAAAw==";
  static final String ANNA_ANCHOR = "FAAAAKqqu0uMzAAAAAAABA==";
  static final String ANNA_DN = "CN=Anna White,OU=Staff,DC=corp,DC=example,DC=com";

  private static final ObjectMapper JSON = new ObjectMapper();

  final Path repo;
  final Git git;
  final EmbeddedDirectory ad;
  final TenantEmulator tenant;

  private ApplySandbox(Path repo, Git git, EmbeddedDirectory ad, TenantEmulator tenant) {
    this.repo = repo;
    this.git = git;
    this.ad = ad;
    this.tenant = tenant;
  }

  /** Starts the scenario {@code name} with a fresh git repository in {@code dir}. */
  static ApplySandbox start(Path dir, String name) {
    return start(dir, name, b -> b);
  }

  /** As above, with emulator options (latency, faults) adjusted. */
  static ApplySandbox start(
      Path dir, String name, UnaryOperator<EmulatorOptions.Builder> emulatorOptions) {
    String base = "/apply/" + name + "/";
    return start(
        dir, resource(base + "ad.ldif"), resource(base + "tenant.json"), name, emulatorOptions);
  }

  /** Starts both sandboxes from LDIF and tenant.json text. */
  static ApplySandbox start(
      Path dir,
      String ldif,
      String tenantJson,
      String name,
      UnaryOperator<EmulatorOptions.Builder> emulatorOptions) {
    EmbeddedDirectory ad =
        EmbeddedDirectory.start(ldif, name + "/ad.ldif", EmbeddedDirectory.Options.defaults());
    TenantState state = TenantState.parse(tenantJson, name + "/tenant.json");
    TenantEmulator tenant =
        TenantEmulator.start(
            state,
            emulatorOptions
                .apply(EmulatorOptions.builder().syncSource(ad.ldap(), ad.baseDn()))
                .build());
    try {
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
      return new ApplySandbox(dir.toRealPath(), git, ad, tenant);
    } catch (GitAPIException | IOException e) {
      tenant.close();
      ad.close();
      throw new IllegalStateException(e);
    }
  }

  static String resource(String path) {
    try (InputStream in = ApplySandbox.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code links.yaml} pointing at both sandboxes, with these link lines. */
  ApplySandbox links(String linkLines) {
    return links(linkLines, tenant.graphUrl().toString());
  }

  /** As {@link #links(String)} with another Graph endpoint. */
  ApplySandbox links(String linkLines, String graphUrl) {
    String yaml =
        "version: 1\n"
            + "tenant:\n"
            + "  id: "
            + tenant.state().tenantId()
            + "\n"
            + "  graph: "
            + graphUrl
            + "\n"
            + "directory:\n"
            + "  url: "
            + ad.ldapUrl()
            + "\n"
            + "  baseDn: "
            + ad.baseDn()
            + "\n"
            + "  bind: { user: '"
            + ad.bindDn()
            + "', passwordEnv: "
            + PASSWORD_ENV
            + " }\n"
            + "  sourceAnchor: auto\n"
            + "policy:\n"
            + "  deleteDuplicates: true\n"
            + "  purgeDeleted: true\n"
            + "  maxDeletes: 25\n"
            + "links:\n"
            + linkLines;
    write("links.yaml", yaml);
    return this;
  }

  void write(String rel, String text) {
    try {
      Path p = repo.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String rel) {
    try {
      return Files.readString(repo.resolve(rel), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path path(String rel) {
    return repo.resolve(rel);
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HARDMATCH_GRAPH_TOKEN", tenant.token());
    env.put(PASSWORD_ENV, ad.bindPassword());
    return env;
  }

  CliContext context(ByteArrayOutputStream out, ByteArrayOutputStream err) {
    return new CliContext(
        new ByteArrayInputStream(new byte[0]),
        new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true),
        env(),
        repo,
        false);
  }

  /** Runs hardmatch in-process in the repository, as a user would. */
  CliResult cli(String... args) {
    return CliResult.run(env(), repo, args);
  }

  /** Runs hardmatch with the benchmark's naive adapters ({@link NaiveMain}). */
  CliResult naiveCli(String... args) {
    return CliResult.run(NaiveMain::run, env(), repo, args);
  }

  /**
   * Runs apply through the same {@link Apply} the command uses, with the adapters decorated (fault
   * injection, races).
   */
  CliResult apply(
      UnaryOperator<Tenant> tenantDecorator, UnaryOperator<Directory> directoryDecorator) {
    return apply(Apply.Options.defaults(), false, tenantDecorator, directoryDecorator);
  }

  /**
   * As above with options; {@code redirectGraph} connects to this emulator whatever endpoint the
   * links file names (to test a "real tenant" endpoint without a network).
   */
  CliResult apply(
      Apply.Options options,
      boolean redirectGraph,
      UnaryOperator<Tenant> tenantDecorator,
      UnaryOperator<Directory> directoryDecorator) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx = context(out, err);
    Apply.Environment env = environment(ctx, redirectGraph, tenantDecorator, directoryDecorator);
    int exit =
        new Apply(env, options, Clock.systemUTC(), repo, ctx.out(), ctx.err())
            .withHookEnvironment(ctx.env())
            .run(repo.resolve(PLAN));
    ctx.out().flush();
    ctx.err().flush();
    return new CliResult(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs unlink through the same {@link Unlink} the command uses, with the tenant decorated. */
  CliResult unlink(UnaryOperator<Tenant> tenantDecorator) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx = context(out, err);
    int exit =
        new Unlink(
                environment(ctx, false, tenantDecorator, d -> d),
                Apply.Options.defaults(),
                Clock.systemUTC(),
                repo,
                ctx.out(),
                ctx.err())
            .run(repo.resolve(PLAN));
    ctx.out().flush();
    ctx.err().flush();
    return new CliResult(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The real adapters, decorated; {@code redirectGraph} as in {@link #apply}. */
  private Apply.Environment environment(
      CliContext ctx,
      boolean redirectGraph,
      UnaryOperator<Tenant> tenantDecorator,
      UnaryOperator<Directory> directoryDecorator) {
    Connectors real = new Throughput().connectors(ctx, GraphAuth.DEFAULT, null);
    return new Apply.Environment() {
      @Override
      public LinksFile loadLinks(Path file) {
        return real.loadLinks(file);
      }

      @Override
      public Tenant openTenant(LinksFile links) {
        LinksFile target = links;
        if (redirectGraph) {
          target =
              new LinksFile(
                  links.path(),
                  links.sha256(),
                  links.version(),
                  new LinksFile.TenantSpec(links.tenant().id(), tenant.graphUrl().toString()),
                  links.directory(),
                  links.policy(),
                  links.links());
        }
        return tenantDecorator.apply(real.openTenant(target));
      }

      @Override
      public Directory openDirectory(LinksFile links) {
        return directoryDecorator.apply(real.openDirectory(links));
      }
    };
  }

  /** Plans {@code links.yaml} into {@link #PLAN} with the real {@code hardmatch plan -o}. */
  Plan plan() {
    CliResult run = cli("plan", "links.yaml", "-o", PLAN);
    if (run.exit() != 0) {
      throw new IllegalStateException("the scenario does not plan: " + run);
    }
    return PlanFile.read(repo.resolve(PLAN));
  }

  /**
   * Plans as {@code plan -o} does, but reading the tenant at {@code graphUrl} whatever the links
   * file says (to make a plan for one tenant whose links file then reaches another).
   */
  Plan plan(String graphUrl) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CliContext ctx = context(sink, sink);
    Connectors adapters = new Throughput().connectors(ctx, GraphAuth.DEFAULT, null);
    LinksFile links = LinksLoader.load(repo.resolve("links.yaml"));
    LinksFile readFrom =
        new LinksFile(
            links.path(),
            links.sha256(),
            links.version(),
            new LinksFile.TenantSpec(links.tenant().id(), graphUrl),
            links.directory(),
            links.policy(),
            links.links());
    try (Directory d = adapters.openDirectory(links);
        Tenant t = adapters.openTenant(readFrom)) {
      List<String> sams = new ArrayList<>();
      Set<String> upns = new LinkedHashSet<>();
      for (LinksFile.Link l : links.links()) {
        sams.add(l.sam());
        upns.add(l.upn());
      }
      DirectorySnapshot ds = d.read(sams);
      Set<String> anchors = new LinkedHashSet<>();
      for (LinksFile.Link l : links.links()) {
        for (AdUser u : ds.find(l.sam())) {
          if (u.consistencyGuid() != null) {
            anchors.add(Anchor.ofBytes(u.consistencyGuid()).immutableId());
          }
          anchors.add(Anchor.ofBytes(u.objectGuid()).immutableId());
        }
      }
      TenantSnapshot ts = t.read(upns, anchors);
      PlanResult r = Planner.plan(links, ds, ts);
      if (!r.ok()) {
        throw new IllegalStateException("the scenario does not plan: " + r.problems());
      }
      Plan p =
          PlanFile.finish(
              r.plan().withSource(new Plan.Source("links.yaml", links.sha256())),
              Instant.now().toString(),
              "test");
      PlanFile.write(p, repo.resolve(PLAN));
      return p;
    }
  }

  /** Commits these paths (relative to the repository). */
  void commit(String message, String... paths) {
    try {
      for (String p : paths) {
        git.add().addFilepattern(p).call();
      }
      PersonIdent who = new PersonIdent("Reviewer", "reviewer@example.com");
      git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The Graph writes apply makes for {@code plan} from scratch: one per delete, purge and
   * set-ImmutableId, and one probe write per link that removes a duplicate (README, "Apply").
   */
  static int graphWrites(Plan plan) {
    int probes = 0;
    for (dev.hardmatch.plan.LinkPlan l : plan.links()) {
      if (l.actions().stream()
          .anyMatch(
              a ->
                  a instanceof dev.hardmatch.plan.DeleteUser
                      || a instanceof dev.hardmatch.plan.PurgeDeletedUser)) {
        probes++;
      }
    }
    Plan.Summary s = plan.summary();
    return s.deleteUser() + s.purgeDeletedUser() + s.setImmutableId() + probes;
  }

  /** Plans and commits plan and links file: a reviewed, merged plan. */
  Plan planAndCommit() {
    Plan p = plan();
    commit("Plan the migration", "links.yaml", PLAN);
    return p;
  }

  /** Both sandboxes, byte for byte: the tenant as /_sandbox/state has it, then the AD dump. */
  String snapshot() {
    return tenant.state().toJson() + "\n---\n" + ad.dump();
  }

  ObjectNode tenantJson() {
    try {
      return (ObjectNode) JSON.readTree(tenant.state().toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A user of the tenant state by id: active ("users") or deleted ("deletedUsers"); null if absent.
   */
  JsonNode user(String list, String id) {
    for (JsonNode u : tenantJson().get(list)) {
      if (u.get("id").asText().equals(id)) {
        return u;
      }
    }
    return null;
  }

  /** Changes an active user in the emulator's state (drift between plan and apply). */
  void editUser(String id, UnaryOperator<ObjectNode> edit) {
    ObjectNode u = tenant.state().user(id).orElseThrow().deepCopy();
    tenant.state().putUser(edit.apply(u));
  }

  /** The journal's entries. */
  List<JsonNode> journal() {
    return dev.hardmatch.apply.Journal.read(
        dev.hardmatch.apply.Journal.pathFor(repo.resolve(PLAN)));
  }

  @Override
  public void close() {
    git.close();
    tenant.close();
    ad.close();
  }
}
