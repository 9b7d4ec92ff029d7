package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.embedded.LocalMosquitto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LEZ_EMBEDDED_MQTT: which broker an all-embedded stack starts. */
class LocalStackBrokerChoiceTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "auto", " AUTO "})
  void autoPrefersThisMachinesMosquitto(String choice) {
    assertThat(LocalStack.useMosquitto(choice)).isEqualTo(LocalMosquitto.available());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hivemq", "HiveMQ"})
  void hivemqWhenAskedFor(String choice) {
    assertThat(LocalStack.useMosquitto(choice)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rabbit", "mosquito"})
  void anythingElseIsABadSettingNamingTheChoices(String choice) {
    assertThatThrownBy(() -> LocalStack.useMosquitto(choice)).isInstanceOf(BadSetting.class)
        .hasMessageContaining("auto, mosquitto or hivemq").hasMessageContaining(choice);
  }
}
