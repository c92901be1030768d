package dev.hardmatch.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.util.Sha256;
import dev.hardmatch.util.TextHash;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * One case of the bad-input corpus ({@code src/test/resources/dev/hardmatch/corpus/}): a line of a
 * category's {@code cases.txt},
 *
 * <pre>name | exit | error fragment | command line | setup (optional)</pre>
 *
 * <p>and the files named {@code <name>.<ext>} beside it, copied into a fresh git repository as
 * {@code links.yaml} (.yaml), {@code x.plan.json} (.plan.json), {@code people.csv} (.csv) or, for
 * any other {@code <name>.<rest>}, as {@code <rest>} with {@code +} for {@code /}. Every repository
 * also holds the files of {@code corpus/base/} and is committed before the setup runs. {@code
 * {port}} in files and arguments becomes the port of a listener that must never see a connection,
 * {@code {repo}} the repository's absolute path. Setup steps, comma-separated and run in order:
 *
 * <ul>
 *   <li>{@code redigest:PATH} (before the commit) re-seals the plan at PATH as {@code plan -o}
 *       would: source hash of the repository's links file, digest over the edited content;
 *   <li>{@code append:PATH} adds a line break to a committed file (its bytes then differ from HEAD,
 *       its content does not);
 *   <li>{@code fifo:PATH}, {@code dir:PATH}, {@code symlink:PATH=TARGET}, {@code sparse:PATH=BYTES}
 *       (a file of that size without data), {@code env:NAME=VALUE}, {@code unix} (skipped on
 *       Windows).
 * </ul>
 */
record CorpusCase(
    String category, String name, int exit, String fragment, List<String> args, List<String> setup)
    implements Comparable<CorpusCase> {

  static final String ROOT = "/dev/hardmatch/corpus";

  /** Every case of every category, in a stable order. */
  static List<CorpusCase> all() throws IOException {
    List<CorpusCase> cases = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(resource(""))) {
      for (Path dir : dirs.sorted().toList()) {
        Path manifest = dir.resolve("cases.txt");
        if (!Files.isRegularFile(manifest)) {
          continue;
        }
        for (String line : Files.readAllLines(manifest, UTF_8)) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          cases.add(parse(dir.getFileName().toString(), line));
        }
      }
    }
    return cases;
  }

  private static CorpusCase parse(String category, String line) {
    String[] f = line.split("\\|", -1);
    assertTrue(f.length == 4 || f.length == 5, category + ": malformed line: " + line);
    List<String> args = words(f[3].trim());
    List<String> setup =
        f.length == 5 && !f[4].isBlank()
            ? List.of(f[4].trim().split("\\s*,\\s*"))
            : List.<String>of();
    return new CorpusCase(
        category, f[0].trim(), Integer.parseInt(f[1].trim()), f[2].trim(), args, setup);
  }

  /** Splits on spaces; {@code "…"} keeps spaces inside and may be empty. */
  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : s.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          out.add(cur.toString());
        }
        cur.setLength(0);
        any = false;
      } else {
        cur.append(c);
        any = true;
      }
    }
    if (any) {
      out.add(cur.toString());
    }
    return out;
  }

  boolean unixOnly() {
    return setup.contains("unix")
        || setup.stream().anyMatch(s -> s.startsWith("fifo:") || s.startsWith("symlink:"))
        || args.stream().anyMatch(a -> a.startsWith("/dev/") || a.startsWith("/proc/"));
  }

  /** The environment of the run: the two secrets, and what {@code env:} steps add. */
  Map<String, String> environment(Map<String, String> base) {
    Map<String, String> env = new TreeMap<>(base);
    for (String step : setup) {
      if (step.startsWith("env:")) {
        String kv = step.substring(4);
        env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    return env;
  }

  List<String> arguments(Path repo, int port) {
    return args.stream().map(a -> fill(a, repo, port)).toList();
  }

  /** Lays the case out in {@code repo}: base files, case files, commit, then the setup steps. */
  void prepare(Path repo, int port) throws Exception {
    copyDir(resource("base"), repo, repo, port);
    try (Stream<Path> files = Files.list(resource(category))) {
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        if (file.startsWith(name + ".")) {
          Path target = repo.resolve(target(file.substring(name.length() + 1)));
          Files.createDirectories(target.getParent());
          Files.write(target, fill(Files.readAllBytes(f), repo, port));
        }
      }
    }
    for (String step : setup) {
      if (step.startsWith("redigest:")) {
        redigest(repo, repo.resolve(step.substring("redigest:".length())));
      }
    }
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("corpus", "corpus@example.com");
      git.commit().setAuthor(who).setCommitter(who).setSign(false).setMessage("case").call();
    }
    for (String step : setup) {
      int colon = step.indexOf(':');
      String op = colon < 0 ? step : step.substring(0, colon);
      String arg = colon < 0 ? "" : fill(step.substring(colon + 1), repo, port);
      switch (op) {
        case "fifo" -> run(repo, "mkfifo", repo.resolve(arg).toString());
        case "dir" -> Files.createDirectories(repo.resolve(arg));
        case "symlink" -> {
          String[] kv = arg.split("=", 2);
          Files.deleteIfExists(repo.resolve(kv[0]));
          Files.createSymbolicLink(repo.resolve(kv[0]), Path.of(kv[1]));
        }
        case "sparse" -> {
          String[] kv = arg.split("=", 2);
          try (RandomAccessFile f = new RandomAccessFile(repo.resolve(kv[0]).toFile(), "rw")) {
            f.setLength(Long.parseLong(kv[1]));
          }
        }
        case "append" ->
            Files.writeString(repo.resolve(arg), "\n", java.nio.file.StandardOpenOption.APPEND);
        case "redigest", "env", "unix" -> {}
        default -> throw new IllegalArgumentException(name + ": unknown setup step " + step);
      }
    }
  }

  private static String target(String ext) {
    return switch (ext) {
      case "yaml" -> "links.yaml";
      case "plan.json" -> "x.plan.json";
      case "csv" -> "people.csv";
      default -> ext.replace('+', '/');
    };
  }

  /** As {@code plan -o} seals a plan: source hash of the links file, then the digest. */
  private static void redigest(Path repo, Path planFile) throws IOException {
    Plan plan = PlanFile.parse(planFile.toString(), Files.readAllBytes(planFile));
    Path links = repo.resolve(plan.source().path());
    plan = plan.withSource(new Plan.Source(plan.source().path(), TextHash.sha256(links)));
    Files.writeString(planFile, PlanFile.write(plan.withDigest(PlanFile.digest(plan))));
  }

  /**
   * What "nothing written" compares: every path under the repository (outside {@code .git}) with
   * its type and, for regular files, its size and hash, plus {@code git status}.
   */
  static String snapshot(Path repo) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> all = Files.walk(repo)) {
      for (Path p : all.sorted().toList()) {
        Path rel = repo.relativize(p);
        if (rel.startsWith(".git")) {
          continue;
        }
        sb.append(rel).append(' ');
        if (Files.isSymbolicLink(p)) {
          sb.append("-> ").append(Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          long size = Files.size(p);
          sb.append(size).append(' ');
          sb.append(size > (1 << 20) ? "(large)" : Sha256.hex(Files.readAllBytes(p)));
        } else {
          sb.append(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "special");
        }
        sb.append('\n');
      }
    }
    Path lock = repo.resolve(".git/index.lock");
    sb.append("index.lock ").append(Files.exists(lock)).append('\n');
    return sb.append(run(repo, "git", "status", "--porcelain", "--ignored")).toString();
  }

  private static String run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertTrue(
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    return out;
  }

  private static void copyDir(Path from, Path to, Path repo, int port) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.write(target, fill(Files.readAllBytes(f), repo, port));
      }
    }
  }

  private static String fill(String s, Path repo, int port) {
    return s.replace("{port}", String.valueOf(port)).replace("{repo}", repo.toString());
  }

  /** Placeholders in text files only; a file that is not UTF-8 is copied byte for byte. */
  private static byte[] fill(byte[] raw, Path repo, int port) {
    String text = new String(raw, UTF_8);
    if (!java.util.Arrays.equals(text.getBytes(UTF_8), raw)) {
      return raw;
    }
    return fill(text, repo, port).getBytes(UTF_8);
  }

  static Path resource(String rel) {
    try {
      return Path.of(CorpusCase.class.getResource(ROOT + (rel.isEmpty() ? "" : "/" + rel)).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no test resource " + ROOT + "/" + rel, e);
    }
  }

  @Override
  public int compareTo(CorpusCase o) {
    return (category + "/" + name).compareTo(o.category + "/" + o.name);
  }

  @Override
  public String toString() {
    return category + "/" + name;
  }
}
