package dev.hardmatch.connect;

import dev.hardmatch.apply.Apply;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.LdapDirectory;
import dev.hardmatch.directory.LdapProbe;
import dev.hardmatch.directory.OpenStep;
import dev.hardmatch.doctor.Doctor;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.tenant.GraphProgress;
import dev.hardmatch.tenant.GraphTenant;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.WriteQuota;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real adapters behind plan, apply and verify: loads a links file, and opens the LDAP directory
 * and the Graph tenant it names, with the given sign-in, write quota and progress.
 */
public class Connectors implements Apply.Environment, Doctor.Systems {
  private static final Logger LOG = LoggerFactory.getLogger(Connectors.class);

  /**
   * How the systems are reached.
   *
   * @param writeQuota the Graph writes per window apply paces itself to
   * @param deadline how long throttled Graph requests are sent again (apply's {@code --deadline})
   */
  public record Settings(WriteQuota writeQuota, Pins pins, Duration deadline) {
    public Settings(WriteQuota writeQuota, Pins pins) {
      this(writeQuota, pins, GraphTenant.Options.DEFAULT_DEADLINE);
    }

    public Settings(WriteQuota writeQuota) {
      this(writeQuota, Pins.NONE);
    }

    public static Settings defaults() {
      return new Settings(WriteQuota.GRAPH_DEFAULT);
    }
  }

  private final Map<String, String> env;
  private final Path workDir;
  private final GraphAuth auth;
  private final Settings settings;
  private final GraphProgress progress;

  /**
   * @param env the process environment (LDAP bind password, Graph token variables)
   * @param workDir what links file paths are shown relative to
   * @param progress null for none
   */
  public Connectors(
      Map<String, String> env,
      Path workDir,
      GraphAuth auth,
      Settings settings,
      GraphProgress progress) {
    this.env = env;
    this.workDir = workDir;
    this.auth = auth;
    this.settings = settings;
    this.progress = progress == null ? GraphProgress.NONE : progress;
  }

  @Override
  public LinksFile loadLinks(Path file) {
    LOG.debug("loading links file {}", file);
    return LinksLoader.load(file, display(file));
  }

  @Override
  public LinksFile loadLinks(Path file, byte[] raw) {
    LOG.debug("loading links file {} ({} bytes read by the gates)", file, raw.length);
    return LinksLoader.parse(raw, file, display(file));
  }

  /** The pinned endpoints, and the CA and password files inside the repository. */
  @Override
  public void checkTrust(LinksFile links) {
    settings.pins().check(links);
    CredentialFiles.check(links);
  }

  @Override
  public Tenant openTenant(LinksFile links) {
    LOG.debug(
        "opening tenant {} at {} (sign-in {}, write quota {})",
        links.tenant().id(),
        links.tenant().graph(),
        auth,
        settings.writeQuota());
    GraphTenant.Options options =
        GraphTenant.Options.defaults()
            .withWriteQuota(settings.writeQuota())
            .withDeadline(settings.deadline())
            .withProgress(progress);
    return GraphTenant.open(links.tenant(), auth, env, options);
  }

  @Override
  public Directory openDirectory(LinksFile links) {
    LOG.debug("opening directory {}", links.directory().url());
    return LdapDirectory.open(links.directory(), env);
  }

  /**
   * As {@link #openDirectory(LinksFile)}, telling {@code steps} each step of opening it done (TCP,
   * TLS, bind) so that {@code hardmatch doctor} can say which one failed.
   */
  @Override
  public Directory openDirectory(LinksFile links, Consumer<OpenStep> steps) {
    LOG.debug("opening directory {} step by step", links.directory().url());
    return LdapDirectory.open(links.directory(), env, steps);
  }

  @Override
  public void checkBindPassword(LinksFile links) {
    LdapProbe.checkPassword(links.directory(), env);
  }

  private String display(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(workDir) ? workDir.relativize(abs).toString() : abs.toString();
  }
}
