package dev.hardmatch.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package graph as docs/architecture.md draws it. A failure names the offending class and
 * dependency; fix the code, or change the picture in the doc and here together.
 */
class PackageGraphTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.hardmatch");
  }

  /**
   * The planner decides from snapshots alone: no files, network, LDAP, Graph, git or clock ({@code
   * Path} is allowed as a name for what it was given, never opened).
   */
  @Test
  void thePlannerDoesNoIo() {
    noClasses()
        .that()
        .resideInAPackage("dev.hardmatch.plan")
        .and()
        .doNotHaveSimpleName("PlanFile")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.nio.channels..",
            "java.net..",
            "com.unboundid..",
            "com.microsoft..",
            "com.azure..",
            "okhttp3..",
            "org.eclipse.jgit..",
            "dev.hardmatch.apply..",
            "dev.hardmatch.planning..",
            "dev.hardmatch.verify..",
            "dev.hardmatch.doctor..",
            "dev.hardmatch.connect..",
            "dev.hardmatch.cli..",
            "dev.hardmatch.sandbox..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.hardmatch.tenant.Tenant")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.hardmatch.directory.Directory")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.file.Files")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileInputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileOutputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .because("the planner is a pure function over snapshots (docs/architecture.md)")
        .check(classes);
  }

  /** Commands parse and delegate; nothing below them knows about picocli or the commands. */
  @Test
  void onlyTheCommandLineKnowsTheCommandLine() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.hardmatch.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.hardmatch.cli..", "picocli..")
        .check(classes);
  }

  /** The product never depends on its sandbox; only the sandbox and demo commands start it. */
  @Test
  void onlyTheCommandLineStartsTheSandbox() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.hardmatch.cli..", "dev.hardmatch.sandbox..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.hardmatch.sandbox..")
        .check(classes);
  }

  /** Adapters and models sit below the use cases: they never reach up into them. */
  @Test
  void adaptersAndModelsDoNotReachUp() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.hardmatch.spec..",
            "dev.hardmatch.anchor..",
            "dev.hardmatch.directory..",
            "dev.hardmatch.tenant..",
            "dev.hardmatch.net..",
            "dev.hardmatch.util..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.hardmatch.plan..",
            "dev.hardmatch.planning..",
            "dev.hardmatch.apply..",
            "dev.hardmatch.verify..",
            "dev.hardmatch.doctor..",
            "dev.hardmatch.connect..")
        .check(classes);
  }

  /** Use cases do not call each other: plan, apply and verify meet only in the shared model. */
  @Test
  void useCasesAreIndependent() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.hardmatch.planning..", "dev.hardmatch.verify..", "dev.hardmatch.doctor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.hardmatch.cli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.hardmatch.plan..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.hardmatch.apply..", "dev.hardmatch.verify..", "dev.hardmatch.doctor..")
        .check(classes);
  }

  /** Doctor opens AD and Graph only through its {@code Systems} port (connect.Connectors). */
  @Test
  void doctorDoesNotOpenSystemsItself() {
    noClasses()
        .that()
        .resideInAPackage("dev.hardmatch.doctor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.hardmatch.connect..",
            "dev.hardmatch.apply..",
            "dev.hardmatch.planning..",
            "dev.hardmatch.verify..",
            "com.unboundid..",
            "com.microsoft..")
        .check(classes);
  }

  /** No cycles between the feature packages. */
  @Test
  void featurePackagesAreFreeOfCycles() {
    slices().matching("dev.hardmatch.(*)..").should().beFreeOfCycles().check(classes);
  }
}
