package io.lezflow.police.search;

import java.time.Instant;
import java.util.List;

/**
 * One vehicle's trip past the zone's cameras: its sightings with no pause longer than the passage
 * gap, in time order.
 *
 * @param vehicle a label for the vehicle within this result ("searched vehicle", "similar plate 1",
 *     ...): the same label is the same vehicle (same keyed hash)
 * @param match how this vehicle matched the plate searched
 * @param howMatched a sentence for the user: what matched and how
 * @param cameraSequence the cameras passed, in order (a camera seen twice in a row once)
 */
public record Passage(
    String vehicle,
    MatchKind match,
    String howMatched,
    Instant firstSeen,
    Instant lastSeen,
    List<String> cameraSequence,
    List<SightingHit> sightings) {

  public Passage {
    cameraSequence = List.copyOf(cameraSequence);
    sightings = List.copyOf(sightings);
  }
}
