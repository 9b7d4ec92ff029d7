package io.lezflow.evidence;

/**
 * One image to copy into the evidence store: the image of the read a violation or warning rests
 * on, and the SHA-256 the camera sent with that read.
 */
public record EvidenceRequest(String violationId, String readId, String cameraId, String imageKey, String expectedSha256) {}
