package dev.hardmatch.discover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.spec.LinksEditor;
import dev.hardmatch.util.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Discovery's result as a reviewer gets it: a links file (the input plus the proposals, each with
 * its confidence and evidence in a comment, the weaker ones commented out), JSON for tools, or CSV
 * for a spreadsheet that {@code hardmatch import} reads back as is.
 */
public final class DiscoveryOutput {
  /** The output formats of {@code discover --format}. */
  public enum Format {
    yaml,
    json,
    csv
  }

  /** The CSV header; import ignores the last three columns. */
  static final String CSV_HEADER = "sam,upn,adUpn,confidence,evidence,duplicate";

  private DiscoveryOutput() {}

  public static String render(Format format, String linksText, Discovery d, Confidence min) {
    return switch (format) {
      case yaml -> yaml(linksText, d, min);
      case json -> json(d);
      case csv -> csv(d, min);
    };
  }

  /** The proposals at or above {@code min} to link; the others commented out. */
  static List<Proposal> active(Discovery d, Confidence min) {
    return d.proposals().stream().filter(p -> p.confidence().atLeast(min)).toList();
  }

  /**
   * The input file with the proposals added after its links, sorted by sam: those at or above
   * {@code min} as links, then the weaker and ambiguous ones commented out.
   */
  static String yaml(String linksText, Discovery d, Confidence min) {
    List<Proposal> active = active(d, min);
    List<Proposal> inactive =
        d.proposals().stream().filter(p -> !p.confidence().atLeast(min)).toList();
    List<LinksEditor.Entry> entries = new ArrayList<>();
    boolean first = true;
    for (Proposal p : active) {
      List<String> comments = new ArrayList<>();
      if (first) {
        comments.add(
            "hardmatch discover: "
                + active.size()
                + " proposed at confidence "
                + min.key()
                + (min == Confidence.HIGH ? "" : " or above")
                + "; check each, then plan");
        first = false;
      }
      entries.addAll(entries(p, comments, true));
    }
    first = true;
    for (Proposal p : inactive) {
      List<String> comments = new ArrayList<>();
      if (first) {
        comments.add(
            "hardmatch discover: "
                + inactive.size()
                + " below confidence "
                + min.key()
                + " or ambiguous, commented out; uncomment only what you checked");
        first = false;
      }
      entries.addAll(entries(p, comments, false));
    }
    return LinksEditor.append(linksText, entries).text();
  }

  private static List<LinksEditor.Entry> entries(
      Proposal p, List<String> comments, boolean active) {
    List<String> lines = new ArrayList<>(comments);
    List<Evidence> evidence = p.evidence();
    lines.add(p.confidence().key() + " · " + evidence.get(0));
    for (Evidence e : evidence.subList(1, evidence.size())) {
      lines.add("  " + e);
    }
    String adUpn = null;
    if (p.adUpnDiffers()) {
      adUpn = "match";
      lines.add(
          "  adUpn: the AD UPN is "
              + p.adUpn()
              + "; match sets it to "
              + p.upn()
              + " (keep: leave it and let sync rename the cloud account)");
    }
    List<LinksEditor.Entry> out = new ArrayList<>();
    out.add(new LinksEditor.Entry(lines, p.sam(), p.upn(), adUpn, active));
    for (String alternative : p.alternatives()) {
      out.add(
          new LinksEditor.Entry(
              List.of("  or:"),
              p.sam(),
              alternative,
              p.adUpn() != null && !p.adUpn().equalsIgnoreCase(alternative) ? "match" : null,
              false));
    }
    return out;
  }

  /** Every proposal whatever its confidence, the ambiguities and the unmatched counts. */
  static String json(Discovery d) {
    ObjectMapper mapper = Json.mapper();
    ObjectNode doc = mapper.createObjectNode();
    ArrayNode proposals = doc.putArray("proposals");
    for (Proposal p : d.proposals()) {
      ObjectNode o = proposals.addObject();
      o.put("sam", p.sam());
      o.put("upn", p.upn());
      o.put("confidence", p.confidence().key());
      ArrayNode evidence = o.putArray("evidence");
      p.evidence().forEach(e -> evidence.add(e.toString()));
      if (p.duplicate() == null) {
        o.putNull("duplicate");
      } else {
        o.putObject("duplicate")
            .put("id", p.duplicate().id())
            .put("userPrincipalName", p.duplicate().userPrincipalName());
      }
    }
    ArrayNode ambiguous = doc.putArray("ambiguous");
    for (Ambiguity a : d.ambiguous()) {
      ObjectNode o = ambiguous.addObject();
      if (a.sam() != null) {
        o.put("sam", a.sam());
      } else {
        o.put("upn", a.upn());
      }
      ArrayNode candidates = o.putArray("candidates");
      a.candidates().forEach(candidates::add);
      o.put("reason", a.reason());
    }
    doc.putObject("unmatched")
        .put("ad", d.unmatchedAd().size())
        .put("cloud", d.unmatchedCloud().size());
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One row per proposal at or above {@code min}; {@code hardmatch import} reads it as is. */
  static String csv(Discovery d, Confidence min) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append("\r\n");
    for (Proposal p : active(d, min)) {
      List<String> evidence = p.evidence().stream().map(Evidence::toString).toList();
      List<String> cells =
          List.of(
              p.sam(),
              p.upn(),
              p.adUpnDiffers() ? "match" : "",
              p.confidence().key(),
              String.join(" | ", evidence),
              p.duplicate() == null ? "" : p.duplicate().userPrincipalName());
      List<String> quoted = cells.stream().map(DiscoveryOutput::cell).toList();
      sb.append(String.join(",", quoted)).append("\r\n");
    }
    return sb.toString();
  }

  private static String cell(String value) {
    if (value.matches("[^,;\"\\r\\n]*") && value.strip().equals(value)) {
      return value;
    }
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
