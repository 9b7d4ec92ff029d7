package io.lezflow.rules.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which register entry a read is decided against: the one valid at its capture time, whatever the order of arrival. */
class RegisterTimelineTest {
  private static final String PLATE = "BE:1ABC234";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      before every version: the earliest (the read overtook its entry) | 50   | A
      at the first version's start                                      | 100  | A
      between the versions                                              | 150  | A
      1 ms before the re-registration                                   | 199  | A
      at the re-registration                                            | 200  | B
      after the re-registration                                         | 250  | B
      at the removal                                                    | 300  | -
      after the removal                                                 | 999  | -
      """)
  void theVersionValidAtTheCaptureTime(String name, long capturedAt, String expected) {
    for (List<String> order : List.of(List.of("A", "B", "X"), List.of("X", "B", "A"), List.of("B", "X", "A"))) {
      RegisterTimeline t = new RegisterTimeline();
      for (String v : order) {
        switch (v) {
          case "A" -> t.put(PLATE, 100, bytes("A"));
          case "B" -> t.put(PLATE, 200, bytes("B")); // re-registered: the plate is now on another vehicle
          default -> t.remove(PLATE, 300);            // the vehicle left the register
        }
      }
      byte[] entry = RegisterTimeline.decode(t.encode()).validAt(PLATE, capturedAt);
      assertThat(entry == null ? "-" : new String(entry, StandardCharsets.UTF_8)).as("arrival order " + order).isEqualTo(expected);
    }
  }

  @Test
  void aRemovalWithoutATimeRemovesEveryVersion() {
    RegisterTimeline t = new RegisterTimeline();
    t.put(PLATE, 100, bytes("A"));
    t.put(PLATE, 200, bytes("B"));

    assertThat(t.remove(PLATE, 0)).isTrue();

    assertThat(t.isEmpty()).isTrue();
    assertThat(t.remove(PLATE, 0)).isFalse();
    assertThat(t.validAt(150)).isEmpty();
  }

  @Test
  void versionsNoDecidableReadNeedsAreForgotten() {
    RegisterTimeline t = new RegisterTimeline();
    t.put(PLATE, 100, bytes("A"));
    t.put(PLATE, 200, bytes("B"));
    t.put("BE:2XYZ999", 100, bytes("C"));
    t.remove("BE:2XYZ999", 150);

    assertThat(t.forgetBefore(199)).isTrue(); // nothing older than 199 can be decided: B not yet in force, A stays

    assertThat(t.versionsOf(PLATE)).extracting(RegisterTimeline.Version::validFromMs).containsExactly(100L, 200L);
    assertThat(t.validAt("BE:2XYZ999", 199)).isNull();
    t.forgetBefore(200);
    assertThat(t.versionsOf(PLATE)).extracting(RegisterTimeline.Version::validFromMs).containsExactly(200L);
    assertThat(t.validAt(300)).containsOnlyKeys(PLATE);
  }

  @Test
  void theStateBytesRoundTrip() {
    RegisterTimeline t = new RegisterTimeline();
    t.put(PLATE, 100, bytes("A"));
    t.remove(PLATE, 300);
    t.put("BE:10BX234", 0, bytes("C"));

    assertThat(RegisterTimeline.decode(t.encode())).isEqualTo(t);
    assertThat(RegisterTimeline.decode(null).isEmpty()).isTrue();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
