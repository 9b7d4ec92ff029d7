package io.lezflow.police.audit;

import java.util.HexFormat;
import java.util.List;

/**
 * The result of checking the audit chain: how many entries were checked, the head (last sequence
 * number and hash: record it elsewhere, it is what proves the newest entries were not cut off) and
 * every break found, in sequence order.
 */
public record AuditVerification(long entriesChecked, long headSeq, byte[] headHash, List<Break> breaks) {

  public AuditVerification {
    breaks = List.copyOf(breaks);
  }

  public boolean intact() {
    return breaks.isEmpty();
  }

  public String headHashHex() {
    return headHash == null ? "-" : HexFormat.of().formatHex(headHash);
  }

  /** Where the chain breaks and how. */
  public record Break(Kind kind, long seq, long id, String detail) {
    @Override
    public String toString() {
      return kind + " at seq " + seq + " (id " + id + "): " + detail;
    }
  }

  public enum Kind {
    /** Sequence numbers jump: entries between were deleted. */
    MISSING_ENTRIES,
    /** The entry does not hash to its stored entry_hash: it was edited. */
    ENTRY_ALTERED,
    /** The entry's prev_hash is not the previous entry's hash (an entry before it was removed or rewritten). */
    CHAIN_MISMATCH,
    /** The entry has no sequence number or hashes (written around the log). */
    UNCHAINED
  }
}
