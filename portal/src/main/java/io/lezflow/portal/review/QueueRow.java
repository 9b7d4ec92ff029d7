package io.lezflow.portal.review;

import java.time.Instant;
import java.time.LocalDate;

/** One line of the review queue. */
public record QueueRow(
    String violationId,
    String zoneId,
    String status,
    String violationType,
    LocalDate enforcementDay,
    Instant firstSeenAt,
    String cameraId,
    float confidence,
    String reviewReason,
    boolean warning,
    String plateText,
    String country,
    long fineCents,
    String currency,
    int version) {}
