package io.lezflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnforcementSettingsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "maxOutOfOrderness, PT-1S",
    "readIdleness, PT0S",
    "referenceIdleness, PT-1S",
    "allowedLateness, PT-1H",
    "fineHistoryRetention, P30D",
  })
  void aWrongSettingIsNamedInTheError(String setting, String value) {
    Duration d = Duration.parse(value);
    EnforcementSettings ok = EnforcementSettings.defaults("0123456789abcdef0123");

    assertThatThrownBy(() -> new EnforcementSettings(
            setting.equals("maxOutOfOrderness") ? d : ok.maxOutOfOrderness(),
            setting.equals("readIdleness") ? d : ok.readIdleness(),
            setting.equals("referenceIdleness") ? d : ok.referenceIdleness(),
            setting.equals("allowedLateness") ? d : ok.allowedLateness(),
            ok.permitArrivalMargin(),
            setting.equals("fineHistoryRetention") ? d : ok.fineHistoryRetention(),
            ok.eventTimeMode(), ok.sightingsHmacSecret()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(setting);
  }

  @Test
  void theSecretIsValidatedAndNeverPrinted() {
    assertThatThrownBy(() -> EnforcementSettings.defaults("short")).isInstanceOf(IllegalArgumentException.class);
    assertThat(EnforcementSettings.defaults("0123456789abcdef0123").toString()).doesNotContain("0123456789abcdef0123");
  }
}
