package io.lezflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.schemas.MqttTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngestConfigTest {
  static final IngestConfig DEFAULTS = IngestConfig.defaults("tcp://127.0.0.1:1883", "127.0.0.1:9092");

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(DEFAULTS.topics()).isEqualTo(MqttTopics.DEFAULT);
    assertThat(DEFAULTS.maxPayloadBytes()).isEqualTo(16 * 1024);
    assertThat(DEFAULTS.knownCameras()).isEmpty();
    assertThat(DEFAULTS.maxCaptureAge()).isEqualTo(Duration.ofDays(7));
    assertThat(DEFAULTS.maxClockSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(DEFAULTS.maxInFlight()).isEqualTo(1000);
    assertThat(DEFAULTS.gatewayId()).matches("ingest-[a-z0-9_-]+");
  }

  static Stream<Arguments> invalid() {
    IngestConfig d = DEFAULTS;
    return Stream.of(
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> new IngestConfig("localhost:1883", c.topics(), c.kafkaBootstrap(), c.gatewayId(), c.maxPayloadBytes(), c.knownCameras(), c.maxCaptureAge(), c.maxClockSkew(), c.maxInFlight()), "mqttUrl"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> new IngestConfig(c.mqttUrl(), null, c.kafkaBootstrap(), c.gatewayId(), c.maxPayloadBytes(), c.knownCameras(), c.maxCaptureAge(), c.maxClockSkew(), c.maxInFlight()), "topics"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> new IngestConfig(c.mqttUrl(), c.topics(), "kafka", c.gatewayId(), c.maxPayloadBytes(), c.knownCameras(), c.maxCaptureAge(), c.maxClockSkew(), c.maxInFlight()), "kafkaBootstrap"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> c.withGatewayId("ingest/1"), "gatewayId"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> c.withGatewayId(""), "gatewayId"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> c.withMaxPayloadBytes(100), "maxPayloadBytes"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> c.withMaxPayloadBytes(2 * 1024 * 1024), "maxPayloadBytes"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> c.withKnownCameras(Set.of("ok-cam", "bad cam")), "knownCameras"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> new IngestConfig(c.mqttUrl(), c.topics(), c.kafkaBootstrap(), c.gatewayId(), c.maxPayloadBytes(), c.knownCameras(), Duration.ZERO, c.maxClockSkew(), c.maxInFlight()), "maxCaptureAge"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> new IngestConfig(c.mqttUrl(), c.topics(), c.kafkaBootstrap(), c.gatewayId(), c.maxPayloadBytes(), c.knownCameras(), c.maxCaptureAge(), Duration.ofSeconds(-1), c.maxInFlight()), "maxClockSkew"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> c.withMaxInFlight(0), "maxInFlight"),
        Arguments.of((Function<IngestConfig, IngestConfig>) c -> c.withMaxInFlight(65_536), "maxInFlight"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void invalidSettingIsNamedInTheMessage(Function<IngestConfig, IngestConfig> change, String setting) {
    assertThatThrownBy(() -> change.apply(DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(setting);
  }

  @Test
  void readsTheEnvironment() {
    Map<String, String> env = Map.of(
        "LEZ_MQTT_URL", "tcp://broker:1883",
        "LEZ_KAFKA_BOOTSTRAP", "k1:9092,k2:9092",
        "LEZ_INGEST_ID", "ingest-7",
        "LEZ_MQTT_TOPIC_ROOT", "city/lez",
        "LEZ_INGEST_MAX_PAYLOAD_BYTES", "8192",
        "LEZ_INGEST_KNOWN_CAMERAS", "cam-1, cam-2,,",
        "LEZ_INGEST_MAX_CAPTURE_AGE", "P2D",
        "LEZ_INGEST_MAX_CLOCK_SKEW", "PT30S",
        "LEZ_INGEST_MAX_IN_FLIGHT", "500");

    IngestConfig config = IngestConfig.fromEnvironment(env);

    assertThat(config).isEqualTo(new IngestConfig("tcp://broker:1883", new MqttTopics("city/lez"), "k1:9092,k2:9092",
        "ingest-7", 8192, Set.of("cam-1", "cam-2"), Duration.ofDays(2), Duration.ofSeconds(30), 500));
  }

  @Test
  void readsTheOutboxCredentialsFrigateAndPeersFromTheEnvironment() {
    Map<String, String> env = Map.ofEntries(
        Map.entry("LEZ_MQTT_URL", "tcp://broker:1883"),
        Map.entry("LEZ_KAFKA_BOOTSTRAP", "k1:9092"),
        Map.entry("LEZ_INGEST_ID", "ingest-7"),
        Map.entry("LEZ_MQTT_USERNAME", "ingest"),
        Map.entry("LEZ_MQTT_PASSWORD", "s3cret"),
        Map.entry("LEZ_INGEST_OUTBOX_DIR", "/var/lib/lezflow/outbox"),
        Map.entry("LEZ_INGEST_OUTBOX_MAX_RECORDS", "5000"),
        Map.entry("LEZ_INGEST_OUTBOX_MAX_BYTES", "1048576"),
        Map.entry("LEZ_INGEST_FRIGATE_CAMERAS", "entrance_cam=bru-cam-0042, exit cam=bru-cam-0043"),
        Map.entry("LEZ_INGEST_FRIGATE_COUNTRY", "NL"),
        Map.entry("LEZ_INGEST_PEERS", "ingest-8,ingest-9"));

    IngestConfig config = IngestConfig.fromEnvironment(env);

    assertThat(config.mqttUsername()).isEqualTo("ingest");
    assertThat(config.mqttPassword()).isEqualTo("s3cret");
    assertThat(config.toString()).doesNotContain("s3cret");
    assertThat(config.outboxDir()).isEqualTo(java.nio.file.Path.of("/var/lib/lezflow/outbox"));
    assertThat(config.outboxMaxRecords()).isEqualTo(5000);
    assertThat(config.outboxMaxBytes()).isEqualTo(1_048_576);
    assertThat(config.frigate().enabled()).isTrue();
    assertThat(config.frigate().cameras()).containsExactlyInAnyOrderEntriesOf(Map.of("entrance_cam", "bru-cam-0042", "exit cam", "bru-cam-0043"));
    assertThat(config.frigate().country()).isEqualTo("NL");
    assertThat(config.frigate().eventsTopic()).isEqualTo("frigate/events");
    assertThat(config.peers()).containsExactlyInAnyOrder("ingest-8", "ingest-9");
  }

  @Test
  void theDefaultOutboxFollowsTheGatewayIdAndFrigateIsOff() {
    IngestConfig config = DEFAULTS.withGatewayId("ingest-x");
    assertThat(config.outboxDir()).isEqualTo(IngestConfig.defaultOutboxDir("ingest-x"));
    assertThat(config.outboxDir().toString()).contains("ingest-x");
    assertThat(DEFAULTS.frigate().enabled()).isFalse();
    assertThat(DEFAULTS.peers()).isEmpty();
    assertThat(DEFAULTS.withOutboxDir(java.nio.file.Path.of("/data/o")).withGatewayId("ingest-y").outboxDir())
        .as("an explicit outbox directory stays").isEqualTo(java.nio.file.Path.of("/data/o"));
  }

  @Test
  void newSettingsAreValidatedWithTheirName() {
    Map<String, String> base = Map.of("LEZ_MQTT_URL", "tcp://b:1883", "LEZ_KAFKA_BOOTSTRAP", "k:9092", "LEZ_INGEST_ID", "ingest-1");
    Map<String, String> env = new HashMap<>(base);
    env.put("LEZ_INGEST_FRIGATE_CAMERAS", "entrance_cam");
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageStartingWith("LEZ_INGEST_FRIGATE_CAMERAS='entrance_cam'");
    env.put("LEZ_INGEST_FRIGATE_CAMERAS", "entrance_cam=bru cam");
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageContaining("not a lezflow camera id");
    env.remove("LEZ_INGEST_FRIGATE_CAMERAS");
    env.put("LEZ_INGEST_OUTBOX_MAX_RECORDS", "many");
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageStartingWith("LEZ_INGEST_OUTBOX_MAX_RECORDS='many'");
    env.remove("LEZ_INGEST_OUTBOX_MAX_RECORDS");
    env.put("LEZ_MQTT_PASSWORD", "pw");
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageContaining("mqttPassword is set without mqttUsername");
    env.remove("LEZ_MQTT_PASSWORD");
    env.put("LEZ_INGEST_PEERS", "ingest-1");
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageContaining("peers must not contain this gateway's own id");
  }

  @Test
  void environmentErrorsNameTheVariable() {
    Map<String, String> env = new HashMap<>(Map.of("LEZ_KAFKA_BOOTSTRAP", "k:9092"));
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageStartingWith("LEZ_MQTT_URL is not set");

    env.put("LEZ_MQTT_URL", "tcp://b:1883");
    env.put("LEZ_INGEST_MAX_IN_FLIGHT", "lots");
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageStartingWith("LEZ_INGEST_MAX_IN_FLIGHT='lots'");

    env.remove("LEZ_INGEST_MAX_IN_FLIGHT");
    env.put("LEZ_INGEST_MAX_CAPTURE_AGE", "7 days");
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageStartingWith("LEZ_INGEST_MAX_CAPTURE_AGE='7 days'");

    env.remove("LEZ_INGEST_MAX_CAPTURE_AGE");
    env.put("LEZ_MQTT_TOPIC_ROOT", "lez/#");
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageStartingWith("LEZ_MQTT_TOPIC_ROOT='lez/#' is invalid");

    env.remove("LEZ_MQTT_TOPIC_ROOT");
    env.put("LEZ_INGEST_MAX_IN_FLIGHT", "0");
    assertThatThrownBy(() -> IngestConfig.fromEnvironment(env)).hasMessageContaining("maxInFlight must be in [1, 65535]");
  }

  @Test
  void metricsPortIsOffByDefaultAndValidated() {
    assertThat(IngestMain.metricsPort(Map.of())).isZero();
    assertThat(IngestMain.metricsPort(Map.of("LEZ_INGEST_METRICS_PORT", "9400"))).isEqualTo(9400);
    assertThatThrownBy(() -> IngestMain.metricsPort(Map.of("LEZ_INGEST_METRICS_PORT", "http")))
        .hasMessageStartingWith("LEZ_INGEST_METRICS_PORT='http'");
  }
}
