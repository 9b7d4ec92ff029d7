package io.lezflow.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules live in {@code io.lezflow.rules} (module rules) and nowhere else; the job's records
 * and the mappings around the rules stay plain Java.
 */
@AnalyzeClasses(packages = "io.lezflow.jobs", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

  @ArchTest
  static final ArchRule recordsAreFrameworkFree =
      noClasses().that().resideInAPackage("io.lezflow.jobs.records..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "org.apache.flink..", "org.apache.kafka..", "com.google.protobuf..", "io.lezflow.schemas.v1..",
              "java.sql..", "io.lezflow.jobs.kafka..", "io.lezflow.jobs.postgres..")
          .because("the records that cross operators are plain POJOs (docs/design.md)");

  @ArchTest
  static final ArchRule mappingsAroundTheRulesImportNoFlink =
      noClasses().that().haveSimpleNameEndingWith("Mapping")
          .or().haveSimpleName("PermitRetention").or().haveSimpleName("ZoneDirectory").or().haveSimpleName("PendingViolation")
          .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
          .because("the mappings from wire messages and to rules' answers are plain Java; Flink functions are thin adapters");

  @ArchTest
  static final ArchRule noSecondRuleModel =
      noClasses().that().resideInAPackage("io.lezflow.jobs..")
          .should().haveSimpleNameEndingWith("Decider").orShould().haveSimpleNameContaining("ZoneRule")
          .because("the project has one rule model: io.lezflow.rules");
}
