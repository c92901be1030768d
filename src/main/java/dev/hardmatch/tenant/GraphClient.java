package dev.hardmatch.tenant;

import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.core.requests.options.GraphClientOption;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * The SDK client, built on first use (commands that never talk to Graph pay nothing), with its HTTP
 * pipeline: bodies made resendable, the SDK's default middleware with {@link GraphRetry}'s
 * settings, then the dropped-connection retry, a request counter and the request log ({@link
 * GraphHttpLog}).
 */
final class GraphClient implements AutoCloseable {
  private final String base;
  private final Supplier<AuthenticationProvider> authentication;
  private final Logger log;
  private final AtomicInteger requests = new AtomicInteger();

  private volatile GraphServiceClient client;
  private OkHttpClient http;
  private BaseGraphRequestAdapter adapter;

  GraphClient(String base, Supplier<AuthenticationProvider> authentication, Logger log) {
    this.base = base;
    this.authentication = authentication;
    this.log = log;
  }

  /** The Graph root, ending in {@code /v1.0}. */
  String base() {
    return base;
  }

  /** Where Graph traffic is logged (batch items too). */
  Logger log() {
    return log;
  }

  int requestCount() {
    return requests.get();
  }

  /** The SDK client (costs a few hundred milliseconds of start-up the first time). */
  GraphServiceClient sdk() {
    GraphServiceClient built = client;
    if (built != null) {
      return built;
    }
    synchronized (this) {
      if (client == null) {
        AuthenticationProvider auth;
        try {
          auth = authentication.get();
        } catch (RuntimeException e) {
          throw GraphErrors.fromException("preparing the Graph sign-in", base, e);
        }
        // The SDK's default middleware (retry honouring Retry-After, redirects, …), then ours, in
        // this order: inner ones see every retry, so each HTTP request sent is counted and logged.
        // Not create(option, interceptors…): in this SDK version that overload drops the default
        // handlers (retry, headers inspection) and keeps only the ones given.
        OkHttpClient.Builder builder =
            GraphClientFactory.create(
                    new RequestOption[] {new GraphClientOption(), GraphRetry.sdkRetryOption()})
                .addInterceptor(new GraphRetry.DroppedConnections())
                .addInterceptor(new RequestCounter(requests))
                .addInterceptor(new GraphHttpLog(log));
        // Before the SDK's retry handler too: every resend carries the whole body.
        builder.interceptors().add(0, new GraphRetry.ReplayableBodies());
        http = builder.build();
        // The base goes in the constructor: setting it afterwards leaves request URIs wrong.
        adapter = new BaseGraphRequestAdapter(auth, base, http);
        client = new GraphServiceClient(adapter);
      }
      return client;
    }
  }

  /** The request adapter behind {@link #sdk()} (for {@code $batch}). */
  BaseGraphRequestAdapter adapter() {
    sdk();
    return adapter;
  }

  /** Runs one SDK call; any failure becomes a HardmatchException saying what was being done. */
  <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      throw GraphErrors.fromException(what, base, e);
    }
  }

  /** The HTTP status of an SDK failure; -1 when Graph never answered. */
  static int status(RuntimeException e) {
    return e instanceof ApiException ? ((ApiException) e).getResponseStatusCode() : -1;
  }

  @Override
  public synchronized void close() {
    if (http != null) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** Counts every HTTP request that leaves the client (retries included). */
  private static final class RequestCounter implements Interceptor {
    private final AtomicInteger count;

    RequestCounter(AtomicInteger count) {
      this.count = count;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      count.incrementAndGet();
      return chain.proceed(chain.request());
    }
  }
}
