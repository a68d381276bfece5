package dev.herald.gatherings;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gatherings feature's dependencies point one way: gatherings use participants, sessions and
 * invitation email, never the reverse, and the feature's storage (the domain package, the
 * repositories) knows no HTTP.
 */
class GatheringsStructureTests {

  private static JavaClasses herald;

  @BeforeAll
  static void importClasses() {
    herald =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.herald");
  }

  @Test
  void participantsAndSessions_knowNothingOfGatherings() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.herald.gatherings.participants..", "dev.herald.gatherings.sessions..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.herald.gatherings", "dev.herald.gatherings.domain..")
        .check(herald);
  }

  @Test
  void invitationEmail_knowsNothingOfTheGatheringsApi() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.gatherings.mail..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.herald.gatherings")
        .check(herald);
  }

  @Test
  void gatheringsStorage_knowsNoHttpAndNoQuartz() {
    String[] httpAndQuartz = {
      "org.springframework.web..", "org.springframework.http..", "org.quartz.."
    };
    noClasses()
        .that()
        .resideInAPackage("dev.herald.gatherings.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(httpAndQuartz)
        .check(herald);
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.herald.gatherings.participants..", "dev.herald.gatherings.sessions..")
        .and()
        .haveSimpleNameEndingWith("Repository")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(httpAndQuartz)
        .check(herald);
  }
}
