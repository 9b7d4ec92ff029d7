package io.lezflow.police.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The hash chain of the audit log: {@code entry_hash = SHA-256(prev_hash || fields)}, where the
 * fields are the entry's sequence number, time (epoch microseconds: what PostgreSQL keeps) and
 * every field of its {@link AuditRecord}, each UTF-8, separated by U+001F, a null as U+0000. The
 * first entry's {@code prev_hash} is {@link #GENESIS} (32 zero bytes).
 *
 * <p>Invariant: changing, removing or reordering any entry changes the hash of every later entry,
 * so {@link AuditVerifier} finds where the chain breaks.
 */
public final class AuditChain {
  private AuditChain() {}

  public static final byte[] GENESIS = new byte[32];

  private static final char SEPARATOR = '\u001f';

  /** Entry times are kept at microsecond precision, as PostgreSQL stores them. */
  public static Instant storedTime(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  public static byte[] hash(byte[] prevHash, long seq, Instant at, AuditRecord r) {
    StringBuilder fields = new StringBuilder(256);
    append(fields, Long.toString(seq));
    append(fields, Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, storedTime(at))));
    append(fields, r.kind());
    append(fields, r.actor());
    append(fields, r.role());
    append(fields, r.policeZone());
    append(fields, r.legalProfile());
    append(fields, r.reason());
    append(fields, r.caseReference());
    append(fields, r.query());
    append(fields, Integer.toString(r.resultCount()));
    append(fields, r.outcome());
    append(fields, r.refusal());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(prevHash);
      sha.update(fields.toString().getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  private static void append(StringBuilder out, String field) {
    out.append(field == null ? "\u0000" : field).append(SEPARATOR);
  }
}
