package io.lezflow.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.v1.Direction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficModelTest {

  private static List<Passage> passages(long seed, int camera, int population, int n) {
    TrafficModel model = new TrafficModel(seed, camera, population);
    List<Passage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(model.next());
    return out;
  }

  @Test
  void sameSeedAndCameraGiveTheSamePassages() {
    assertThat(passages(42, 7, 50_000, 2_000)).isEqualTo(passages(42, 7, 50_000, 2_000));
  }

  @Test
  void camerasAndSeedsHaveTheirOwnTraffic() {
    List<Passage> camera7 = passages(42, 7, 50_000, 200);
    assertThat(passages(42, 8, 50_000, 200)).isNotEqualTo(camera7);
    assertThat(passages(43, 7, 50_000, 200)).isNotEqualTo(camera7);
  }

  @Test
  void passagesAreValidAndDecidable() {
    for (Passage p : passages(42, 1, 1_000, 10_000)) {
      assertThat(p.vehicleIndex()).isBetween(0, 999);
      assertThat(p.lane()).isBetween(1, 3);
      assertThat(p.direction()).isIn(Direction.DIRECTION_INBOUND, Direction.DIRECTION_OUTBOUND);
      assertThat(p.confidence()).isBetween(0.90f, 0.99f);
    }
  }

  @Test
  void regularsAreSeenManyTimesOthersRarely() {
    int population = 50_000;
    TrafficModel model = new TrafficModel(42, 3, population);
    Map<Integer, Integer> sightings = new HashMap<>();
    int reads = 100_000;
    for (int i = 0; i < reads; i++) sightings.merge(model.next().vehicleIndex(), 1, Integer::sum);

    long regularReads = sightings.entrySet().stream().filter(e -> e.getKey() < model.regulars()).mapToLong(Map.Entry::getValue).sum();
    double regularShare = (double) regularReads / reads;
    // 30 % of the traffic plus the regulars' own share of the uniform part.
    assertThat(regularShare).isBetween(0.30, 0.33);
    double perRegular = (double) regularReads / model.regulars();
    double perOther = (double) (reads - regularReads) / (population - model.regulars());
    assertThat(perRegular).isGreaterThan(10 * perOther);
  }

  @Test
  void aCameraPrintsPlatesOneWayButTheFleetBothWays() {
    assertThat(passages(42, 5, 100, 50)).extracting(Passage::plateWithSeparators).containsOnly(passages(42, 5, 100, 1).get(0).plateWithSeparators());
    List<Boolean> styles = new ArrayList<>();
    for (int camera = 1; camera <= 30; camera++) styles.add(new TrafficModel(42, camera, 100).next().plateWithSeparators());
    assertThat(styles).contains(true, false);
  }
}
