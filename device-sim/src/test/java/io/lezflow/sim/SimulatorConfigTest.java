package io.lezflow.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.schemas.MqttTopics;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatorConfigTest {
  private static final SimulatorConfig VALID = SimulatorConfig.defaults("tcp://127.0.0.1:1883");

  @Test
  void defaultsAreTheBrusselsFleet() {
    assertThat(VALID.cameras()).isEqualTo(330);
    assertThat(VALID.readsPerSecond()).isEqualTo(1_000);
    assertThat(VALID.seed()).isEqualTo(42L);
    assertThat(VALID.vehicles()).isEqualTo(50_000);
    assertThat(VALID.zoneId()).isEqualTo("BRU");
    assertThat(VALID.cameraPrefix()).isEqualTo("bru");
    assertThat(VALID.topics()).isEqualTo(MqttTopics.DEFAULT);
    assertThat(VALID.cameraId(7)).isEqualTo("bru-cam-0007");
  }

  static Stream<Arguments> wrongSettings() {
    return Stream.of(
        Arguments.of("mqttUrl", (UnaryOperator<SimulatorConfig>) c -> new SimulatorConfig(null, c.topics(), c.cameras(), c.readsPerSecond(), c.seed(), c.vehicles(), c.zoneId(), c.cameraPrefix())),
        Arguments.of("mqttUrl", (UnaryOperator<SimulatorConfig>) c -> new SimulatorConfig("127.0.0.1:1883", c.topics(), c.cameras(), c.readsPerSecond(), c.seed(), c.vehicles(), c.zoneId(), c.cameraPrefix())),
        Arguments.of("mqttUrl", (UnaryOperator<SimulatorConfig>) c -> new SimulatorConfig("http://broker:1883", c.topics(), c.cameras(), c.readsPerSecond(), c.seed(), c.vehicles(), c.zoneId(), c.cameraPrefix())),
        Arguments.of("mqttUrl", (UnaryOperator<SimulatorConfig>) c -> new SimulatorConfig("tcp://bro ker:1883", c.topics(), c.cameras(), c.readsPerSecond(), c.seed(), c.vehicles(), c.zoneId(), c.cameraPrefix())),
        Arguments.of("topics", (UnaryOperator<SimulatorConfig>) c -> c.withTopics(null)),
        Arguments.of("cameras", (UnaryOperator<SimulatorConfig>) c -> c.withCameras(0)),
        Arguments.of("cameras", (UnaryOperator<SimulatorConfig>) c -> c.withCameras(10_000)),
        Arguments.of("readsPerSecond", (UnaryOperator<SimulatorConfig>) c -> c.withReadsPerSecond(0)),
        Arguments.of("readsPerSecond", (UnaryOperator<SimulatorConfig>) c -> c.withReadsPerSecond(Double.NaN)),
        Arguments.of("readsPerSecond", (UnaryOperator<SimulatorConfig>) c -> c.withReadsPerSecond(Double.POSITIVE_INFINITY)),
        Arguments.of("vehicles", (UnaryOperator<SimulatorConfig>) c -> c.withVehicles(0)),
        Arguments.of("zoneId", (UnaryOperator<SimulatorConfig>) c -> new SimulatorConfig(c.mqttUrl(), c.topics(), c.cameras(), c.readsPerSecond(), c.seed(), c.vehicles(), "bru", c.cameraPrefix())),
        Arguments.of("zoneId", (UnaryOperator<SimulatorConfig>) c -> new SimulatorConfig(c.mqttUrl(), c.topics(), c.cameras(), c.readsPerSecond(), c.seed(), c.vehicles(), "", c.cameraPrefix())),
        Arguments.of("cameraPrefix", (UnaryOperator<SimulatorConfig>) c -> c.withCameraPrefix("bru/north")),
        Arguments.of("cameraPrefix", (UnaryOperator<SimulatorConfig>) c -> c.withCameraPrefix("")),
        Arguments.of("cameraPrefix", (UnaryOperator<SimulatorConfig>) c -> c.withCameraPrefix("x".repeat(56))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("wrongSettings")
  void aWrongSettingIsNamedInTheError(String setting, UnaryOperator<SimulatorConfig> change) {
    assertThatThrownBy(() -> change.apply(VALID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid simulator setting '" + setting + "': ");
  }

  @Test
  void acceptsTheOtherMqttSchemesAndALongestPrefix() {
    assertThat(SimulatorConfig.defaults("ssl://broker.example:8883").mqttUrl()).startsWith("ssl://");
    assertThat(VALID.withCameraPrefix("x".repeat(55)).cameraId(9_999)).hasSize(64);
  }
}
