package dev.herald.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module structure of DESIGN.md §1: dependencies point one way, api → delivery → storage. */
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
        .resideInAnyPackage("dev.herald.delivery..", "dev.herald.api..")
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
        .resideInAPackage("dev.herald.api..")
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
}
