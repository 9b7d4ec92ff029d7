package io.lezflow.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HumanDurationTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "90s, PT1M30S",
    "5m, PT5M",
    "1h, PT1H",
    "7d, PT168H",
    "' 2M ', PT2M",
    "PT5M, PT5M",
    "pt5m, PT5M",
    "P7D, PT168H",
    "0s, PT0S"
  })
  void parsesShortAndIsoForms(String text, String iso) {
    assertEquals(Duration.parse(iso), HumanDuration.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "5", "5 m", "-5s", "5w", "1.5h", "soon", "P", "9999999999999s"})
  void rejectsWithTheSyntaxToUse(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse(text));
    assertTrue(e.getMessage().contains("90s"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"250ms", "1s", "90s", "5m", "1h", "7d", "36h"})
  void formatParsesBack(String text) {
    assertEquals(text, HumanDuration.format(HumanDuration.parse(text)));
  }
}
