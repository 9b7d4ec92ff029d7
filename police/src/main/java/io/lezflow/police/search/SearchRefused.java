package io.lezflow.police.search;

/**
 * A search the law or the rules do not allow. Thrown after the refusal was audited; the message
 * is safe to show to the user (it names no plate).
 */
public final class SearchRefused extends RuntimeException {
  private final RefusalCode code;
  private final long auditSeq;

  public SearchRefused(RefusalCode code, String message, long auditSeq) {
    super(message);
    this.code = code;
    this.auditSeq = auditSeq;
  }

  public RefusalCode code() {
    return code;
  }

  /** The audit entry that records the refusal. */
  public long auditSeq() {
    return auditSeq;
  }
}
