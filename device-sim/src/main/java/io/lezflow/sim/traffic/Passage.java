package io.lezflow.sim.traffic;

import io.lezflow.schemas.v1.Direction;

/**
 * One vehicle passing one camera, as the traffic model decides it.
 *
 * @param vehicleIndex index into the vehicle population
 * @param lane 1..3
 * @param direction into or out of the zone
 * @param confidence OCR confidence, in [0.90, 0.99] so every read is decidable automatically
 * @param plateWithSeparators whether the camera's OCR prints the plate with its separators
 */
public record Passage(int vehicleIndex, int lane, Direction direction, float confidence, boolean plateWithSeparators) {}
