package io.lezflow.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The enforcement rules stay plain Java: no framework, no wire format, no I/O. */
@AnalyzeClasses(packages = "io.lezflow.jobs", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

  @ArchTest
  static final ArchRule domainImportsNoFramework =
      noClasses().that().resideInAPackage("io.lezflow.jobs.domain..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "org.apache.flink..", "org.apache.kafka..", "com.google.protobuf..", "io.lezflow.schemas.v1..",
              "java.sql..", "org.slf4j..", "io.lezflow.jobs.kafka..", "io.lezflow.jobs.postgres..")
          .because("domain logic is plain Java, tested with tables of cases (CONVENTIONS.md)");

  @ArchTest
  static final ArchRule wireMappingImportsNoFlink =
      noClasses().that().haveSimpleName("WireMapping")
          .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
          .because("the mapping from wire messages is plain Java; the deserializers are the thin adapters");
}
