package io.lezflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResendRequestsTest {

  @ParameterizedTest(name = "''{0}'' (max {1}) -> ''{2}''")
  @CsvSource(delimiter = '|', value = {
      "8-9,12      | 100 | 8-9 12-12",
      "12          | 100 | 12-12",
      "            | 100 | ''",
      "x,3-,4-2,0,5| 100 | 5-5",
      "1-1000      | 10  | 1-10",
      "1-5,7-20    | 8   | 1-5 7-9",
      " 3 , 4-6    | 100 | 3-3 4-6"})
  void parsesRangesAndSkipsWhatIsMalformed(String payload, long max, String expected) {
    List<long[]> ranges = ResendRequests.parse((payload == null ? "" : payload).getBytes(StandardCharsets.US_ASCII), max);
    assertThat(ranges.stream().map(r -> r[0] + "-" + r[1]).collect(Collectors.joining(" "))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void encodesWhatItParses() {
    byte[] encoded = ResendRequests.encode(List.of(new long[] {8, 9}, new long[] {12, 12}));
    assertThat(new String(encoded, StandardCharsets.US_ASCII)).isEqualTo("8-9,12");
    assertThat(ResendRequests.parse(encoded, 100)).hasSize(2);
  }
}
