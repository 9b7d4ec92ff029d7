package io.lezflow.sim.mqtt;

import io.lezflow.sim.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.schemas.CameraIds;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CameraCredentialsTest {
  private static final String SECRET = "lezflow-test-fleet-secret";

  /** Computed outside Java, so that any tool writing the broker's password file can derive the same passwords. */
  private static final String CAMERA_1_PASSWORD = "oPRGRYNzBQlytXnPILa3-HEcvB6U8nlO";

  @Test
  void thePasswordIsTheBase64UrlHmacSha256OfTheCameraIdUnderTheFleetSecret() {
    // printf '%s' bru-cam-0001 | openssl dgst -sha256 -hmac lezflow-test-fleet-secret -binary | base64 | tr '+/' '-_' | tr -d = | cut -c1-32
    assertThat(CameraCredentials.passwordFor(SECRET, "bru-cam-0001")).isEqualTo(CAMERA_1_PASSWORD);
    assertThat(CameraCredentials.passwordFor(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "bru-cam-0001"))
        .isEqualTo(CAMERA_1_PASSWORD);
  }

  @Test
  void eachCameraHasItsOwnStablePassword() {
    List<String> ids = IntStream.rangeClosed(1, 330).mapToObj(n -> CameraIds.of("bru", n)).toList();
    Map<String, String> passwords = CameraCredentials.forCameras(SECRET, ids);
    assertThat(passwords.keySet()).containsExactlyElementsOf(ids);
    assertThat(new HashSet<>(passwords.values())).hasSize(330).allMatch(p -> p.matches("[A-Za-z0-9_-]{32}"));
    assertThat(CameraCredentials.forCameras(SECRET, ids)).isEqualTo(passwords);
    assertThat(CameraCredentials.passwordFor(SECRET + "x", "bru-cam-0001")).isNotEqualTo(passwords.get("bru-cam-0001"));
  }

  @Test
  void theFleetsCredentialsFollowItsConfiguration() {
    SimulatorConfig config = SimulatorConfig.defaults("tcp://h:1").withCameras(3);
    assertThat(CameraCredentials.forFleet(config)).isEmpty();
    Map<String, String> fleet = CameraCredentials.forFleet(config.withFleetSecret(SECRET));
    assertThat(fleet.keySet()).containsExactly("bru-cam-0001", "bru-cam-0002", "bru-cam-0003");
    assertThat(fleet.get("bru-cam-0001")).isEqualTo(CAMERA_1_PASSWORD);
  }

  @Test
  void wrongInputIsRefused() {
    assertThatThrownBy(() -> CameraCredentials.passwordFor("", "bru-cam-0001")).hasMessageContaining("fleetSecret");
    assertThatThrownBy(() -> CameraCredentials.passwordFor((String) null, "bru-cam-0001")).hasMessageContaining("fleetSecret");
    assertThatThrownBy(() -> CameraCredentials.passwordFor(new byte[0], "bru-cam-0001")).hasMessageContaining("fleetSecret");
    assertThatThrownBy(() -> CameraCredentials.passwordFor(SECRET, "bru/cam")).hasMessageContaining("camera id");
  }
}
