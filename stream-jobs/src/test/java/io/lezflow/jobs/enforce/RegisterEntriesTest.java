package io.lezflow.jobs.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RegisterEntriesTest {

  @Test
  void entriesSurviveTheRoundTripInKeyOrder() {
    Map<String, byte[]> entries = new TreeMap<>();
    entries.put("BE:10BX234", "zero".getBytes(StandardCharsets.UTF_8));
    entries.put("BE:1OBX234", new byte[0]);
    entries.put("FR:AB-123-CD", new byte[] {0, -1, 42});

    TreeMap<String, byte[]> decoded = RegisterEntries.decode(RegisterEntries.encode(entries));

    assertThat(decoded.keySet()).containsExactly("BE:10BX234", "BE:1OBX234", "FR:AB-123-CD");
    assertThat(decoded.get("BE:10BX234")).isEqualTo("zero".getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.get("BE:1OBX234")).isEmpty();
    assertThat(decoded.get("FR:AB-123-CD")).containsExactly(0, -1, 42);
  }

  @Test
  void noValueIsNoEntriesAndTheMapMayBeChanged() {
    TreeMap<String, byte[]> none = RegisterEntries.decode(null);
    assertThat(none).isEmpty();
    none.put("BE:1ABC123", new byte[] {1});
    assertThat(RegisterEntries.decode(RegisterEntries.encode(none))).containsOnlyKeys("BE:1ABC123");
  }

  @Test
  void aTruncatedValueIsAClearErrorNotGarbage() {
    byte[] whole = RegisterEntries.encode(Map.of("BE:1ABC123", new byte[] {1, 2, 3}));
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 2);
    assertThatThrownBy(() -> RegisterEntries.decode(truncated))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("register entries in state do not decode");
  }
}
