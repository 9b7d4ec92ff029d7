package io.lezflow.sim;

import io.lezflow.sim.mqtt.ReconnectBackoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.schemas.MqttTopics;
import java.time.Duration;
import java.util.Optional;
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
    assertThat(VALID.fleetSecret()).isEmpty();
    assertThat(VALID.offlineBufferReads()).isEqualTo(1_000);
    assertThat(VALID.reconnectBackoff()).isEqualTo(new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60)));
  }

  @Test
  void theIssue2ConstructorKeepsTheDefaultsOfTheNewSettings() {
    SimulatorConfig config = new SimulatorConfig("tcp://127.0.0.1:1883", MqttTopics.DEFAULT, 3, 10, 1, 100, "BRU", "bru");
    assertThat(config.fleetSecret()).isEmpty();
    assertThat(config.offlineBufferReads()).isEqualTo(SimulatorConfig.DEFAULT_OFFLINE_BUFFER_READS);
    assertThat(config.reconnectBackoff()).isEqualTo(ReconnectBackoff.DEFAULT);
  }

  @Test
  void withersKeepEverySetting() {
    SimulatorConfig tuned = VALID.withFleetSecret("0123456789abcdef-fleet").withOfflineBufferReads(50)
        .withReconnectBackoff(new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))).withZoneId("brussels");
    SimulatorConfig changed = tuned.withCameras(5).withMqttUrl("tcp://10.0.0.1:1883").withSeed(7).withReadsPerSecond(5)
        .withVehicles(10).withCameraPrefix("x").withTopics(new MqttTopics("t/lez/v1"));
    assertThat(changed.fleetSecret()).contains("0123456789abcdef-fleet");
    assertThat(changed.offlineBufferReads()).isEqualTo(50);
    assertThat(changed.reconnectBackoff().initialDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(changed.zoneId()).isEqualTo("brussels");
    assertThat(changed.mqttUrl()).isEqualTo("tcp://10.0.0.1:1883");
    assertThat(tuned.withFleetSecret(null).fleetSecret()).isEmpty();
    assertThat(tuned.withFleetSecret("").fleetSecret()).isEmpty();
  }

  @Test
  void theFleetSecretNeverAppearsInTextOrErrors() {
    String secret = "do-not-print-this-fleet-secret";
    assertThat(VALID.withFleetSecret(secret).toString()).doesNotContain(secret).contains("fleetSecret=(set)");
    assertThat(VALID.toString()).contains("fleetSecret=(none)");
    assertThatThrownBy(() -> VALID.withFleetSecret("tiny-secret"))
        .hasMessageNotContaining("tiny-secret").hasMessageContaining("11 characters");
  }

  @Test
  void zoneIdsOfThePolicyFilesAreAccepted() {
    assertThat(VALID.withZoneId("brussels").zoneId()).isEqualTo("brussels");
    assertThat(VALID.withZoneId("london-ulez").zoneId()).isEqualTo("london-ulez");
    assertThat(new SimulatorConfig("tcp://h:1", MqttTopics.DEFAULT, 1, 1, 1, 1, "BRU", "b", Optional.empty(), 1,
        ReconnectBackoff.DEFAULT).zoneId()).isEqualTo("BRU");
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
        Arguments.of("zoneId", (UnaryOperator<SimulatorConfig>) c -> new SimulatorConfig(c.mqttUrl(), c.topics(), c.cameras(), c.readsPerSecond(), c.seed(), c.vehicles(), "bru/x", c.cameraPrefix())),
        Arguments.of("zoneId", (UnaryOperator<SimulatorConfig>) c -> new SimulatorConfig(c.mqttUrl(), c.topics(), c.cameras(), c.readsPerSecond(), c.seed(), c.vehicles(), "", c.cameraPrefix())),
        Arguments.of("zoneId", (UnaryOperator<SimulatorConfig>) c -> c.withZoneId("z".repeat(33))),
        Arguments.of("zoneId", (UnaryOperator<SimulatorConfig>) c -> c.withZoneId("BRU BRU")),
        Arguments.of("fleetSecret", (UnaryOperator<SimulatorConfig>) c -> c.withFleetSecret("short")),
        Arguments.of("offlineBufferReads", (UnaryOperator<SimulatorConfig>) c -> c.withOfflineBufferReads(0)),
        Arguments.of("offlineBufferReads", (UnaryOperator<SimulatorConfig>) c -> c.withOfflineBufferReads(100_001)),
        Arguments.of("reconnectBackoff", (UnaryOperator<SimulatorConfig>) c -> c.withReconnectBackoff(null)),
        Arguments.of("reconnectBackoff", (UnaryOperator<SimulatorConfig>) c -> c.withReconnectBackoff(new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)))),
        Arguments.of("reconnectBackoff", (UnaryOperator<SimulatorConfig>) c -> c.withReconnectBackoff(new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))),
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
