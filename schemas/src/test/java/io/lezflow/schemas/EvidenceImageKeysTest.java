package io.lezflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvidenceImageKeysTest {

  @ParameterizedTest(name = "read {0} -> image key {1}")
  @CsvSource(nullValues = "none", value = {
      "bru-cam-0007:12,   bru-cam-0007/12.png",
      "a:0,               a/0.png",
      "bru-cam-0007:,     none",
      ":12,               none",
      "bru-cam-0007,      none",
      "bru/cam:12,        none",
      "bru-cam-0007:1x,   none",
      "bru-cam-0007:1234567890123456789, none",
  })
  void theImageKeyOfARead(String readId, String imageKey) {
    assertThat(EvidenceImageKeys.ofReadId(readId).orElse(null)).isEqualTo(imageKey);
    if (imageKey != null) assertThat(EvidenceImageKeys.isValid(imageKey)).isTrue();
  }

  @ParameterizedTest(name = "{0} valid={1}")
  @CsvSource({
      "bru-cam-0007/12.png, true",
      "bru-cam-0007/12.jpg, false",
      "../12.png,           false",
      "a/b/12.png,          false",
      "bru-cam-0007/.png,   false",
      "/12.png,             false",
  })
  void onlyWellFormedKeysAreValid(String imageKey, boolean valid) {
    assertThat(EvidenceImageKeys.isValid(imageKey)).isEqualTo(valid);
  }
}
