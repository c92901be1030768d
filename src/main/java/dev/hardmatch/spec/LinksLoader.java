package dev.hardmatch.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.util.BoundedFiles;
import dev.hardmatch.util.TextHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a links file and proves it valid: size, strict UTF-8, YAML syntax (with locations), {@code
 * schemas/links.schema.json}, then the semantic rules. Every problem is reported at once as a
 * {@link HardmatchException#invalidInput(List)} whose diagnostics carry {@code file:line:column},
 * the field, what is wrong and how to fix it. Never touches the network.
 *
 * <pre>{@code
 * LinksFile links = LinksLoader.load(Path.of("links.yaml"));
 * for (LinksFile.Link l : links.links()) { ... }
 * }</pre>
 */
public final class LinksLoader {
  /**
   * Larger files are refused before parsing. The largest tenants plan 100,000 links and more in one
   * file (docs/performance.md, "Scale"): a link line is 50 to 100 bytes, so 32 MiB holds 300,000 of
   * them and still parses in seconds.
   */
  public static final long MAX_BYTES = 32L * 1024 * 1024;

  private LinksLoader() {}

  /** Loads {@code file}; diagnostics name it as given. */
  public static LinksFile load(Path file) {
    return load(file, file.toString());
  }

  /**
   * Loads {@code file}; diagnostics name it {@code displayPath} (e.g. the path as the user typed
   * it). {@code caFile} and {@code passwordFile} are resolved against the file's folder.
   */
  public static LinksFile load(Path file, String displayPath) {
    byte[] raw = read(file, displayPath);
    return parse(raw, file, displayPath);
  }

  /**
   * Like {@link #load(Path, String)}, but an empty {@code links: []} is accepted: discover and
   * import start from a file that says only where to look.
   */
  public static LinksFile loadAllowingNoLinks(Path file, String displayPath) {
    return parse(read(file, displayPath), file, displayPath, true);
  }

  /** Validates bytes already in memory, as if read from {@code file}. */
  public static LinksFile parse(byte[] raw, Path file, String displayPath) {
    return parse(raw, file, displayPath, false);
  }

  /** Validates bytes already in memory; {@code allowNoLinks} accepts {@code links: []}. */
  public static LinksFile parse(byte[] raw, Path file, String displayPath, boolean allowNoLinks) {
    if (raw.length > MAX_BYTES) {
      throw tooLarge(raw.length, displayPath);
    }
    Findings findings = new Findings();
    SourceText source = SourceText.decode(raw, findings);
    if (source == null) {
      // Show the line around a bad byte; a UTF-16 file has no readable line to show.
      throw fail(findings, displayPath, SourceText.isUtf16(raw) ? null : SourceText.lenient(raw));
    }
    source.findNonPrintable(findings);
    if (!findings.isEmpty()) {
      throw fail(findings, displayPath, source);
    }
    // Each value needs a byte of its own unless aliases repeat it: beyond that, it is a bomb.
    int maxNodes = Math.max(10_000, raw.length);
    YamlTree tree = YamlTree.parse(source, maxNodes, findings);
    JsonNode root = tree.root;
    if (root == null || root.isNull()) {
      if (findings.isEmpty()) {
        findings.add(
            Loc.START,
            "",
            "the file is empty",
            "start from the example in the README: version: 1, tenant, directory and links");
      }
      throw fail(findings, displayPath, source);
    }
    // The tree is complete, so the schema and the rules can add to what parsing found.
    SchemaCheck.check(tree, findings);
    if (allowNoLinks && root.path("links").isArray() && root.path("links").isEmpty()) {
      findings.dropSchema("/links");
    }
    Rules.check(tree, findings);
    if (!findings.isEmpty()) {
      throw fail(findings, displayPath, source);
    }
    return build(root, tree, file, TextHash.sha256(raw));
  }

  private static byte[] read(Path file, String displayPath) {
    try {
      if (Files.isDirectory(file)) {
        throw notReadable(displayPath, "is a folder, not a links file", "give the links.yaml file");
      }
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw notReadable(
            displayPath,
            "is not a regular file (a pipe, socket or device)",
            "give the links.yaml file; hardmatch reads only regular files");
      }
      if (BoundedFiles.isKernelFile(file)) {
        throw notReadable(
            displayPath,
            "is a kernel file under /proc or /sys, not a links file",
            "give the links.yaml file; hardmatch reads only regular files");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw tooLarge(size, displayPath); // refused before reading a byte of it
      }
      // Read at most one byte more than allowed, whatever size claimed (pipes, /proc).
      try (InputStream in = Files.newInputStream(file)) {
        return in.readNBytes((int) MAX_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw notReadable(
          displayPath, "file not found", "check the path; it is relative to the current folder");
    } catch (AccessDeniedException e) {
      throw notReadable(displayPath, "permission denied", "make the file readable for this user");
    } catch (IOException e) {
      throw notReadable(displayPath, "cannot be read: " + e.getMessage(), "check the file");
    }
  }

  private static HardmatchException tooLarge(long size, String displayPath) {
    Findings f = new Findings();
    f.add(
        Loc.START,
        "",
        String.format(
            Locale.ROOT,
            "the file is %.1f MiB; hardmatch reads links files up to %d MiB",
            size / 1048576.0,
            MAX_BYTES / 1048576),
        "split the links into several files and plan them one by one");
    return fail(f, displayPath, null);
  }

  private static HardmatchException notReadable(String file, String message, String fix) {
    return HardmatchException.invalidInput(List.of(new Diagnostic(file, 0, 0, null, message, fix)));
  }

  private static HardmatchException fail(Findings findings, String file, SourceText source) {
    return HardmatchException.invalidInput(findings.toDiagnostics(file, source));
  }

  private static LinksFile build(JsonNode root, YamlTree tree, Path file, String sha256) {
    Path folder = file.toAbsolutePath().getParent();
    JsonNode t = root.get("tenant");
    LinksFile.TenantSpec tenant =
        new LinksFile.TenantSpec(
            t.get("id").asText(),
            t.has("graph") ? t.get("graph").asText() : LinksFile.TenantSpec.DEFAULT_GRAPH);

    JsonNode d = root.get("directory");
    JsonNode b = d.get("bind");
    LinksFile.Bind bind =
        new LinksFile.Bind(
            b.get("user").asText(),
            b.has("passwordEnv") ? b.get("passwordEnv").asText() : null,
            b.has("passwordFile")
                ? folder.resolve(b.get("passwordFile").asText()).normalize()
                : null);
    LinksFile.SourceAnchor anchor = LinksFile.SourceAnchor.AUTO;
    if (d.has("sourceAnchor")) {
      for (LinksFile.SourceAnchor a : LinksFile.SourceAnchor.values()) {
        if (a.yaml().equals(d.get("sourceAnchor").asText())) {
          anchor = a;
        }
      }
    }
    LinksFile.DirectorySpec directory =
        new LinksFile.DirectorySpec(
            d.get("url").asText(),
            d.has("startTls") && d.get("startTls").asBoolean(),
            d.has("caFile") ? folder.resolve(d.get("caFile").asText()).normalize() : null,
            d.get("baseDn").asText(),
            bind,
            anchor);

    LinksFile.Policy defaults = LinksFile.Policy.defaults();
    JsonNode p = root.get("policy");
    LinksFile.Policy policy = defaults;
    if (p != null) {
      List<String> protectedUpns = new ArrayList<>();
      if (p.has("protectedUpns")) {
        p.get("protectedUpns").forEach(u -> protectedUpns.add(u.asText()));
      }
      policy =
          new LinksFile.Policy(
              bool(p, "deleteDuplicates", defaults.deleteDuplicates()),
              bool(p, "purgeDeleted", defaults.purgeDeleted()),
              p.has("maxDeletes") ? p.get("maxDeletes").asInt() : defaults.maxDeletes(),
              bool(p, "allowLicensedDeletes", defaults.allowLicensedDeletes()),
              List.copyOf(protectedUpns));
    }

    List<LinksFile.Link> links = new ArrayList<>();
    JsonNode ls = root.get("links");
    for (int i = 0; i < ls.size(); i++) {
      JsonNode l = ls.get(i);
      LinksFile.AdUpnMode adUpn = null;
      if (l.has("adUpn")) {
        adUpn = LinksFile.AdUpnMode.valueOf(l.get("adUpn").asText().toUpperCase(Locale.ROOT));
      }
      links.add(
          new LinksFile.Link(
              l.get("sam").asText(),
              l.get("upn").asText(),
              adUpn,
              l.has("replaceAnchor") ? l.get("replaceAnchor").asText() : null,
              tree.locate("/links/" + i).line()));
    }
    return new LinksFile(
        file,
        sha256,
        root.get("version").asInt(),
        tenant,
        directory,
        policy,
        List.copyOf(links),
        syncHook(root.get("sync")));
  }

  private static LinksFile.SyncHook syncHook(JsonNode s) {
    if (s == null) {
      return LinksFile.SyncHook.NONE;
    }
    Duration timeout = null;
    if (s.has("timeout")) {
      String t = s.get("timeout").asText(); // the schema allows only <n>s, <n>m and <n>h
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      timeout =
          switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
    }
    return new LinksFile.SyncHook(
        argv(s.get("pause")), argv(s.get("resume")), argv(s.get("trigger")), timeout);
  }

  private static List<String> argv(JsonNode a) {
    List<String> argv = new ArrayList<>();
    if (a != null) {
      a.forEach(word -> argv.add(word.asText()));
    }
    return argv;
  }

  private static boolean bool(JsonNode parent, String key, boolean fallback) {
    return parent.has(key) ? parent.get(key).asBoolean() : fallback;
  }
}
