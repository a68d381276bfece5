package dev.herald.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module structure of DESIGN.md §1: dependencies point one way, api → gatherings → web →
 * delivery → storage (api also uses web and delivery directly), and no module reaches into
 * another's internals.
 */
class ModuleStructureTests {

  private static JavaClasses herald;

  @BeforeAll
  static void importClasses() {
    herald =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.herald");
  }

  @Test
  void storage_knowsNothingAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.herald.delivery..",
            "dev.herald.web..",
            "dev.herald.gatherings..",
            "dev.herald.api..")
        .check(herald);
  }

  @Test
  void storage_knowsNoHttp() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.web..", "org.springframework.http..")
        .check(herald);
  }

  @Test
  void deliveryEngine_knowsNothingOfTheApi() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.delivery..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.herald.web..", "dev.herald.gatherings..", "dev.herald.api..")
        .check(herald);
  }

  @Test
  void webPlumbing_knowsNeitherTheApiNorGatherings() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.herald.gatherings..", "dev.herald.api..")
        .check(herald);
  }

  @Test
  void gatherings_knowNothingOfTheApi() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.gatherings..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.herald.api..")
        .check(herald);
  }

  /**
   * Gatherings write their events as any producer would, through the event log's public API ({@code
   * EventLog.append}), and touch none of the platform's other tables.
   */
  @Test
  void gatherings_touchNoneOfThePlatformsTablesButTheEventLog() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.gatherings..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.herald.storage.webhooks..",
            "dev.herald.storage.deliveries..",
            "dev.herald.storage.idempotency..",
            "dev.herald.storage.secrets..",
            "dev.herald.storage.batching..")
        .check(herald);
  }

  @Test
  void featuresOfTheApi_doNotReachIntoEachOther() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.api.events..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.herald.api.admin..", "dev.herald.api.bootstrap..")
        .check(herald);
  }

  /** The api's own features use no gatherings code; only the security rules name its links. */
  @Test
  void featuresOfTheApi_doNotReachIntoGatherings() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.api..")
        .and()
        .resideOutsideOfPackage("dev.herald.api.security..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.herald.gatherings..")
        .check(herald);
  }

  @Test
  void internalPackages_areUsedOnlyByTheirFeature() {
    classes().should(useNoOtherFeaturesInternals()).check(herald);
  }

  /**
   * No cycles between modules, nor between any two packages anywhere: a feature's {@code internal}
   * package knows nothing of the feature above it. (harness, bench and reliability are not on this
   * classpath; each is one package, and nothing here depends on them.)
   */
  @Test
  void modules_andPackages_areFreeOfCycles() {
    slices().matching("dev.herald.(*)..").should().beFreeOfCycles().check(herald);
    slices().matching("dev.herald.(**)").should().beFreeOfCycles().check(herald);
  }

  private static ArchCondition<JavaClass> useNoOtherFeaturesInternals() {
    return new ArchCondition<>("use no other feature's internal package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          int internal = target.indexOf(".internal");
          if (target.startsWith("dev.herald.") && internal > 0) {
            String feature = target.substring(0, internal);
            String from = origin.getPackageName();
            if (!from.equals(feature) && !from.startsWith(feature + ".")) {
              events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
            }
          }
        }
      }
    };
  }
}
