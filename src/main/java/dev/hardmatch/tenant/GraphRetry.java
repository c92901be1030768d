package dev.hardmatch.tenant;

import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.io.IOException;
import java.net.ConnectException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * hardmatch's one retry policy for Microsoft Graph: which layer retries what. There are exactly two
 * layers, and nothing else in the code retries a Graph call.
 *
 * <ol>
 *   <li><b>A whole HTTP request</b> (a single read or write, a page, or a {@code POST /$batch}) is
 *       retried inside the HTTP client, so every caller gets it and none repeats it:
 *       <ul>
 *         <li>answered 429, 503 or 504: the SDK's retry handler sends it again after the answer's
 *             Retry-After (without one, after a back-off of about {@value #BACKOFF_SECONDS} s,
 *             growing), at most {@value #REQUEST_RETRIES} times ({@link #sdkRetryOption()}); when
 *             the last answer is still 429/503/504, it is the caller's error;
 *         <li>the connection dropped before an answer ({@link DroppedConnections}): sent again at
 *             most {@value #TRANSPORT_ATTEMPTS} times in all, for GETs and {@code $batch} POSTs
 *             only. Safe for hardmatch's batches: reads are idempotent, and a repeated write either
 *             finds its end state (a delete or purge answers 404, which callers treat as done) or
 *             sets the same value again. A single DELETE or PATCH is not resent: its outcome is
 *             reported as unknown and apply re-reads the state before resuming. A refused
 *             connection (nothing listening) is not retried either.
 *       </ul>
 *   <li><b>One item inside a {@code $batch}</b> that Graph answered 200 (or every item of a {@code
 *       $batch} still answered 429/503/504 after layer 1): an item answered 429, 503 or 504 goes
 *       into the next round of the batch engine ({@link BatchEngine}), which starts after the
 *       longest Retry-After of the round ({@link #retryAfterMillis}). An item answered 429 is sent
 *       again as long as the wait ends before the connection's deadline, and rounds shrink to what
 *       Graph accepts ({@link ThrottlePacing}); one answered 503/504 at most {@code
 *       GraphTenant.Options#maxItemAttempts} times, then it counts as failed.
 * </ol>
 *
 * <p>Whatever layer sends a request again (these two, or OkHttp's own reconnect), it sends the
 * whole body: {@link ReplayableBodies} turns each body into bytes before any of them sends it.
 *
 * <p>Apply itself never retries a write: a write whose outcome is unknown fails its link, and
 * running the same plan again resumes from a fresh read (README "Apply: gates, journal, resume").
 */
final class GraphRetry {
  private GraphRetry() {}

  /** Retries of one whole request answered 429/503/504 (the SDK allows at most 10). */
  static final int REQUEST_RETRIES = 4;

  /** The SDK's back-off base in seconds when an answer has no Retry-After. */
  static final long BACKOFF_SECONDS = 1;

  /** Sends of one request in all when its connection drops before the answer. */
  static final int TRANSPORT_ATTEMPTS = 3;

  /** The statuses Graph uses for "try again later". */
  static boolean retryable(int status) {
    return status == 429 || status == 503 || status == 504;
  }

  /** The SDK retry handler's settings: layer 1 for statuses. */
  static RetryHandlerOption sdkRetryOption() {
    return new RetryHandlerOption(
        RetryHandlerOption.DEFAULT_SHOULD_RETRY, REQUEST_RETRIES, BACKOFF_SECONDS);
  }

  /** Retry-After in seconds as Graph sends it; without one, back off exponentially. */
  static long retryAfterMillis(String retryAfter, int attempt) {
    if (retryAfter != null) {
      try {
        long seconds = Long.parseLong(retryAfter.strip());
        return Math.max(0, Math.min(seconds, 300)) * 1000;
      } catch (NumberFormatException notSeconds) {
        // an HTTP date: fall through to the back-off
      }
    }
    return Math.min(1000L << Math.min(attempt - 1, 5), 30_000L);
  }

  /**
   * Makes every request body resendable, whichever layer resends it. The SDK streams a body from
   * its {@code InputStream} and rewinds the stream only after a complete write: a connection that
   * drops while the body is being written leaves the stream part-read, and the next send went out
   * with the unread tail only (Graph: 400 "Unable to read JSON request payload"). Outermost in the
   * pipeline, so the body is read exactly once, into memory (Graph bodies are small: a {@code
   * $batch} is at most 20 requests).
   */
  static final class ReplayableBodies implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      RequestBody body = request.body();
      if (body == null) {
        return chain.proceed(request);
      }
      Buffer bytes = new Buffer();
      body.writeTo(bytes);
      RequestBody whole = RequestBody.create(bytes.readByteString(), body.contentType());
      return chain.proceed(request.newBuilder().method(request.method(), whole).build());
    }
  }

  /** Layer 1 for dropped connections: resends a GET or a {@code $batch} whose answer never came. */
  static final class DroppedConnections implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      for (int attempt = 1; ; attempt++) {
        try {
          return chain.proceed(request);
        } catch (IOException e) {
          if (attempt >= TRANSPORT_ATTEMPTS
              || e instanceof ConnectException
              || !resendable(request)) {
            throw e;
          }
          try {
            Thread.sleep(retryAfterMillis(null, attempt));
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
    }

    private static boolean resendable(Request request) {
      return "GET".equals(request.method())
          || ("POST".equals(request.method()) && request.url().encodedPath().endsWith("/$batch"));
    }
  }
}
