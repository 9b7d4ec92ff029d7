package io.lezflow.ops;

/**
 * The demo's verdict, printed as one JSON line on stdout. A healthy run has
 * {@code published == ingested == decided}, {@code dlq == 0} and
 * {@code violations == expected_violations}.
 */
public record DemoResult(long published, long ingested, long decided, long violations, long expectedViolations, long dlq) {

  public String toJson() {
    return "{\"published\":" + published + ",\"ingested\":" + ingested + ",\"decided\":" + decided
        + ",\"violations\":" + violations + ",\"expected_violations\":" + expectedViolations + ",\"dlq\":" + dlq + "}";
  }

  public boolean consistent() {
    return published == ingested && ingested == decided && dlq == 0 && violations == expectedViolations;
  }
}
