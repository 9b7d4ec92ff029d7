package io.lezflow.sim.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PubackOutcomeTest {

  @ParameterizedTest(name = "PUBACK reason 0x{0} -> {1}")
  @CsvSource({
      "00, DELIVERED",              // Success
      "10, NOT_DELIVERED_RETRY",    // No matching subscribers: accepted, received by nobody
      "01, NOT_DELIVERED_RETRY",    // not a PUBACK code in MQTT 5: not proof of delivery
      "7F, NOT_DELIVERED_RETRY",
      "80, REFUSED",                // Unspecified error
      "83, REFUSED",                // Implementation specific error
      "87, REFUSED",                // Not authorized
      "90, REFUSED",                // Topic Name invalid
      "91, REFUSED",                // Packet Identifier in use
      "97, REFUSED",                // Quota exceeded
      "99, REFUSED",                // Payload format invalid
      "FF, REFUSED",
  })
  void classifiesEveryReasonCode(String hex, PubackOutcome expected) {
    assertThat(PubackOutcome.of(Integer.parseInt(hex, 16))).isEqualTo(expected);
  }

  @Test
  void onlySuccessCountsAsDelivered() {
    for (int code = 0; code <= 0xFF; code++) {
      assertThat(PubackOutcome.of(code) == PubackOutcome.DELIVERED).as("reason 0x%02x", code).isEqualTo(code == 0);
    }
  }

  @Test
  void aCodeThatIsNotAByteIsRefusedWithAClearMessage() {
    assertThatThrownBy(() -> PubackOutcome.of(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one byte");
    assertThatThrownBy(() -> PubackOutcome.of(0x100)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 256");
  }
}
