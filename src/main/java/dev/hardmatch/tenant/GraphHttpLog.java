package dev.hardmatch.tenant;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every Graph HTTP request at DEBUG: method, path with query, status, request-id and duration
 * (retries are separate lines: it sits inside the retry handlers). Items of a {@code $batch} are
 * logged by {@link BatchEngine} through {@link #item}. Never headers (the Authorization header
 * holds the token) and never bodies.
 */
final class GraphHttpLog implements Interceptor {
  /** The logger name a user turns on to see Graph traffic. */
  static final Logger DEFAULT = LoggerFactory.getLogger("dev.hardmatch.graph");

  private final Logger log;

  GraphHttpLog(Logger log) {
    this.log = log;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!log.isDebugEnabled()) {
      return chain.proceed(request);
    }
    long start = System.nanoTime();
    String target = request.method() + " " + pathAndQuery(request.url());
    try {
      Response response = chain.proceed(request);
      log.debug(
          "graph {} -> {} request-id={} {} ms",
          target,
          response.code(),
          response.header("request-id"),
          millisSince(start));
      return response;
    } catch (IOException e) {
      log.debug(
          "graph {} -> no answer ({}) {} ms",
          target,
          e.getClass().getSimpleName(),
          millisSince(start));
      throw e;
    }
  }

  /** One item of a {@code $batch} and what Graph answered to it. */
  static void item(Logger log, String method, HttpUrl url, int status, String requestId) {
    if (log.isDebugEnabled()) {
      log.debug(
          "graph   $batch item {} {} -> {} request-id={}",
          method,
          pathAndQuery(url),
          status,
          requestId);
    }
  }

  /** The path and the decoded query: readable filters, nothing but the URL. */
  static String pathAndQuery(HttpUrl url) {
    String query = url.query();
    return url.encodedPath() + (query == null ? "" : "?" + query);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
