package io.lezflow.police.search;

import java.time.Instant;

/**
 * One sighting in a search result: the read's video-surveillance metadata and its camera. No plate:
 * the sightings table holds none.
 */
public record SightingHit(
    String readId,
    Instant capturedAt,
    String cameraId,
    String street,
    double latitude,
    double longitude,
    int lane,
    String direction,
    float confidence,
    String imageKey,
    String imageSha256,
    MatchKind match) {}
