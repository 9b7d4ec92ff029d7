package io.lezflow.police.search;

import java.time.Instant;

/**
 * What a police user asks: a plate (as typed: separators and case do not matter), its country, a
 * time range {@code [from, to)}, the reason (mandatory), the prosecutor's decision reference
 * (mandatory for a judicial search reaching back more than one month) and which page of passages.
 */
public record SearchRequest(
    String plateText,
    String country,
    Instant from,
    Instant to,
    String reason,
    String caseReference,
    int page,
    int pageSize) {

  public static final int DEFAULT_PAGE_SIZE = 20;

  public static SearchRequest firstPage(String plateText, String country, Instant from, Instant to, String reason,
      String caseReference) {
    return new SearchRequest(plateText, country, from, to, reason, caseReference, 0, DEFAULT_PAGE_SIZE);
  }

  public SearchRequest withPage(int newPage) {
    return new SearchRequest(plateText, country, from, to, reason, caseReference, newPage, pageSize);
  }
}
