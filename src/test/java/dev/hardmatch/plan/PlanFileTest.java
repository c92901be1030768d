package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFileTest {
  @TempDir Path tmp;

  private static Plan mixed() throws Exception {
    PlanResult r = PlannerGoldenTest.plan("multi-link-mixed");
    assertTrue(r.ok(), () -> r.problems().toString());
    return PlanFile.finish(r.plan(), "2026-11-27T10:00:00Z", "1.2.3");
  }

  @Test
  void sameInputsGiveTheSameBytesAndTheyReadBackEqual() throws Exception {
    Plan a = mixed();
    Plan b = mixed();
    Path fa = tmp.resolve("a.plan.json");
    Path fb = tmp.resolve("plans/b.plan.json");
    PlanFile.write(a, fa);
    PlanFile.write(b, fb);
    assertArrayEquals(Files.readAllBytes(fa), Files.readAllBytes(fb));

    Plan back = PlanFile.read(fa);
    assertEquals(a, back);
    assertTrue(PlanFile.digestMatches(back));
    assertEquals(PlanFile.write(a), PlanFile.write(back), "rewriting what was read is a no-op");
  }

  @Test
  void isOneHeaderFieldPerLineThenOneLinePerLinkWithUnixLineEnds() throws Exception {
    Plan plan = mixed();
    String json = PlanFile.write(plan);
    assertTrue(json.startsWith("{\"format\":2,\n\"digest\":\"sha256:"), json);
    assertTrue(json.endsWith("\n]}\n"), json);
    assertFalse(json.contains("\r"));
    List<String> lines = json.lines().toList();
    // format, digest, createdAt, toolVersion, source, tenant, directory, "links":[, links, ]}
    assertEquals(8 + plan.links().size() + 1, lines.size(), json);
    assertEquals("\"links\":[", lines.get(7));
    for (int i = 0; i < plan.links().size(); i++) {
      String line = lines.get(8 + i);
      assertTrue(line.startsWith("{\"sam\":\"" + plan.links().get(i).sam() + "\","), line);
    }
    // No repeated facts: defaults and derived values are left out.
    assertFalse(json.contains("\"status\""), json);
    assertFalse(json.contains("\"summary\""), json);
    assertFalse(json.contains("\"warnings\":[]"), json);
    assertFalse(json.contains(plan.links().get(0).anchor().guid()), "the GUID form is derived");
  }

  @Test
  void digestCoversCreatedAtAndEveryFieldApplyActsOn() throws Exception {
    Plan plan = mixed();
    assertTrue(plan.digest().matches("sha256:[0-9a-f]{64}"));
    Plan later = PlanFile.finish(plan, "2999-01-01T00:00:00Z", "1.2.3");
    assertNotEquals(plan.digest(), later.digest(), "a plan dated later is another plan");
    assertFalse(PlanFile.digestMatches(later.withDigest(plan.digest())));

    // Edit the object id of the first delete, as a hand edit of the file would.
    LinkPlan first = plan.links().get(0);
    DeleteUser d = (DeleteUser) first.actions().get(0);
    List<Action> actions = new ArrayList<>(first.actions());
    actions.set(
        0,
        new DeleteUser("11111111-2222-3333-4444-555555555555", d.userPrincipalName(), d.expect()));
    Plan otherObject = withFirstLink(plan, first, actions, first.anchor());
    assertFalse(PlanFile.digestMatches(otherObject));
    assertNotEquals(plan.digest(), PlanFile.digest(otherObject));

    LinkPlan.AnchorRef a = first.anchor();
    Plan otherAnchor =
        withFirstLink(
            plan,
            first,
            first.actions(),
            new LinkPlan.AnchorRef(a.attribute(), a.guid(), "MsNKjF+XF0ete7pKTpaP/w=="));
    assertFalse(PlanFile.digestMatches(otherAnchor));
    assertNotEquals(PlanFile.digest(otherObject), PlanFile.digest(otherAnchor));
  }

  @Test
  void digestIsOverWhatWasParsedNotOverTheBytes() throws Exception {
    Plan plan = mixed();
    String json = PlanFile.write(plan);
    // A Windows checkout: CRLF line ends and a byte-order mark; then re-indented by an editor and
    // with the header's keys in another order.
    String crlf = "\uFEFF" + json.replace("\n", "\r\n");
    String tenant = "\"id\":\"" + plan.tenant().id() + "\"";
    String reindented =
        json.replace(",\n\"", ",\n    \"")
            .replace(
                "{" + tenant + ",\"displayName\":\"Contoso\",\"hardMatchTakeover\":\"unknown\"}",
                "{ \"hardMatchTakeover\": \"unknown\", \"displayName\": \"Contoso\", "
                    + tenant
                    + " }");
    assertNotEquals(json.replace(",\n\"", ",\n    \""), reindented);
    for (String variant : List.of(crlf, reindented)) {
      Plan read = PlanFile.parse("v", variant.getBytes(StandardCharsets.UTF_8));
      assertEquals(plan, read, variant);
      assertTrue(PlanFile.digestMatches(read), variant);
    }
  }

  private static Plan withFirstLink(
      Plan plan, LinkPlan first, List<Action> actions, LinkPlan.AnchorRef anchor) {
    List<LinkPlan> links = new ArrayList<>(plan.links());
    links.set(
        0,
        new LinkPlan(
            first.sam(),
            first.upn(),
            first.status(),
            anchor,
            first.synced(),
            actions,
            first.warnings(),
            first.syncImpact()));
    return new Plan(
        plan.formatVersion(),
        plan.digest(),
        plan.createdAt(),
        plan.toolVersion(),
        plan.source(),
        plan.tenant(),
        plan.directory(),
        plan.summary(),
        links);
  }

  @Test
  void digestDetectsAHandEditOfTheFile() throws Exception {
    Path f = tmp.resolve("p.plan.json");
    PlanFile.write(mixed(), f);
    // Someone drops a purge from the reviewed plan: still a valid plan, but not what was planned.
    String text = Files.readString(f);
    assertTrue(text.contains(",{\"op\":\"purgeDeletedUser\"}"), text);
    Files.writeString(f, text.replaceFirst(",\\{\"op\":\"purgeDeletedUser\"\\}", ""));
    Plan read = PlanFile.read(f);
    assertFalse(PlanFile.digestMatches(read));
  }

  @Test
  void refusesAFormat1PlanSayingWhichVersionsWroteItAndToPlanAgain() throws Exception {
    Path f = tmp.resolve("old.plan.json");
    Files.writeString(
        f, "{\n  \"formatVersion\": \"1.0\",\n  \"digest\": \"sha256:00\",\n  \"links\": []\n}\n");
    HardmatchException e = assertThrows(HardmatchException.class, () -> PlanFile.read(f));
    assertEquals(HardmatchException.Code.INVALID_INPUT, e.code());
    assertEquals(65, e.exitCode());
    Diagnostic d = e.diagnostics().get(0);
    assertEquals(f.toString(), d.file());
    assertEquals(2, d.line());
    assertTrue(d.message().contains("plan format 1 was written by hardmatch < 0.1.0"), d.message());
    assertTrue(d.fix().contains("plan again"), d.fix());
  }

  @Test
  void refusesANewerFormatSayingSo() throws Exception {
    Path f = tmp.resolve("future.plan.json");
    Files.writeString(f, PlanFile.write(mixed()).replace("{\"format\":2,", "{\"format\":3,"));
    HardmatchException e = assertThrows(HardmatchException.class, () -> PlanFile.read(f));
    assertEquals(65, e.exitCode());
    Diagnostic d = e.diagnostics().get(0);
    assertEquals(1, d.line());
    assertTrue(d.message().contains("plan format 3 was written by a newer hardmatch"), d.message());
  }

  @Test
  void refusesAnUnknownFieldAnywhereInTheSignedBody() throws Exception {
    String json = PlanFile.write(mixed());
    for (String edited :
        List.of(
            json.replace(
                "\"toolVersion\":\"1.2.3\",", "\"toolVersion\":\"1.2.3\",\"reviewers\":[\"ann\"],"),
            json.replaceFirst(
                "\\{\"sam\":\"maryk\",", "{\"sam\":\"maryk\",\"status\":\"unchanged\","),
            json.replaceFirst(
                "\\{\"op\":\"purgeDeletedUser\"", "{\"op\":\"purgeDeletedUser\",\"force\":true"))) {
      assertNotEquals(json, edited);
      HardmatchException e =
          assertThrows(
              HardmatchException.class,
              () -> PlanFile.parse("p.plan.json", edited.getBytes(StandardCharsets.UTF_8)));
      assertEquals(65, e.exitCode());
      Diagnostic d = e.diagnostics().get(0);
      assertTrue(d.line() > 0 && d.column() > 0, d.format());
      assertTrue(d.format().matches("(?s).*(reviewers|status|force).*"), d.format());
    }
  }

  @Test
  void refusesADuplicateKeyInsteadOfLettingTheLastWin() throws Exception {
    String json = PlanFile.write(mixed());
    String twice =
        json.replaceFirst("\\{\"sam\":\"johns\",", "{\"sam\":\"johns\",\"sam\":\"maryk\",");
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () -> PlanFile.parse("p.plan.json", twice.getBytes(StandardCharsets.UTF_8)));
    assertEquals(65, e.exitCode());
    Diagnostic d = e.diagnostics().get(0);
    assertEquals(9, d.line(), d.format());
    assertTrue(d.message().contains("Duplicate field 'sam'"), d.format());
  }

  @Test
  void refusesASchemaInvalidPlanNamingLineColumnAndField() throws Exception {
    String json =
        PlanFile.write(mixed())
            .replace("\"synced\":true", "\"synced\":\"maybe\"")
            .replaceFirst("\"op\":\"deleteUser\"", "\"op\":\"wipeUser\"");
    Path f = tmp.resolve("bad.plan.json");
    Files.writeString(f, json);
    HardmatchException e = assertThrows(HardmatchException.class, () -> PlanFile.read(f));
    assertEquals(65, e.exitCode());
    List<String> lines = Files.readAllLines(f);
    for (Diagnostic d : e.diagnostics()) {
      assertEquals(f.toString(), d.file());
      assertTrue(d.line() > 0 && d.column() > 0, d.format());
      String line = lines.get(d.line() - 1);
      assertTrue(
          line.contains("\"maybe\"") || line.contains("wipeUser"), d.format() + " → " + line);
    }
    assertTrue(
        e.diagnostics().stream().anyMatch(d -> "links[1].synced".equals(d.field())),
        e.diagnostics().toString());
    assertTrue(
        e.diagnostics().stream().anyMatch(d -> "links[0].actions[0].op".equals(d.field())),
        e.diagnostics().toString());
  }

  @Test
  void refusesBrokenJsonAndMissingFilesClearly() throws Exception {
    Path f = tmp.resolve("broken.plan.json");
    Files.writeString(f, "{\"format\":2,\n\"digest\":\n\n}\n");
    HardmatchException e = assertThrows(HardmatchException.class, () -> PlanFile.read(f));
    assertEquals(65, e.exitCode());
    assertEquals(4, e.diagnostics().get(0).line());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());

    Path notUtf8 = tmp.resolve("latin1.plan.json");
    Files.write(
        notUtf8, "{\"format\":2,\"x\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(
        assertThrows(HardmatchException.class, () -> PlanFile.read(notUtf8))
            .getMessage()
            .contains("not UTF-8"));

    HardmatchException missing =
        assertThrows(HardmatchException.class, () -> PlanFile.read(tmp.resolve("nope.json")));
    assertEquals(65, missing.exitCode());
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  @Test
  void problemsAreWrittenAsAListOfCodeSamUpnMessage() throws Exception {
    String json =
        PlanFile.writeProblems(
            List.of(
                new Problem(
                    ProblemCode.AD_USER_NOT_FOUND, "ghost", "ghost@contoso.com", "no AD user"),
                new Problem(ProblemCode.MAX_DELETES_EXCEEDED, null, null, "too many")));
    assertEquals(
        "{\n"
            + "  \"problems\": [\n"
            + "    {\n"
            + "      \"code\": \"AD_USER_NOT_FOUND\",\n"
            + "      \"sam\": \"ghost\",\n"
            + "      \"upn\": \"ghost@contoso.com\",\n"
            + "      \"message\": \"no AD user\"\n"
            + "    },\n"
            + "    {\n"
            + "      \"code\": \"MAX_DELETES_EXCEEDED\",\n"
            + "      \"sam\": null,\n"
            + "      \"upn\": null,\n"
            + "      \"message\": \"too many\"\n"
            + "    }\n"
            + "  ]\n"
            + "}\n",
        json);
  }
}
