package io.lezflow.portal.review;

/** A row of {@code cameras}. */
public record Camera(String cameraId, String zoneId, String policeZone, String name, double latitude, double longitude) {}
