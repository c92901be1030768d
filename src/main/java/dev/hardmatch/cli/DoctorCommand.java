package dev.hardmatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hardmatch.connect.Connectors;
import dev.hardmatch.doctor.Check;
import dev.hardmatch.doctor.Doctor;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.util.Json;
import dev.hardmatch.util.Messages;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    header = "Check that plan and apply will work: connections, rights, tenant settings.",
    description = {
      "Check, one line each, everything plan and apply need from the systems a links file",
      "names: LDAP reachable, TLS verified, bind, each AD attribute readable; each Graph",
      "permission by one real read; the takeover window; Entra ID P2; the anchor Entra Connect",
      "wrote on a sample of synced users against the one hardmatch computes. Each is ok, warn",
      "or fail with the fix. Changes nothing. Exit 0 nothing failed, 1 something failed."
    })
final class DoctorCommand implements Callable<Integer> {
  /** How the result is printed. */
  enum Format {
    text,
    json
  }

  private final CliContext ctx;

  @ParentCommand RootCommand root;

  @Parameters(paramLabel = "FILE", description = "The links file, e.g. links.yaml.")
  String file;

  @Mixin FormatOption<Format> format = new FormatOption<>(Format.class);

  @Mixin AuthOption auth = new AuthOption();

  @Mixin PinOptions pinned = new PinOptions();

  DoctorCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    // Offline first: the links file, the pins and the credential files (exit 65, as every
    // command), before anything connects.
    Throughput throughput = new Throughput();
    throughput.pins = pinned.pins(ctx);
    Connectors systems = throughput.connectors(ctx, auth.parse(ctx), null);
    LinksFile links = systems.loadLinks(ctx.resolve(file));
    systems.checkTrust(links);

    ProgressLine line = ProgressLine.of(ctx);
    Doctor.Report report;
    try {
      report = Doctor.run(links, systems, message -> line.message(message + " …"));
    } finally {
      line.clear();
    }
    if (format.get() == Format.json) {
      try {
        ctx.out().println(Json.pretty().writeValueAsString(Map.of("checks", report.checks())));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      print(report, ctx.out(), ctx.colour() && (root == null || !root.noColor));
    }
    ctx.out().flush();
    return report.exitCode();
  }

  /** One line per check: status, name, what was found and, unless ok, the fix; then the counts. */
  private static void print(Doctor.Report report, PrintWriter out, boolean colour) {
    int[] counts = new int[Check.Status.values().length];
    for (Check c : report.checks()) {
      counts[c.status().ordinal()]++;
      String status = String.format("%-4s", c.status().text());
      if (colour) {
        status = paint(c.status()) + status + "\u001b[0m";
      }
      String fix = c.fix() == null ? "" : " | fix: " + c.fix();
      out.println(Messages.safe(status + "  " + c.name() + ": " + c.detail() + fix));
    }
    out.println(
        counts[Check.Status.OK.ordinal()]
            + " ok, "
            + counts[Check.Status.WARN.ordinal()]
            + " warn, "
            + counts[Check.Status.FAIL.ordinal()]
            + " fail");
  }

  private static String paint(Check.Status status) {
    switch (status) {
      case OK:
        return "\u001b[32m";
      case WARN:
        return "\u001b[33m";
      default:
        return "\u001b[31m";
    }
  }
}
