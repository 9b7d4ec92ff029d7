package io.lezflow.portal.review;

import java.time.Instant;

/** A row of {@code violation_events}: who changed what, when and why. */
public record ViolationEvent(long id, String violationId, String event, String actor, String fromStatus, String toStatus,
    String reasonCode, String note, Instant at) {}
