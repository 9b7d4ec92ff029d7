package io.lezflow.sim.mqtt;

import io.lezflow.sim.traffic.VehiclePopulation;

import io.lezflow.sim.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a fleet checks before it touches a broker. */
class CameraFleetTest {
  private static final SimulatorConfig CONFIG = SimulatorConfig.defaults("tcp://127.0.0.1:1").withCameras(3).withVehicles(100);
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  @Test
  void thePopulationMustBeTheConfiguredOne() {
    assertThatThrownBy(() -> new CameraFleet(CONFIG, VehiclePopulation.generate(42, 99, TODAY), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99 vehicles").hasMessageContaining("SimulatorConfig.vehicles is 100");
    assertThatThrownBy(() -> new CameraFleet(CONFIG, List.of(), Clock.systemUTC()))
        .hasMessageContaining("at least one vehicle");
  }

  @Test
  void sequencesStartAtOneOrWhereTheCallerSays() {
    assertThatThrownBy(() -> new CameraFleet(CONFIG, VehiclePopulation.generate(42, 100, TODAY), Clock.systemUTC(), 0))
        .hasMessageContaining("firstSequence");
  }

  @Test
  void anUnstartedFleetHasNothingToWaitForAndClosesQuietly() {
    CameraFleet fleet = new CameraFleet(CONFIG, VehiclePopulation.generate(42, 100, TODAY), Clock.systemUTC());
    assertThat(fleet.awaitAcknowledged(Duration.ofMillis(10))).isTrue();
    assertThat(fleet.generated()).isZero();
    assertThat(fleet.cameraIds()).containsExactly("bru-cam-0001", "bru-cam-0002", "bru-cam-0003");
    fleet.close();
    assertThatThrownBy(fleet::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("starts once");
  }
}
