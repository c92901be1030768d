package dev.hardmatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.apply.DurationParser;
import dev.hardmatch.tenant.GraphTenant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hardmatch sandbox scheduler pause|resume|sync|status --url URL}: drives a running
 * sandbox's sync scheduler, usable as an argv sync hook in a links file (README "Sync hooks"). It
 * exists beside the {@code curl} recipe because curl is missing on some runners (Windows images,
 * slim containers), and because it reads the token from {@code HARDMATCH_GRAPH_TOKEN}, so the token
 * never sits in a hook's argv (visible to every process list) or in the links file.
 */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    header = "Pause, resume or run the sandbox's simulated Entra Connect sync scheduler.",
    description = {
      "pause: like Set-ADSyncScheduler -SyncCycleEnabled $false; resume: like $true;",
      "sync: one delta sync now, like Start-ADSyncSyncCycle -PolicyType Delta (refused",
      "while a cycle runs); status: the scheduler as JSON. The token is read from",
      "HARDMATCH_GRAPH_TOKEN. Exit 0 done, 1 refused or failed, 64 usage."
    })
final class SandboxSchedulerCommand implements Callable<Integer> {
  /** What to do. */
  enum Action {
    pause,
    resume,
    sync,
    status
  }

  private final CliContext ctx;

  @Parameters(paramLabel = "ACTION", description = "pause, resume, sync or status.")
  Action action;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The sandbox's Graph URL (http://127.0.0.1:PORT/v1.0) or its base URL.")
  String url;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description = "With resume: also set the interval, e.g. 30m.")
  String interval;

  SandboxSchedulerCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    URI base = base(url);
    String token = ctx.env(GraphTenant.TOKEN_ENV);
    if (token == null || token.isBlank()) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          GraphTenant.TOKEN_ENV + " is not set",
          "export the sandbox's token (sandbox serve prints it) as " + GraphTenant.TOKEN_ENV);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder()
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    switch (action) {
      case status -> request.uri(base.resolve("/_sandbox/scheduler")).GET();
      case sync ->
          request.uri(base.resolve("/_sandbox/sync")).POST(HttpRequest.BodyPublishers.noBody());
      default -> {
        String body = "{\"enabled\":" + (action == Action.resume) + seconds() + "}";
        request
            .uri(base.resolve("/_sandbox/scheduler"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
      }
    }
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newHttpClient()
              .send(
                  request.timeout(Duration.ofMinutes(10)).build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO,
          "cannot reach the sandbox at " + base + ": " + e.getMessage(),
          "check that 'hardmatch sandbox serve' is running and the URL");
    }
    JsonNode json = new ObjectMapper().readTree(response.body().isEmpty() ? "{}" : response.body());
    if (response.statusCode() != 200) {
      ctx.err()
          .println(
              "error: sandbox "
                  + action
                  + " refused ("
                  + response.statusCode()
                  + " "
                  + json.path("error").path("code").asText()
                  + "): "
                  + json.path("error").path("message").asText());
      ctx.err().flush();
      return ExitCode.RUNTIME.code();
    }
    ctx.out().println(summary(json));
    ctx.out().flush();
    return ExitCode.OK.code();
  }

  private String seconds() {
    if (interval == null) {
      return "";
    }
    if (action != Action.resume) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          "--interval goes with resume",
          "give it as: sandbox scheduler resume --interval 30m --url …");
    }
    return ",\"intervalSeconds\":" + duration("--interval", interval).toSeconds();
  }

  private String summary(JsonNode json) {
    return switch (action) {
      case sync ->
          "sync cycle done: "
              + json.path("adUsers").asInt()
              + " AD users, "
              + json.path("hardMatched").asInt()
              + " hard-matched, "
              + json.path("softMatched").asInt()
              + " soft-matched, "
              + json.path("created").asInt()
              + " created, "
              + json.path("errors").asInt()
              + " errors";
      case status -> json.toString();
      default ->
          "scheduler "
              + (json.path("enabled").asBoolean() ? "enabled" : "paused")
              + " (every "
              + DurationParser.format(Duration.ofSeconds(json.path("intervalSeconds").asLong()))
              + (json.path("nextRunAt").isTextual()
                  ? ", next cycle at " + json.path("nextRunAt").asText()
                  : "")
              + ")";
    };
  }

  /** The sandbox's base URL from its Graph URL or base URL; loopback only. */
  static URI base(String given) {
    URI uri;
    try {
      uri = URI.create(given.trim());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    String host = uri == null || uri.getHost() == null ? "" : uri.getHost();
    if (uri == null
        || !"http".equals(uri.getScheme())
        || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          "--url '" + given + "' is not a sandbox URL",
          "give the Graph URL 'sandbox serve' printed, e.g. http://127.0.0.1:10080/v1.0");
    }
    return URI.create("http://" + uri.getRawAuthority());
  }

  /** A positive duration option, e.g. 30m; a usage error otherwise. */
  static Duration duration(String option, String text) {
    Duration d;
    try {
      d = DurationParser.parse(text);
    } catch (HardmatchException e) {
      d = null;
    }
    if (d == null || d.isZero() || d.isNegative()) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          option + " '" + text + "' is not a positive duration",
          "give e.g. 30m, 10s or 2h");
    }
    return d;
  }
}
