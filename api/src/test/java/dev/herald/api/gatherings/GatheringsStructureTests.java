package dev.herald.api.gatherings;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gatherings feature's dependencies point one way: gatherings use participants, sessions and
 * invitation email, never the reverse, and the feature's storage knows no HTTP.
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
        .resideInAnyPackage("dev.herald.api.participants..", "dev.herald.api.sessions..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.herald.api.gatherings..")
        .check(herald);
  }

  @Test
  void invitationEmail_knowsNothingOfTheGatheringsApi() {
    noClasses()
        .that()
        .resideInAPackage("dev.herald.api.mail..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.herald.api.gatherings..")
        .check(herald);
  }

  @Test
  void gatheringsStorage_knowsNoHttpAndNoQuartz() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.herald.storage.gatherings..",
            "dev.herald.storage.participants..",
            "dev.herald.storage.sessions..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework.web..", "org.springframework.http..", "org.quartz..")
        .check(herald);
  }
}
