package dev.hardmatch.sandbox.graph;

import static dev.hardmatch.sandbox.graph.Fixtures.ANCHOR_A;
import static dev.hardmatch.sandbox.graph.Fixtures.JOHN;
import static dev.hardmatch.sandbox.graph.Fixtures.MARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.hardmatch.HardmatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** $batch, throttling, retries and injected faults. */
class EmulatorKnobsTest {

  private static TenantEmulator start(EmulatorOptions options) {
    return TenantEmulator.start(Fixtures.contoso(), options);
  }

  @Test
  void answersEachBatchItemOnItsOwn() throws Exception {
    try (TenantEmulator emulator = start(EmulatorOptions.defaults())) {
      GraphServiceClient graph = GraphClients.sdk(emulator);
      BatchRequestContent batch = new BatchRequestContent(graph);
      String found =
          batch.addBatchRequestStep(graph.users().byUserId(JOHN).toGetRequestInformation());
      String missing =
          batch.addBatchRequestStep(
              graph.users().byUserId("nobody@contoso.com").toGetRequestInformation());
      User patch = new User();
      patch.setOnPremisesImmutableId(ANCHOR_A);
      String conflict =
          batch.addBatchRequestStep(graph.users().byUserId(JOHN).toPatchRequestInformation(patch));
      BatchResponseContent answer = graph.getBatchRequestBuilder().post(batch, null);
      Map<String, Integer> status = answer.getResponsesStatusCode();
      assertEquals(200, status.get(found));
      assertEquals(404, status.get(missing));
      assertEquals(400, status.get(conflict));
      String conflictBody =
          new String(answer.getResponseStreamById(conflict).readAllBytes(), StandardCharsets.UTF_8);
      JsonNode error = TenantState.JSON.readTree(conflictBody).get("error");
      assertEquals("ObjectConflict", error.at("/details/0/code").asText());

      Stats stats = emulator.stats();
      assertEquals(1, stats.httpRequests());
      assertEquals(4, stats.operations());
      assertEquals(1, stats.count("POST /$batch"));
      assertEquals(2, stats.count("GET /users/{id}"));
      assertEquals(1, stats.writes());
      List<ReceivedRequest> log = emulator.receivedRequests();
      assertEquals(4, log.size());
      assertTrue(log.get(2).batchItem());
      assertEquals("/v1.0/users/nobody@contoso.com", log.get(2).url());
    }
  }

  @Test
  void refusesABatchOfMoreThan20() throws Exception {
    try (TenantEmulator emulator = start(EmulatorOptions.defaults())) {
      StringBuilder items = new StringBuilder();
      for (int i = 1; i <= 21; i++) {
        items.append(i == 1 ? "" : ",");
        items.append("{\"id\":\"" + i + "\",\"method\":\"GET\",\"url\":\"/users/" + JOHN + "\"}");
      }
      HttpResponse<String> r =
          GraphClients.authed(emulator, "POST", "/v1.0/$batch", "{\"requests\":[" + items + "]}");
      assertEquals(400, r.statusCode());
      assertEquals(
          "Request_BadRequest", TenantState.JSON.readTree(r.body()).at("/error/code").asText());
    }
  }

  @Test
  void batchItemsCarryTheirOwnHeaders() throws Exception {
    try (TenantEmulator emulator = start(EmulatorOptions.defaults())) {
      String filter =
          "/users?$filter=onPremisesImmutableId%20eq%20'"
              + ANCHOR_A.replace("+", "%2B").replace("/", "%2F")
              + "'&$count=true";
      String body =
          "{\"requests\":["
              + "{\"id\":\"bare\",\"method\":\"GET\",\"url\":\""
              + filter
              + "\"},"
              + "{\"id\":\"advanced\",\"method\":\"GET\",\"url\":\""
              + filter
              + "\",\"headers\":{\"ConsistencyLevel\":\"eventual\"}},"
              + "{\"id\":\"nobodytype\",\"method\":\"PATCH\",\"url\":\"/users/"
              + JOHN
              + "\",\"body\":{\"displayName\":\"x\"}}]}";
      HttpResponse<String> r =
          GraphClients.authed(
              emulator, "POST", "/v1.0/$batch", body, "ConsistencyLevel", "eventual");
      assertEquals(200, r.statusCode());
      JsonNode responses = TenantState.JSON.readTree(r.body()).get("responses");
      assertEquals(400, responses.get(0).get("status").asInt());
      assertEquals("Request_UnsupportedQuery", responses.get(0).at("/body/error/code").asText());
      assertEquals(200, responses.get(1).get("status").asInt());
      assertEquals(1, responses.get(1).at("/body/@odata.count").asInt());
      assertEquals(400, responses.get(2).get("status").asInt());
    }
  }

  @Test
  void throttlesBatchItemsOneByOne() throws Exception {
    EmulatorOptions options = EmulatorOptions.builder().throttle("requests=5/1m").build();
    try (TenantEmulator emulator = start(options)) {
      GraphServiceClient graph = GraphClients.sdk(emulator);
      BatchRequestContent batch = new BatchRequestContent(graph);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(batch.addBatchRequestStep(graph.users().byUserId(JOHN).toGetRequestInformation()));
      }
      BatchResponseContent answer = graph.getBatchRequestBuilder().post(batch, null);
      Map<String, Integer> status = answer.getResponsesStatusCode();
      long ok = ids.stream().filter(id -> status.get(id) == 200).count();
      List<String> throttled = ids.stream().filter(id -> status.get(id) == 429).toList();
      assertEquals(5, ok);
      assertEquals(5, throttled.size());
      try (okhttp3.Response item = answer.getResponseById(throttled.get(0))) {
        long retryAfter = Long.parseLong(item.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 12, "Retry-After " + retryAfter);
        JsonNode error = TenantState.JSON.readTree(item.body().string()).get("error");
        assertEquals("TooManyRequests", error.get("code").asText());
      }
      Stats stats = emulator.stats();
      assertEquals(1, stats.httpRequests());
      assertEquals(11, stats.operations());
      assertEquals(5, stats.throttled());
    }
  }

  @Test
  void writesTakeFromTheWritesBucketToo() throws Exception {
    EmulatorOptions options = EmulatorOptions.builder().throttle("writes=1/1m").build();
    try (TenantEmulator emulator = start(options)) {
      String body =
          "{\"requests\":["
              + "{\"id\":\"1\",\"method\":\"PATCH\",\"url\":\"/users/"
              + JOHN
              + "\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"jobTitle\":\"a\"}},"
              + "{\"id\":\"2\",\"method\":\"PATCH\",\"url\":\"/users/"
              + JOHN
              + "\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"jobTitle\":\"b\"}},"
              + "{\"id\":\"3\",\"method\":\"GET\",\"url\":\"/users/"
              + JOHN
              + "\"}]}";
      JsonNode responses =
          TenantState.JSON
              .readTree(GraphClients.authed(emulator, "POST", "/v1.0/$batch", body).body())
              .get("responses");
      assertEquals(204, responses.get(0).get("status").asInt());
      assertEquals(429, responses.get(1).get("status").asInt());
      assertTrue(responses.get(1).at("/headers/Retry-After").asLong() >= 1);
      assertEquals(200, responses.get(2).get("status").asInt());
      assertEquals("a", emulator.state().user(JOHN).orElseThrow().get("jobTitle").asText());
      assertEquals(2, emulator.stats().writes());
    }
  }

  @Test
  void theSdkRetriesAThrottledRequestAfterRetryAfter() throws Exception {
    // Each request arrives half a second after the one before on the throttle's clock, however
    // fast the machine: one token a second, so the second request finds half a token.
    AtomicLong clock = new AtomicLong();
    EmulatorOptions options =
        EmulatorOptions.builder()
            .throttle("requests=1/1s")
            .throttleClock(() -> clock.getAndAdd(TimeUnit.MILLISECONDS.toNanos(500)))
            .build();
    try (TenantEmulator emulator = start(options)) {
      GraphServiceClient graph = GraphClients.sdk(emulator);
      graph.organization().get();
      // The bucket is empty now: the next request gets 429 + Retry-After: 1, the SDK waits and
      // sends it again, and the resend finds the token refilled.
      User john = graph.users().byUserId(JOHN).get();
      assertEquals("john.smith@contoso.com", john.getUserPrincipalName());
      Stats stats = emulator.stats();
      assertEquals(3, stats.httpRequests());
      assertEquals(1, stats.throttled());
      assertEquals(2, stats.count("GET /users/{id}"));
    }
  }

  @Test
  void aLostResponseComesAfterTheWriteWasCarriedOut() throws Exception {
    EmulatorOptions options = EmulatorOptions.builder().loseResponses(1).build();
    String anchor = "q83vASNFZ4mrze8BI0VniQ==";
    try (TenantEmulator emulator = start(options)) {
      String patch = "{\"onPremisesImmutableId\":\"" + anchor + "\"}";
      assertThrows(
          IOException.class,
          () -> GraphClients.authed(emulator, "PATCH", "/v1.0/users/" + JOHN, patch));
      String batch =
          "{\"requests\":[{\"id\":\"1\",\"method\":\"DELETE\",\"url\":\"/users/" + MARY + "\"}]}";
      assertThrows(
          IOException.class, () -> GraphClients.authed(emulator, "POST", "/v1.0/$batch", batch));
      // Reads keep their answers; both writes happened although no answer came.
      HttpResponse<String> john = GraphClients.authed(emulator, "GET", "/v1.0/users/" + JOHN, null);
      assertEquals(200, john.statusCode());
      assertEquals(
          anchor, emulator.state().user(JOHN).orElseThrow().get("onPremisesImmutableId").asText());
      assertTrue(emulator.state().user(MARY).isEmpty(), "the batched delete was carried out");
      assertEquals(2, emulator.stats().faults());
    }
  }

  @Test
  void injectsFaultsDeterministicallyPerSeed() throws Exception {
    List<String> first = outcomes(42, 24);
    List<String> again = outcomes(42, 24);
    List<String> other = outcomes(7, 24);
    assertEquals(first, again);
    assertNotEquals(first, other);
    assertTrue(first.contains("200"), first.toString());
    assertTrue(first.contains("503"), first.toString());
    assertTrue(first.contains("504"), first.toString());
    assertTrue(first.contains("dropped"), first.toString());
  }

  /** The fate of {@code n} sequential requests, over raw sockets so no client retries hide it. */
  private static List<String> outcomes(long seed, int n) throws IOException {
    EmulatorOptions options = EmulatorOptions.builder().faultRate(0.5).seed(seed).build();
    List<String> fates = new ArrayList<>();
    try (TenantEmulator emulator = start(options)) {
      for (int i = 0; i < n; i++) {
        fates.add(rawGet(emulator.port(), emulator.token()));
      }
      long failed = fates.stream().filter(f -> !f.equals("200")).count();
      assertEquals(failed, emulator.stats().faults());
      assertEquals(n, emulator.stats().httpRequests());
    }
    return fates;
  }

  private static String rawGet(int port, String token) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /v1.0/organization HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return answer.isEmpty() ? "dropped" : answer.substring(9, 12);
    } catch (java.net.SocketException e) {
      return "dropped";
    }
  }

  @Test
  void acceptsLatencyWithoutChangingAnswers() throws Exception {
    try (TenantEmulator emulator = start(EmulatorOptions.builder().latencyMs(20).build())) {
      assertEquals(
          "john.smith@contoso.com",
          GraphClients.sdk(emulator).users().byUserId(JOHN).get().getUserPrincipalName());
    }
  }

  @Test
  void parsesThrottleSpecsAndRefusesBadOnes() {
    ThrottleSpec spec = ThrottleSpec.parse("requests=2000/10s, writes=300/10s");
    assertEquals(2000, spec.requests().count());
    assertEquals(Duration.ofSeconds(10), spec.requests().window());
    assertEquals(300, spec.writes().count());
    assertEquals("requests=2000/10s,writes=300/10s", spec.toString());
    assertEquals(ThrottleSpec.NONE, ThrottleSpec.parse("none"));
    assertEquals(Duration.ofMillis(500), ThrottleSpec.parse("writes=3/500ms").writes().window());
    for (String bad :
        List.of(
            "requests=10",
            "reads=1/1s",
            "requests=0/1s",
            "requests=1/1h",
            "requests=1/1s,requests=2/1s")) {
      HardmatchException e = assertThrows(HardmatchException.class, () -> ThrottleSpec.parse(bad));
      assertEquals(HardmatchException.Code.USAGE, e.code(), bad);
      assertTrue(e.fix().contains("requests=2000/10s"), e.fix());
    }
  }

  @Test
  void refusesBadOptions() {
    HardmatchException rate =
        assertThrows(
            HardmatchException.class, () -> EmulatorOptions.builder().faultRate(1.5).build());
    assertEquals(HardmatchException.Code.USAGE, rate.code());
    HardmatchException port =
        assertThrows(HardmatchException.class, () -> EmulatorOptions.builder().port(70000).build());
    assertEquals(HardmatchException.Code.USAGE, port.code());
    EmulatorOptions defaults = EmulatorOptions.defaults();
    assertTrue(defaults.token().length() > 20);
    assertTrue(!defaults.toString().contains(defaults.token()));
  }
}
