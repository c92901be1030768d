package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hardmatch.sandbox.ad.DebianPackages;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The templates' own shell steps run with bash as the runner would: the pinned download refuses a
 * jar whose SHA-256 differs, and the Azure pull-request thread is created once and then updated in
 * place.
 */
class CiTemplateScriptsTest {
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {CiTemplate.GITHUB, CiTemplate.AZURE})
  void theJarIsInstalledOnlyWhenItsSha256IsThePinnedOne(String template) throws Exception {
    DebianPackages.ensure("curl", "curl");
    CiTemplate t = CiTemplate.read(template);
    assertEquals("FILL-IN-VERSION", t.vars().get("HARDMATCH_VERSION"), "marked to fill in");
    assertTrue(t.vars().get("HARDMATCH_SHA256").startsWith("FILL-IN-SHA256"), "marked to fill in");
    String install = t.script("sha256sum --check");
    Path release = Files.createDirectories(temp.resolve("release"));
    byte[] jar = "a stand-in for hardmatch-1.2.3.jar".getBytes(StandardCharsets.UTF_8);
    Files.write(release.resolve("hardmatch-1.2.3.jar"), jar);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
    String url = release.toUri().toString().replaceAll("/$", "");
    String script = install.replace("${{ vars.HARDMATCH_DOWNLOAD_URL }}", url);

    Map<String, String> env = new HashMap<>();
    env.put("HARDMATCH_VERSION", "1.2.3");
    env.put("HARDMATCH_DOWNLOAD_URL", url);
    Path runnerTemp = Files.createDirectories(temp.resolve("runner"));
    env.put("RUNNER_TEMP", runnerTemp.toString());
    env.put("AGENT_TEMPDIRECTORY", runnerTemp.toString());
    env.put("GITHUB_PATH", temp.resolve("github_path").toString());

    env.put("HARDMATCH_SHA256", sha.replace(sha.charAt(0), sha.charAt(0) == 'a' ? 'b' : 'a'));
    Bash.Result refused = Bash.run(script, env);
    assertNotEquals(0, refused.exit(), refused.output());
    assertTrue(refused.output().contains("FAILED"), refused.output());
    assertFalse(Files.exists(runnerTemp.resolve("hardmatch/hardmatch")), "no launcher made");

    env.put("HARDMATCH_SHA256", sha);
    Bash.Result ok = Bash.run(script, env);
    assertEquals(0, ok.exit(), ok.output());
    Path launcher = runnerTemp.resolve("hardmatch/hardmatch");
    assertTrue(Files.isExecutable(launcher));
    assertTrue(Files.readString(launcher).contains("exec java -jar \"" + runnerTemp));
    String onPath = t.isGithub() ? Files.readString(temp.resolve("github_path")) : ok.output();
    assertTrue(onPath.contains(runnerTemp.resolve("hardmatch").toString()), onPath);
  }

  /**
   * Runs the Azure template's comment step twice against a local stand-in for the Azure DevOps REST
   * API. Its shapes follow the REST reference (Git, api-version 7.1): "Pull Request Threads - List"
   * answers {value: [thread]}, "- Create" takes {comments: [...], status}, "Pull Request Thread
   * Comments - Update" takes {content}.
   */
  @Test
  void theAzurePullRequestThreadIsCreatedOnceThenUpdatedInPlace() throws Exception {
    DebianPackages.ensure("curl", "curl");
    DebianPackages.ensure("jq", "jq");
    CiTemplate t = CiTemplate.read(CiTemplate.AZURE);
    String comment = t.script("/threads");
    ObjectMapper json = new ObjectMapper();
    ArrayNode threads = json.createArrayNode();
    threads.add(thread(json, 1, "a reviewer's own remark"));
    String base = "/org/proj/_apis/git/repositories/repo/pullRequests/7/threads";
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(base, ex -> threadsApi(ex, base, json, threads));
    server.start();
    try {
      Map<String, String> env = new HashMap<>();
      env.put(
          "SYSTEM_COLLECTIONURI", "http://127.0.0.1:" + server.getAddress().getPort() + "/org/");
      env.put("SYSTEM_TEAMPROJECTID", "proj");
      env.put("BUILD_REPOSITORY_ID", "repo");
      env.put("SYSTEM_PULLREQUEST_PULLREQUESTID", "7");
      env.put("SYSTEM_ACCESSTOKEN", "job-token");
      env.put("MARKER", t.vars().get("MARKER"));
      env.put("AGENT_TEMPDIRECTORY", temp.toString());
      env.put("BUILD_BUILDNUMBER", "20261128.1");
      env.put("SYSTEM_JOBATTEMPT", "1");
      for (String review : List.of("## hardmatch plan: first push", "## hardmatch plan: second")) {
        Files.writeString(temp.resolve("plan.md"), review + "\n");
        Bash.Result r = Bash.run(comment, env);
        assertEquals(0, r.exit(), r.output());
      }
    } finally {
      server.stop(0);
    }
    assertEquals(2, threads.size(), "one thread of ours beside the reviewer's:\n" + threads);
    assertEquals("a reviewer's own remark", threads.get(0).at("/comments/0/content").asText());
    String ours = threads.get(1).at("/comments/0/content").asText();
    assertTrue(ours.startsWith("<!-- hardmatch-plan -->\n## hardmatch plan: second"), ours);
    assertFalse(ours.contains("first push"), ours);
  }

  private static ObjectNode thread(ObjectMapper json, int id, String content) {
    ObjectNode thread = json.createObjectNode().put("id", id).put("status", 1);
    thread.putArray("comments").addObject().put("id", 1).put("content", content);
    return thread;
  }

  private static void threadsApi(HttpExchange ex, String base, ObjectMapper json, ArrayNode threads)
      throws java.io.IOException {
    String path = ex.getRequestURI().getPath();
    String query = String.valueOf(ex.getRequestURI().getQuery());
    int status = 200;
    Object body = json.createObjectNode();
    if (!"Bearer job-token".equals(ex.getRequestHeaders().getFirst("Authorization"))
        || !query.equals("api-version=7.1")) {
      status = 401;
    } else if (ex.getRequestMethod().equals("GET") && path.equals(base)) {
      body = json.createObjectNode().<ObjectNode>set("value", threads).put("count", threads.size());
    } else if (ex.getRequestMethod().equals("POST") && path.equals(base)) {
      var in = json.readTree(ex.getRequestBody());
      ObjectNode created = thread(json, threads.size() + 1, in.at("/comments/0/content").asText());
      threads.add(created);
      body = created;
    } else if (ex.getRequestMethod().equals("PATCH")
        && path.matches(base + "/\\d+/comments/\\d+")) {
      String[] parts = path.substring(base.length() + 1).split("/comments/");
      var in = json.readTree(ex.getRequestBody());
      status = 404;
      for (var thread : threads) {
        if (thread.path("id").asText().equals(parts[0])) {
          ((ObjectNode) thread.at("/comments/0")).put("content", in.path("content").asText());
          status = 200;
        }
      }
    } else {
      status = 404;
    }
    byte[] out = json.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  /** bash, as a runner starts a script step: -e and pipefail, no profile. */
  static final class Bash {
    record Result(int exit, String output) {}

    static Result run(String script, Map<String, String> env) throws Exception {
      Path log = Files.createTempFile("template-step", ".log");
      try {
        ProcessBuilder pb =
            new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError("the step did not finish within a minute:\n" + script);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    }
  }
}
