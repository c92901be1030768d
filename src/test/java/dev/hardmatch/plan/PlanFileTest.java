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
  void isCanonicalTwoSpaceJsonWithUnixLineEndsAndATrailingNewline() throws Exception {
    String json = PlanFile.write(mixed());
    assertTrue(json.startsWith("{\n  \"formatVersion\": \"1.0\",\n  \"digest\": \"sha256:"), json);
    assertTrue(json.endsWith("}\n"));
    assertFalse(json.contains("\r"));
    assertFalse(json.contains("\t"));
    assertTrue(json.contains("\n    \"path\": \"links.yaml\",\n"));
    assertTrue(json.contains("\"warnings\": [],"), "empty lists stay on one line");
    int source = json.indexOf("\"source\"");
    int tenant = json.indexOf("\"tenant\"");
    int summary = json.indexOf("\"summary\"");
    int links = json.indexOf("\"links\"");
    assertTrue(source < tenant && tenant < summary && summary < links, "record order is kept");
  }

  @Test
  void digestCoversContentButNotCreatedAtOrToolVersion() throws Exception {
    Plan plan = mixed();
    Plan later = PlanFile.finish(plan, "2027-01-01T00:00:00Z", "9.9.9");
    assertEquals(plan.digest(), later.digest());
    assertTrue(plan.digest().matches("sha256:[0-9a-f]{64}"));

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
    // Someone drops a purge from the reviewed numbers: still valid JSON, but not what was planned.
    Files.writeString(
        f, Files.readString(f).replace("\"purgeDeletedUser\": 3", "\"purgeDeletedUser\": 2"));
    Plan read = PlanFile.read(f);
    assertFalse(PlanFile.digestMatches(read));
  }

  @Test
  void refusesAnUnknownMajorVersionSayingWhichItReads() throws Exception {
    Path f = tmp.resolve("future.plan.json");
    Files.writeString(
        f,
        PlanFile.write(mixed())
            .replace("\"formatVersion\": \"1.0\"", "\"formatVersion\": \"2.0\""));
    HardmatchException e = assertThrows(HardmatchException.class, () -> PlanFile.read(f));
    assertEquals(HardmatchException.Code.INVALID_INPUT, e.code());
    assertEquals(65, e.exitCode());
    Diagnostic d = e.diagnostics().get(0);
    assertEquals(f.toString(), d.file());
    assertEquals(2, d.line());
    assertTrue(d.message().contains("format version 2.0 is not supported"), d.message());
    assertTrue(d.message().contains("1.x"), d.message());
  }

  @Test
  void readsANewerMinorVersionIgnoringFieldsItDoesNotKnow() throws Exception {
    Plan plan = mixed();
    String newer =
        PlanFile.write(plan)
            .replace("\"formatVersion\": \"1.0\"", "\"formatVersion\": \"1.4\"")
            .replace(
                "\"toolVersion\": \"1.2.3\",",
                "\"toolVersion\": \"1.2.3\",\n  \"reviewers\": [\"ann\"],");
    Path f = tmp.resolve("newer.plan.json");
    Files.writeString(f, newer);
    Plan read = PlanFile.read(f);
    assertEquals("1.4", read.formatVersion());
    assertEquals(plan.links(), read.links());
  }

  @Test
  void refusesASchemaInvalidPlanNamingLineColumnAndField() throws Exception {
    String json =
        PlanFile.write(mixed())
            .replace("\"deleteUser\": 2,", "\"deleteUser\": \"two\",")
            .replaceFirst("\"status\": \"change\"", "\"status\": \"maybe\"");
    Path f = tmp.resolve("bad.plan.json");
    Files.writeString(f, json);
    HardmatchException e = assertThrows(HardmatchException.class, () -> PlanFile.read(f));
    assertEquals(65, e.exitCode());
    assertEquals(2, e.diagnostics().size(), e.diagnostics().toString());
    List<String> lines = Files.readAllLines(f);
    for (Diagnostic d : e.diagnostics()) {
      assertEquals(f.toString(), d.file());
      assertTrue(d.line() > 0 && d.column() > 0, d.format());
      String line = lines.get(d.line() - 1);
      assertTrue(line.contains("\"two\"") || line.contains("\"maybe\""), d.format() + " → " + line);
    }
    assertTrue(
        e.diagnostics().stream().anyMatch(d -> "summary.deleteUser".equals(d.field())),
        e.diagnostics().toString());
    assertTrue(
        e.diagnostics().stream().anyMatch(d -> "links[0].status".equals(d.field())),
        e.diagnostics().toString());
  }

  @Test
  void refusesBrokenJsonAndMissingFilesClearly() throws Exception {
    Path f = tmp.resolve("broken.plan.json");
    Files.writeString(f, "{\n  \"formatVersion\": \"1.0\",\n  \"digest\": \n}\n");
    HardmatchException e = assertThrows(HardmatchException.class, () -> PlanFile.read(f));
    assertEquals(65, e.exitCode());
    assertEquals(4, e.diagnostics().get(0).line());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());

    Path notUtf8 = tmp.resolve("latin1.plan.json");
    Files.write(
        notUtf8,
        "{\"formatVersion\": \"1.0\", \"x\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
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
