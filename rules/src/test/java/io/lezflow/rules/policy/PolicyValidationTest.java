package io.lezflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.rules.policy.json.ZonePolicyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A broken policy file is refused with a message naming the file, the field and what is wrong. */
class PolicyValidationTest {

  private static final String BRUSSELS = ShippedPolicies.text("brussels");

  private static PolicyValidationException brokenBy(String find, String replace) {
    assertThat(BRUSSELS).as("the text to break is in the file").contains(find);
    String broken = BRUSSELS.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));
    return catchThrowableOfType(PolicyValidationException.class, () -> ZonePolicyJson.parseFile("brussels.json", broken));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "impossible date        | \"bannedFrom\": \"2019-01-01\"      | \"bannedFrom\": \"2019-13-01\"     | brussels.json: versions[0].banSteps[1].bannedFrom: '2019-13-01' is not a LocalDate (yyyy-MM-dd)",
    "missing date           | \"bannedFrom\": \"2020-01-01\",     | ''                                 | brussels.json: versions[0].banSteps[3].bannedFrom: missing",
    "misspelt field         | \"euroNormAtMost\": 4             | \"euroNormAtmost\": 4              | brussels.json: versions[0].banSteps[4]: unknown field 'euroNormAtmost'",
    "unknown fuel           | \"fuels\": [\"ELECTRIC\", \"HYDROGEN\"] | \"fuels\": [\"ELECTRIC\", \"HYDRGEN\"] | brussels.json: versions[0].exemptions.fuels[1]: 'HYDRGEN' is not one of [DIESEL",
    "two emission limits    | \"euroNormAtMost\": 3,            | \"euroNormAtMost\": 3, \"everyNorm\": true, | brussels.json: versions[0].banSteps[3]: needs exactly one of euroNormAtMost, critAirAtLeast, everyNorm=true (has 2)",
    "euro norm out of range | \"euroNormAtMost\": 5,            | \"euroNormAtMost\": 9,             | brussels.json: versions[0].banSteps[5].euroNormAtMost: 9 is not a Euro norm 0..7",
    "negative fine          | \"amountCents\": 35000            | \"amountCents\": -35000            | brussels.json: versions[0].fines[0].amountCents: -35000 must be > 0",
    "bad time zone          | \"Europe/Brussels\"                | \"Europe/Bruxelles\"               | brussels.json: versions[0].timeZone: 'Europe/Bruxelles' is not a ZoneId",
    "bad period             | \"P3M\"                            | \"3 months\"                       | brussels.json: versions[0].fineLimits.minimumGapBetweenFines: '3 months' is not a Period",
    "warning before ban     | \"warningPeriod\": {\"from\": \"2018-01-01\" | \"warningPeriod\": {\"from\": \"2017-01-01\" | brussels.json: versions[0].banSteps[0].warningPeriod.from: 2017-01-01 is before bannedFrom 2018-01-01",
    "warning-first period   | \"fineableAfter\": \"P3M\"        | \"fineableAfter\": \"P0D\"       | brussels.json: versions[1].banSteps[5].warningFirst.fineableAfter: missing or not positive",
    "no yearly allowance    | \"maxDaysPerCalendarYear\": 24     | \"maxDaysPerCalendarYear\": 0     | brussels.json: versions[0].dayPass.allowances[1].maxDaysPerCalendarYear: missing or < 1",
    "an ordinary use exempt | \"uses\": [\"ARMY\"                | \"uses\": [\"ORDINARY\"           | brussels.json: versions[0].exemptions.uses[0]: 'ORDINARY' is not an exempt use",
    "undocumented day pass  | \"dayPass\": \"Day pass EUR 35     | \"dayPas\": \"Day pass EUR 35     | brussels.json: versions[0].sources.dayPass: missing: say where the dayPass rules come from",
    "no fine for a violation| {\"violation\": \"UNREGISTERED_FOREIGN\", \"amountCents\": 15000} | {\"violation\": \"EMISSION_BAN\", \"amountCents\": 15000} | brussels.json: versions[0].fines: no UNREGISTERED_FOREIGN fine for every category",
    "zone of a version      | \"zoneId\": \"brussels\",\\n      \"version\" | \"zoneId\": \"bruxelles\",\\n      \"version\" | brussels.json: versions[0].zoneId: 'bruxelles' differs from zoneId 'brussels' of the file",
  })
  void namesTheFileTheFieldAndTheProblem(String what, String find, String replace, String expected) {
    PolicyValidationException e = brokenBy(find.replace("\\n", "\n"), replace.replace("\\n", "\n"));
    assertThat(e).as(what).isNotNull();
    assertThat(e.problems()).as(what).anySatisfy(problem -> assertThat(problem).startsWith(expected));
  }

  @Test
  void reportsSyntaxErrorsWithTheirPosition() {
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class,
        () -> ZonePolicyJson.parseFile("broken.json", "{\n  \"zoneId\": \"x\",\n  \"versions\": [ }"));
    assertThat(e.getMessage()).startsWith("broken.json: not valid JSON at line 3");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String broken = BRUSSELS.replace("\"currency\": \"EUR\"", "\"currency\": \"euro\"").replace("\"P3Y\"", "\"P0D\"");
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class,
        () -> ZonePolicyJson.parseFile("brussels.json", broken));
    // Both problems in each of the file's two versions: four, all reported.
    assertThat(e.problems()).hasSize(4);
    assertThat(e.getMessage()).contains("versions[0].currency", "versions[1].currency",
        "versions[0].foreignRegistration.validity", "versions[1].foreignRegistration.validity");
  }

  @Test
  void aDirectoryIsReadFileByFileAndTwoFilesMayNotClaimOneZone(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.json"), BRUSSELS);
    Files.writeString(dir.resolve("b.json"), BRUSSELS);
    Files.writeString(dir.resolve("ghent.json"), ShippedPolicies.text("ghent"));
    Files.writeString(dir.resolve("README.txt"), "not a policy");
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class,
        () -> ZonePolicyJson.readDirectory(dir));
    assertThat(e.problems()).containsExactly("b.json: zoneId: 'brussels' is also the zone of a.json");
    Files.delete(dir.resolve("b.json"));
    assertThat(ZonePolicyJson.readDirectory(dir)).extracting(f -> f.zoneId()).containsExactly("brussels", "ghent");
  }

  @Test
  void aWirePolicyWhoseEnvelopeContradictsItsJsonIsRefused() throws IOException, PolicyValidationException {
    ZonePolicy v1 = ShippedPolicies.file("brussels").versions().get(0);
    var wire = ZonePolicyJson.toProto(v1, "test").toBuilder().setVersion(7).build();
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class, () -> ZonePolicyJson.fromProto(wire));
    assertThat(e.getMessage()).contains("version: 7 but policy_json says 1");
  }
}
