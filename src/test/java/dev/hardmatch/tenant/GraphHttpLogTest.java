package dev.hardmatch.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.TenantEmulator;
import dev.hardmatch.sandbox.graph.TenantState;
import dev.hardmatch.spec.LinksFile.TenantSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Graph traffic at DEBUG, as a user with a failing tenant would send it: one line per HTTP request
 * with method, path and query, status, request-id and duration, one per {@code $batch} item; the
 * token never.
 */
class GraphHttpLogTest {

  @Test
  void logsEveryRequestAndBatchItemWithStatusAndRequestIdButNeverTheToken() {
    TenantFixture fixture = new TenantFixture(3, 0);
    Capture log = new Capture(true);
    try (TenantEmulator emulator =
            TenantEmulator.start(
                TenantState.parse(fixture.toJson(), "fixture"), EmulatorOptions.defaults());
        GraphTenant tenant = open(emulator, log)) {
      tenant.user(TenantFixture.targetId(0)).orElseThrow();
      tenant.read(fixture.upns(), fixture.anchors());
      List<WriteOutcome> outcomes =
          tenant.writeBatch(List.of(WriteRequest.deleteUser(TenantFixture.id("nobody", 1))));
      assertEquals(404, outcomes.get(0).status());

      String token = emulator.token();
      List<String> lines = log.lines();
      Pattern single =
          Pattern.compile(
              "graph GET /v1\\.0/users/"
                  + TenantFixture.targetId(0)
                  + "\\?\\$select=id,userPrincipalName,\\S* -> 200 request-id=[0-9a-f-]{36} \\d+ ms");
      assertTrue(lines.stream().anyMatch(l -> single.matcher(l).matches()), lines.toString());
      Pattern batch =
          Pattern.compile("graph POST /v1\\.0/\\$batch -> 200 request-id=[0-9a-f-]{36} \\d+ ms");
      assertTrue(lines.stream().anyMatch(l -> batch.matcher(l).matches()), lines.toString());
      assertTrue(
          lines.stream()
              .anyMatch(
                  l ->
                      l.startsWith(
                              "graph   $batch item GET /v1.0/users?$filter=userPrincipalName in (")
                          && l.matches(".* -> 200 request-id=[0-9a-f-]{36}")),
          lines.toString());
      assertTrue(
          lines.stream()
              .anyMatch(
                  l ->
                      l.matches(
                          "graph   \\$batch item DELETE /v1\\.0/users/\\S+ -> 404 request-id=\\S+")),
          lines.toString());
      for (String line : lines) {
        assertFalse(line.contains(token), line);
        assertFalse(line.toLowerCase(java.util.Locale.ROOT).contains("bearer"), line);
        assertFalse(line.toLowerCase(java.util.Locale.ROOT).contains("authorization"), line);
      }
    }
  }

  @Test
  void logsNothingWhenDebugIsOff() {
    TenantFixture fixture = new TenantFixture(1, 0);
    Capture log = new Capture(false);
    try (TenantEmulator emulator =
            TenantEmulator.start(
                TenantState.parse(fixture.toJson(), "fixture"), EmulatorOptions.defaults());
        GraphTenant tenant = open(emulator, log)) {
      tenant.read(fixture.upns(), fixture.anchors());
      assertEquals(List.of(), log.lines());
    }
  }

  private static GraphTenant open(TenantEmulator emulator, Capture log) {
    return GraphTenant.open(
        new TenantSpec(TenantFixture.TENANT_ID, emulator.graphUrl().toString()),
        GraphAuth.DEFAULT,
        Map.of(GraphTenant.TOKEN_ENV, emulator.token()),
        GraphTenant.Options.defaults(),
        log);
  }

  /** An SLF4J logger that keeps every formatted line, with its arguments, in memory. */
  private static final class Capture extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final boolean debug;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    Capture(boolean debug) {
      this.debug = debug;
      this.name = "capture";
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      lines.add(MessageFormatter.basicArrayFormat(pattern, args));
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return debug;
    }

    @Override
    public boolean isInfoEnabled() {
      return debug;
    }

    @Override
    public boolean isWarnEnabled() {
      return debug;
    }

    @Override
    public boolean isErrorEnabled() {
      return debug;
    }
  }
}
