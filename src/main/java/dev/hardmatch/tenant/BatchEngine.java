package dev.hardmatch.tenant;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.core.models.BatchRequestStep;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.NativeResponseHandler;
import com.microsoft.kiota.RequestInformation;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import dev.hardmatch.util.CrashHook;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends many independent requests as {@code $batch}es: at most {@value #MAX_BATCH_STEPS} to a
 * batch, several batches in flight, writes paced to a {@link WriteQuota}, next pages followed, and
 * items Graph throttled inside a 200 batch sent again in the next round ({@link GraphRetry}'s layer
 * 2; whole requests are retried by the HTTP client, not here).
 */
final class BatchEngine implements AutoCloseable {

  static final int MAX_BATCH_STEPS = 20;

  private final GraphClient graph;
  private final GraphTenant.Options options;
  private final ThrottlePacing pacing;
  private ExecutorService pool;

  BatchEngine(GraphClient graph, GraphTenant.Options options) {
    this.graph = graph;
    this.options = options;
    this.pacing = new ThrottlePacing(options.deadline(), System::nanoTime);
  }

  /** One request of a batch, with what to do with its answer. */
  static final class Step {
    final String what;
    final RequestInformation request;
    final Function<StepResult, String> onSuccess; // returns the nextLink to follow, or null
    final Predicate<StepResult> onFailure; // true: handled, not an error
    int attempts; // sends answered 503/504
    int throttles; // sends answered 429

    Step(String what, RequestInformation request, Function<StepResult, String> onSuccess) {
      this(what, request, onSuccess, r -> false);
    }

    Step(
        String what,
        RequestInformation request,
        Function<StepResult, String> onSuccess,
        Predicate<StepResult> onFailure) {
      this.what = what;
      this.request = request;
      this.onSuccess = onSuccess;
      this.onFailure = onFailure;
    }

    /** The same step for the next page: same headers, the nextLink exactly as returned. */
    Step follow(String nextLink) {
      RequestInformation next = new RequestInformation();
      next.httpMethod = HttpMethod.GET;
      next.setUri(URI.create(nextLink));
      request.headers.forEach((name, values) -> values.forEach(v -> next.headers.add(name, v)));
      return new Step(what, next, onSuccess, onFailure);
    }
  }

  /** A batch step's answer. {@code requestId}: the step's own, else the whole batch's. */
  record StepResult(int status, byte[] body, String requestId, String retryAfter) {}

  /**
   * Runs steps in rounds: each round packs the pending steps 20 to a batch (fewer when the quota is
   * smaller) and sends the batches with bounded concurrency; throttled steps and next pages go into
   * the next round, which starts after the longest Retry-After seen. While Graph throttles, a round
   * sends no more steps than Graph accepted in the last one, and a throttled step is sent again
   * until the connection's deadline ({@link ThrottlePacing}).
   *
   * @param quota pacing for writes; null for reads
   */
  void run(List<Step> initial, WriteQuota quota) {
    int batchSize = quota == null ? MAX_BATCH_STEPS : Math.min(MAX_BATCH_STEPS, quota.writes());
    List<Step> pending = new ArrayList<>(initial);
    Round round = new Round(0, initial.size());
    options.progress().begin(quota != null, round.total);
    while (!pending.isEmpty()) {
      int sending = pacing.roundSize(pending.size());
      List<Step> later = new ArrayList<>(pending.subList(sending, pending.size()));
      List<List<Step>> batches = OData.chunks(pending.subList(0, sending), batchSize);
      List<Future<Map<String, StepResult>>> futures = new ArrayList<>();
      if (quota != null) {
        CrashHook.point("before a round of write batches is sent");
      }
      for (List<Step> batch : batches) {
        futures.add(pool().submit(() -> sendPaced(batch, quota)));
      }
      round = new Round(round.done, round.total);
      for (int b = 0; b < batches.size(); b++) {
        Map<String, StepResult> results;
        try {
          results = futures.get(b).get();
        } catch (ExecutionException e) {
          round.fail(GraphErrors.fromException("sending a batch", graph.base(), e.getCause()));
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interrupted();
        }
        if (quota != null) {
          CrashHook.point("after a write batch was answered");
        }
        List<Step> batch = batches.get(b);
        for (int i = 0; i < batch.size(); i++) {
          // No answer for a step: Graph answered the batch without it.
          StepResult result =
              results.getOrDefault(stepId(i), new StepResult(502, null, null, null));
          round.settle(batch.get(i), result);
        }
        options.progress().stepsDone(round.done, round.total);
      }
      pacing.roundDone(sending, round.throttled, batchSize);
      if (round.failure != null) {
        throw round.failure;
      }
      if (!round.next.isEmpty() && round.waitMillis > 0) {
        options.progress().throttled(round.retried, round.waitMillis);
        try {
          Thread.sleep(round.waitMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interrupted();
        }
      }
      pending = round.next;
      pending.addAll(later);
    }
  }

  /** What one round decided: steps for the next round, how long to wait, the first failure. */
  private final class Round {
    final List<Step> next = new ArrayList<>();
    int done;
    int total;
    long waitMillis;
    int retried;
    int throttled;
    RuntimeException failure;

    Round(int done, int total) {
      this.done = done;
      this.total = total;
    }

    void fail(RuntimeException e) {
      if (failure == null) {
        failure = e;
      }
    }

    void settle(Step step, StepResult result) {
      try {
        if (BatchResponseContent.isSuccessStatusCode(result.status())) {
          done++;
          String nextLink = step.onSuccess.apply(result);
          if (nextLink != null) {
            next.add(step.follow(nextLink));
            total++;
          }
        } else if (result.status() == 429) {
          throttled++;
          long wait = GraphRetry.retryAfterMillis(result.retryAfter(), step.throttles + 1);
          if (pacing.mayWait(wait)) {
            step.throttles++;
            retry(step, wait);
          } else if (!step.onFailure.test(result)) {
            fail(GraphErrors.fromStep(step.what, 429, result.body(), result.requestId()));
          } else {
            done++;
          }
        } else if (GraphRetry.retryable(result.status())
            && step.attempts + 1 < options.maxItemAttempts()) {
          step.attempts++;
          retry(step, GraphRetry.retryAfterMillis(result.retryAfter(), step.attempts));
        } else if (step.onFailure.test(result)) {
          done++;
        } else {
          fail(GraphErrors.fromStep(step.what, result.status(), result.body(), result.requestId()));
        }
      } catch (RuntimeException e) {
        fail(GraphErrors.fromException(step.what, graph.base(), e));
      }
    }

    private void retry(Step step, long wait) {
      retried++;
      next.add(step);
      waitMillis = Math.max(waitMillis, wait);
    }
  }

  private Map<String, StepResult> sendPaced(List<Step> batch, WriteQuota quota)
      throws IOException, InterruptedException {
    if (quota == null) {
      return send(batch);
    }
    WriteQuota.Permit permit = quota.acquire(batch.size());
    try {
      return send(batch);
    } finally {
      quota.settle(permit);
    }
  }

  /** POSTs one {@code $batch} through the SDK and returns each step's answer by step id. */
  private Map<String, StepResult> send(List<Step> batch) throws IOException {
    BaseGraphRequestAdapter adapter = graph.adapter();
    BatchRequestContent content = new BatchRequestContent(adapter, new ArrayList<>());
    List<Request> items = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Request request = adapter.convertToNativeRequest(batch.get(i).request);
      items.add(request);
      content.addBatchRequestStep(new BatchRequestStep(stepId(i), request));
    }
    RequestInformation post =
        graph.sdk().getBatchRequestBuilder().toPostRequestInformation(content);
    NativeResponseHandler handler = new NativeResponseHandler();
    post.setResponseHandler(handler);
    adapter.sendPrimitive(post, null, InputStream.class);
    try (Response response = (Response) handler.getValue()) {
      String batchRequestId = response.header("request-id");
      if (GraphRetry.retryable(response.code())) {
        // Still 429/503/504 after the client's retries: each item waits and is sent again like an
        // item Graph throttled inside the batch (GraphRetry, layer 2), with the batch's
        // Retry-After.
        ResponseBody body = response.body();
        byte[] bytes = body == null ? null : body.bytes();
        Map<String, StepResult> all = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
          all.put(
              stepId(i),
              new StepResult(
                  response.code(), bytes, batchRequestId, response.header("Retry-After")));
        }
        return all;
      }
      if (!response.isSuccessful()) {
        // Refused outright.
        ResponseBody body = response.body();
        throw GraphErrors.fromStep(
            "a batch of " + batch.get(0).what,
            response.code(),
            body == null ? null : body.bytes(),
            batchRequestId);
      }
      Map<String, StepResult> results = new HashMap<>();
      for (Map.Entry<String, Response> entry :
          new BatchResponseContent(response).getResponses().entrySet()) {
        Response step = entry.getValue();
        ResponseBody body = step.body();
        String stepRequestId = step.header("request-id");
        StepResult result =
            new StepResult(
                step.code(),
                body == null ? null : body.bytes(),
                stepRequestId != null ? stepRequestId : batchRequestId,
                step.header("Retry-After"));
        results.put(entry.getKey(), result);
        logItem(items, entry.getKey(), result);
      }
      return results;
    }
  }

  private void logItem(List<Request> items, String id, StepResult result) {
    int index = Integer.parseInt(id) - 1;
    if (index >= 0 && index < items.size()) {
      Request item = items.get(index);
      GraphHttpLog.item(
          graph.log(), item.method(), item.url(), result.status(), result.requestId());
    }
  }

  private static String stepId(int index) {
    return Integer.toString(index + 1);
  }

  private static HardmatchException interrupted() {
    return new HardmatchException(Code.GRAPH, "interrupted while waiting for Graph", null);
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      AtomicInteger n = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              options.concurrency(),
              r -> {
                Thread t = new Thread(r, "hardmatch-graph-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    return pool;
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
  }
}
