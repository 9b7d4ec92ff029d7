package io.lezflow.evidence;

/** A row of {@code evidence_images}: bytes whose SHA-256 is {@code sha256}, and where they came from. */
public record StoredImage(String sha256, byte[] content, String contentType, EvidenceRequest source) {}
