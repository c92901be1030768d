package dev.hardmatch.tenant;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.AzureAuthorityHosts;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.DeviceCodeCredentialBuilder;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import dev.hardmatch.net.Loopback;
import dev.hardmatch.spec.LinksFile;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which Graph endpoint and which sign-in: the links file's {@code tenant.graph} checked, national
 * clouds' authorities and scopes, azure-identity's credentials, and the sandbox's static token
 * (loopback only).
 */
final class GraphSignIn {
  private GraphSignIn() {}

  /**
   * The checked endpoint and how to sign in to it; the provider is built on first use.
   *
   * @param base the Graph root, ending in {@code /v1.0}
   */
  record Endpoint(String base, Supplier<AuthenticationProvider> authentication) {}

  /** See {@link GraphTenant#open(LinksFile.TenantSpec, GraphAuth, Map, GraphTenant.Options)}. */
  static Endpoint prepare(LinksFile.TenantSpec spec, GraphAuth auth, Map<String, String> env) {
    String base = normaliseBase(spec.graph());
    URI uri = URI.create(base);
    String host = uri.getHost();
    boolean loopback = Loopback.isHost(host);
    String token = env.get(GraphTenant.TOKEN_ENV);
    if (token != null && !token.isEmpty()) {
      if (!loopback) {
        throw new HardmatchException(
            Code.USAGE,
            GraphTenant.TOKEN_ENV
                + " is set, but tenant.graph ("
                + base
                + ") is not a loopback endpoint: a static token is accepted only for the local"
                + " sandbox, because it would bypass azure-identity (no sign-in, no expiry, no"
                + " refresh)",
            "unset "
                + GraphTenant.TOKEN_ENV
                + " and sign in through azure-identity (environment variables, workload identity,"
                + " managed identity, 'az login') or use --auth device-code");
      }
      return new Endpoint(
          base, () -> new BaseBearerTokenAuthenticationProvider(new StaticToken(token, host)));
    }
    if (loopback && "http".equals(uri.getScheme()) && auth.kind() != GraphAuth.Kind.DEVICE_CODE) {
      // Plain http on loopback is the sandbox, which signs nobody in: azure-identity's chain
      // would only fail there after minutes with an unrelated message.
      throw new HardmatchException(
          Code.USAGE,
          "tenant.graph ("
              + base
              + ") is a local sandbox, whose token comes from "
              + GraphTenant.TOKEN_ENV
              + ", and that variable is not set",
          "export " + GraphTenant.TOKEN_ENV + " with the token 'hardmatch sandbox serve' printed");
    }
    if (!loopback && !"https".equals(uri.getScheme())) {
      throw new HardmatchException(
          Code.USAGE,
          "tenant.graph (" + base + ") must use https",
          "use an https:// endpoint; plain http is only for a loopback sandbox");
    }
    String tenantId = spec.id();
    return new Endpoint(
        base,
        () ->
            new AzureIdentityAuthenticationProvider(
                credential(auth, tenantId, host, env), new String[] {host}, scope(host)));
  }

  /** The token scope for a Graph host: national clouds have their own resource. */
  static String scope(String host) {
    return "https://" + host + "/.default";
  }

  static TokenCredential credential(
      GraphAuth auth, String tenantId, String host, Map<String, String> env) {
    // azure-identity reads its settings (AZURE_CLIENT_ID, …) from this injected environment.
    Configuration configuration =
        new ConfigurationBuilder(source -> Map.of(), source -> Map.of(), source -> env).build();
    String authority = authorityHost(host);
    if (auth.kind() == GraphAuth.Kind.DEVICE_CODE) {
      DeviceCodeCredentialBuilder builder =
          new DeviceCodeCredentialBuilder()
              .tenantId(tenantId)
              .configuration(configuration)
              .challengeConsumer(challenge -> auth.prompt().accept(challenge.getMessage()));
      if (env.get("AZURE_CLIENT_ID") != null) {
        builder.clientId(env.get("AZURE_CLIENT_ID"));
      }
      if (authority != null) {
        builder.authorityHost(authority);
      }
      return builder.build();
    }
    DefaultAzureCredentialBuilder builder =
        new DefaultAzureCredentialBuilder().tenantId(tenantId).configuration(configuration);
    if (authority != null) {
      builder.authorityHost(authority);
    }
    return builder.build();
  }

  /** The sign-in authority of a national cloud's Graph host; null: azure-identity's default. */
  static String authorityHost(String graphHost) {
    switch (graphHost.toLowerCase(Locale.ROOT)) {
      case "graph.microsoft.us":
      case "dod-graph.microsoft.us":
        return AzureAuthorityHosts.AZURE_GOVERNMENT;
      case "microsoftgraph.chinacloudapi.cn":
        return AzureAuthorityHosts.AZURE_CHINA;
      default:
        return null;
    }
  }

  /**
   * The endpoint from the links file, checked: an absolute http(s) URL whose path is exactly {@code
   * /v1.0} (the SDK cuts batch step URLs relative to it).
   */
  static String normaliseBase(String graph) {
    String base =
        graph == null || graph.isBlank() ? LinksFile.TenantSpec.DEFAULT_GRAPH : graph.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    try {
      URI uri = new URI(base);
      if (uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || !"/v1.0".equals(uri.getPath())
          || uri.getQuery() != null) {
        throw new URISyntaxException(base, "not a Graph root");
      }
    } catch (URISyntaxException e) {
      throw new HardmatchException(
          Code.USAGE,
          "tenant.graph '" + base + "' is not a Graph v1.0 endpoint",
          "use the Graph root of your cloud ending in /v1.0, e.g. "
              + LinksFile.TenantSpec.DEFAULT_GRAPH
              + " or https://graph.microsoft.us/v1.0");
    }
    return base;
  }

  /** The sandbox's static token, sent to its one loopback host only. Never logged. */
  private static final class StaticToken implements AccessTokenProvider {
    private final String token;
    private final AllowedHostsValidator hosts;

    StaticToken(String token, String host) {
      this.token = token;
      this.hosts = new AllowedHostsValidator(host);
    }

    @Override
    public String getAuthorizationToken(URI uri, Map<String, Object> context) {
      return hosts.isUrlHostValid(uri) ? token : "";
    }

    @Override
    public AllowedHostsValidator getAllowedHostsValidator() {
      return hosts;
    }

    @Override
    public String toString() {
      return "StaticToken[redacted]";
    }
  }
}
