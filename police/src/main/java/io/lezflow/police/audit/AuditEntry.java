package io.lezflow.police.audit;

import java.time.Instant;

/** One stored audit entry: its record, its place in the chain and its hashes (SHA-256, 32 bytes). */
public record AuditEntry(long id, long seq, Instant at, AuditRecord record, byte[] prevHash, byte[] entryHash) {}
