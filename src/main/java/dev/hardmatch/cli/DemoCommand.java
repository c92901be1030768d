package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.sandbox.Sandbox;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "The whole story on the sandbox, narrated.",
    description = {
      "The whole story on the sandbox's demo organisation, narrated: validate, plan, open the",
      "takeover window, review, commit, apply, sync, verify, close the window — in a throwaway",
      "git repository. Touches nothing real."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String PASSWORD_ENV = "HARDMATCH_LDAP_PASSWORD";
  private static final String LINKS = "identity/links.yaml";
  private static final String PLAN = "identity/plans/2026-11-contoso.plan.json";
  private static final String TAKEOVER_FLAG = "blockCloudObjectTakeoverThroughHardMatchEnabled";

  private final CliContext ctx;

  @Option(
      names = "--keep",
      description = "Keep the demo repository instead of deleting it (its path is printed).")
  boolean keep;

  DemoCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = ctx.out();
    Path repo = Files.createTempDirectory("hardmatch-demo-");
    // Entra Connect's scheduler, every 30 minutes as by default; apply's sync hooks drive it. The
    // token is a Global Administrator's delegated sign-in (--auth device-code in real life): only
    // that may read and flip the takeover window (README, "Permissions").
    Sandbox.Options options =
        Sandbox.Options.defaults()
            .withSync(Duration.ofMinutes(30), null)
            .withAccess(new Sandbox.GraphAccess(null, true, List.of()));
    try (Sandbox sandbox = Sandbox.startDemo(options);
        Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      // As Microsoft recommends outside a migration window, Contoso blocks hard matches.
      sandbox.tenant().state().setSyncFeature(TAKEOVER_FLAG, true);
      Map<String, String> env = new HashMap<>(ctx.env());
      env.put(PASSWORD_ENV, sandbox.connection().bindPassword());
      env.put("HARDMATCH_GRAPH_TOKEN", sandbox.connection().token());
      CliContext inRepo =
          new CliContext(ctx.in(), out, ctx.err(), Map.copyOf(env), repo, ctx.terminal());

      step(
          "0",
          "The situation",
          "Contoso switched on Entra Connect over a tenant whose people already had cloud"
              + " accounts. Sync did not take them all over: for some it created new, duplicate"
              + " cloud users (john.smith4821@contoso.onmicrosoft.com …) holding the AD anchor,"
              + " one of them licensed, one already deleted to the recycle bin. Like every tenant"
              + " in 2026 it keeps the hard-match takeover window closed"
              + " ("
              + TAKEOVER_FLAG
              + "). hardmatch fixes this declaratively. The sandbox now runs an embedded AD at "
              + sandbox.connection().ldapUrl()
              + " and a tenant emulator at "
              + sandbox.connection().graphUrl()
              + "; the work happens in a throwaway git repository: "
              + repo);

      write(repo.resolve(LINKS), draft(sandbox));
      step(
          "1",
          "Write the links file and validate it (no network)",
          "identity/links.yaml says which AD account (sAMAccountName) belongs to which cloud"
              + " account (UPN). Deletes and purges are opt-in, and bounded by maxDeletes.");
      show("$ hardmatch validate " + LINKS);
      expect(run(inRepo, "validate", LINKS), ExitCode.OK.code(), "validate");

      step(
          "2",
          "Plan the first draft",
          "plan reads AD over LDAP and the tenant over Graph in bulk and checks every rule."
              + " The first draft is refused: nothing is written, every problem is listed.");
      show("$ hardmatch plan " + LINKS);
      expect(run(inRepo, "plan", LINKS), ExitCode.RUNTIME.code(), "the draft plan");
      narrate(
          "Bob Admin holds Global Administrator: Entra never hard-matches a privileged account,"
              + " so that link is taken out (handle admins by hand). Mary's duplicate carries a"
              + " licence; the administrator checked it holds no data and allows licensed"
              + " deletes. And the tenant blocks every hard match (TAKEOVER_BLOCKED): nothing"
              + " would take effect at the next sync.");

      step(
          "3",
          "Open the takeover window (a Global Administrator, for the migration only)",
          "Entra takes a cloud account over by its anchor only while the window is open."
              + " In real life: --auth device-code, signed in as a Global Administrator.");
      show("$ hardmatch takeover open " + LINKS);
      expect(run(inRepo, "takeover", "open", LINKS), ExitCode.OK.code(), "takeover open");

      write(repo.resolve(LINKS), fixed(sandbox));
      step("4", "Plan again and save the plan for review", null);
      show("$ hardmatch plan " + LINKS + " -o " + PLAN);
      expect(run(inRepo, "plan", LINKS, "-o", PLAN), ExitCode.OK.code(), "the plan");
      narrate(
          "For the pull request, 'hardmatch show "
              + PLAN
              + " --format markdown' renders the same plan as a comment a reviewer can read.");

      step(
          "5",
          "Commit the plan (in real life: open a pull request, review, merge)",
          "apply refuses a plan that is not committed, was edited, or no longer matches the"
              + " tenant and AD.");
      git.add().addFilepattern("identity").call();
      PersonIdent who = new PersonIdent("hardmatch demo", "demo@contoso.example");
      git.commit()
          .setMessage("Link Contoso's AD users to their cloud accounts")
          .setAuthor(who)
          .setCommitter(who)
          .setSign(false)
          .call();
      show("$ git add identity && git commit -m 'Link Contoso's AD users to their cloud accounts'");

      step(
          "6",
          "Apply the reviewed plan",
          "Every gate runs first. The links file's sync hooks pause Entra Connect's scheduler"
              + " before the first write, so no delta sync lands between a purge and the anchor;"
              + " each link's steps run in order (batched across links), each duplicate backed up"
              + " to the journal before it is deleted and purged. Then the hooks resume the"
              + " scheduler and, with --sync, start a delta sync.");
      show("$ hardmatch apply " + PLAN + " --sync");
      expect(run(inRepo, "apply", PLAN, "--sync"), ExitCode.OK.code(), "apply");

      step(
          "7",
          "Wait for the sync to take the accounts over",
          "The delta sync the trigger hook started finds each cloud account by its new anchor"
              + " and takes it over; verify --wait checks until every link is linked.");
      show("$ hardmatch verify " + LINKS + " --wait 5m --interval 2s");
      expect(
          run(inRepo, "verify", LINKS, "--wait", "5m", "--interval", "2s"),
          ExitCode.OK.code(),
          "verify --wait");

      step("8", "Verify every link", "verify is also meant for a scheduled pipeline: drift shows.");
      show("$ hardmatch verify " + LINKS);
      int verified = run(inRepo, "verify", LINKS);
      expect(verified, ExitCode.OK.code(), "verify");

      step(
          "9",
          "Close the takeover window",
          "Every link is taken over; block hard matches again until the next migration.");
      show("$ hardmatch takeover close " + LINKS);
      expect(run(inRepo, "takeover", "close", LINKS), ExitCode.OK.code(), "takeover close");

      step("10", "Plan once more: nothing left to do", null);
      show("$ hardmatch plan " + LINKS + " --detailed-exitcode");
      expect(
          run(inRepo, "plan", LINKS, "--detailed-exitcode"), ExitCode.OK.code(), "the final plan");

      out.println();
      out.println(
          "Done: every link is verified. The takeover window is closed again. Next: write your own links.yaml, rehearse it with"
              + " 'hardmatch sandbox serve', and copy a pipeline from ci/ (see the README).");
      if (keep) {
        out.println("The demo repository is kept at " + repo);
      }
      out.flush();
      return ExitCode.OK.code();
    } finally {
      if (!keep) {
        deleteTree(repo);
      }
    }
  }

  private String header(Sandbox sandbox) {
    return "# Which AD account belongs to which cloud account. Reviewed in git like code.\n"
        + sandbox.linksHeader(PASSWORD_ENV);
  }

  private String draft(Sandbox sandbox) {
    return header(sandbox)
        + "policy:\n"
        + "  deleteDuplicates: true   # destructive steps are opt-in\n"
        + "  purgeDeleted: true\n"
        + "  maxDeletes: 5\n"
        + "links:\n"
        + commonLinks()
        + "  - { sam: bobadm, upn: bob.admin@contoso.com }\n";
  }

  private String fixed(Sandbox sandbox) {
    return header(sandbox)
        + "policy:\n"
        + "  deleteDuplicates: true   # destructive steps are opt-in\n"
        + "  purgeDeleted: true\n"
        + "  maxDeletes: 5\n"
        + "  allowLicensedDeletes: true   # Mary's duplicate was checked: no mailbox data\n"
        + "sync:   # in real life: PowerShell remoting to the Entra Connect server (README)\n"
        + "  pause: "
        + hook(sandbox, "pause")
        + "\n  resume: "
        + hook(sandbox, "resume")
        + "\n  trigger: "
        + hook(sandbox, "sync")
        + "\n  timeout: 2m\n"
        + "links:\n"
        + commonLinks();
  }

  /** {@code hardmatch sandbox scheduler ACTION --url …} as an argv array in YAML flow style. */
  private static String hook(Sandbox sandbox, String action) {
    List<String> argv = new ArrayList<>();
    argv.add(ProcessHandle.current().info().command().orElse("java"));
    argv.add("-cp");
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(Path.of(entry).toAbsolutePath().toString()); // hooks run in the demo repo
    }
    argv.add(String.join(File.pathSeparator, classPath));
    argv.add(Main.class.getName());
    argv.addAll(List.of("sandbox", "scheduler", action, "--url", sandbox.connection().graphUrl()));
    List<String> quoted = new ArrayList<>();
    for (String a : argv) {
      quoted.add("'" + a.replace("'", "''") + "'");
    }
    return "[" + String.join(", ", quoted) + "]";
  }

  private static String commonLinks() {
    return "  - { sam: johns, upn: john.smith@contoso.com }\n"
        + "  - { sam: maryk, upn: mary.king@contoso.com }\n"
        + "  - { sam: peterp, upn: peter.parker@contoso.com }\n"
        + "  - { sam: annaw, upn: anna.white@contoso.com }\n"
        + "  - { sam: lisar, upn: lisa.ray@contoso.com, adUpn: match }\n"
        + "  - { sam: tomh, upn: tom.hill@contoso.com }\n"
        + "  - { sam: sarahc, upn: sarah.connor@contoso.com }\n"
        + "  - { sam: davidb, upn: david.brown@contoso.com }\n"
        + "  - { sam: emmaj, upn: emma.jones@contoso.com }\n"
        + "  - { sam: kevinl, upn: kevin.lee@contoso.com }\n";
  }

  private int run(CliContext c, String... args) {
    int code = Main.run(c, args);
    c.out().flush();
    c.err().flush();
    return code;
  }

  private static void expect(int got, int wanted, String what) {
    if (got != wanted) {
      throw new HardmatchException(
          HardmatchException.Code.APPLY_FAILED,
          "the demo stopped: " + what + " exited " + got + " where " + wanted + " was expected",
          "run 'hardmatch demo --keep' and look at the repository it leaves, or report it");
    }
  }

  private void step(String n, String title, String text) {
    PrintWriter out = ctx.out();
    out.println();
    String head = "── " + n + ". " + title + " ";
    out.println(ctx.colour() ? "\u001b[1m" + head + "\u001b[0m" : head);
    if (text != null) {
      narrate(text);
    }
  }

  private void narrate(String text) {
    ctx.out().println(wrap(text, 96));
    ctx.out().flush();
  }

  private void show(String command) {
    ctx.out().println(ctx.colour() ? "\u001b[36m" + command + "\u001b[0m" : command);
    ctx.out().flush();
  }

  static String wrap(String text, int width) {
    StringBuilder sb = new StringBuilder();
    int col = 0;
    for (String word : text.split(" ")) {
      if (col > 0 && col + 1 + word.length() > width) {
        sb.append('\n');
        col = 0;
      } else if (col > 0) {
        sb.append(' ');
        col++;
      }
      sb.append(word);
      col += word.length();
    }
    return sb.toString();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // A temp folder left behind is harmless.
    }
  }
}
