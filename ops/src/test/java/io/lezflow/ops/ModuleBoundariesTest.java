package io.lezflow.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module map of docs/design.md as a build check: dependencies point only left
 * (schemas -> rules, police, embedded -> device-sim, ingest, stream-jobs -> portal -> ops), the gateway never
 * imports Flink, the rules import no framework, and the police library is plain Java + JDBC (+ Kafka/MQTT clients for
 * hotlists and alerts). ops sees every module, so the rules live here.
 */
class ModuleBoundariesTest {
  private static JavaClasses lezflow;

  @BeforeAll
  static void importProductionClasses() {
    lezflow = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lezflow");
  }

  @Test
  void nothingDependsOnOps() {
    noClasses().that().resideOutsideOfPackage("io.lezflow.ops..")
        .should().dependOnClassesThat().resideInAPackage("io.lezflow.ops..")
        .check(lezflow);
  }

  @Test
  void schemasDependOnNoOtherModule() {
    noClasses().that().resideInAPackage("io.lezflow.schemas..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lezflow.rules..", "io.lezflow.embedded..", "io.lezflow.sim..", "io.lezflow.ingest..", "io.lezflow.jobs..",
            "io.lezflow.police..", "io.lezflow.portal..")
        .check(lezflow);
  }

  @Test
  void thePoliceLibraryIsPlainJavaAndJdbc() {
    noClasses().that().resideInAPackage("io.lezflow.police..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.flink..", "com.hivemq..", "io.lezflow.rules..", "io.lezflow.sim..", "io.lezflow.ingest..",
            "io.lezflow.jobs..", "io.lezflow.embedded..")
        .check(lezflow);
    noClasses().that().resideOutsideOfPackages("io.lezflow.police..", "io.lezflow.portal..", "io.lezflow.ops..")
        .should().dependOnClassesThat().resideInAPackage("io.lezflow.police..")
        .check(lezflow);
  }

  @Test
  void thePortalReadsTheDatabaseOnly() {
    // The portal talks to PostgreSQL, never to the pipeline's modules or brokers; nothing but ops starts it.
    noClasses().that().resideInAPackage("io.lezflow.portal..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lezflow.sim..", "io.lezflow.ingest..", "io.lezflow.jobs..", "io.lezflow.embedded..",
            "org.apache.flink..", "org.apache.kafka..", "org.eclipse.paho..", "com.hivemq..")
        .check(lezflow);
    noClasses().that().resideInAnyPackage("io.lezflow.sim..", "io.lezflow.ingest..", "io.lezflow.jobs..", "io.lezflow.embedded..", "io.lezflow.rules..")
        .should().dependOnClassesThat().resideInAPackage("io.lezflow.portal..")
        .check(lezflow);
  }

  @Test
  void portalDecisionRulesArePlainJava() {
    noClasses().that().haveFullyQualifiedName("io.lezflow.portal.review.DecisionRules")
        .or().haveFullyQualifiedName("io.lezflow.portal.auth.LoginRateLimiter")
        .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.jdbi..", "java.sql..")
        .check(lezflow);
  }

  @Test
  void theEvidenceFetcherTalksToKafkaPostgresAndCamerasOnly() {
    // A service of its own: it never reaches into the pipeline's modules, and none of them into it.
    noClasses().that().resideInAPackage("io.lezflow.evidence..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lezflow.rules..", "io.lezflow.sim..", "io.lezflow.ingest..", "io.lezflow.jobs..", "io.lezflow.embedded..",
            "io.lezflow.portal..", "io.lezflow.police..", "org.apache.flink..", "org.eclipse.paho..", "com.hivemq..")
        .check(lezflow);
    noClasses().that().resideInAnyPackage(
            "io.lezflow.schemas..", "io.lezflow.rules..", "io.lezflow.sim..", "io.lezflow.ingest..", "io.lezflow.jobs..",
            "io.lezflow.embedded..", "io.lezflow.portal..", "io.lezflow.police..")
        .should().dependOnClassesThat().resideInAPackage("io.lezflow.evidence..")
        .check(lezflow);
  }

  @Test
  void rulesArePlainJava() {
    noClasses().that().resideInAPackage("io.lezflow.rules..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.flink..", "org.apache.kafka..", "org.eclipse.paho..", "com.hivemq..", "java.sql..",
            "io.lezflow.sim..", "io.lezflow.ingest..", "io.lezflow.jobs..", "io.lezflow.embedded..")
        .check(lezflow);
  }

  @Test
  void siblingsDoNotDependOnEachOther() {
    noClasses().that().resideInAPackage("io.lezflow.sim..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lezflow.ingest..", "io.lezflow.jobs..", "io.lezflow.embedded..")
        .check(lezflow);
    noClasses().that().resideInAPackage("io.lezflow.ingest..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lezflow.sim..", "io.lezflow.jobs..", "io.lezflow.embedded..")
        .check(lezflow);
    noClasses().that().resideInAPackage("io.lezflow.jobs..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lezflow.sim..", "io.lezflow.ingest..", "io.lezflow.embedded..")
        .check(lezflow);
  }

  @Test
  void theGatewayNeverImportsFlink() {
    noClasses().that().resideInAPackage("io.lezflow.ingest..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
        .check(lezflow);
  }
}
