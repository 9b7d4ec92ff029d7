package io.lezflow.police.search;

import java.util.List;

/**
 * One page of a search's passages (oldest first) and what the whole search found.
 *
 * @param totalPassages passages over all pages
 * @param totalSightings sightings read (at most the search limit)
 * @param truncated more sightings matched than one search may read: narrow the time range
 * @param auditSeq the audit entry that records this search
 */
public record SearchResult(
    List<Passage> passages,
    int page,
    int pageSize,
    int totalPassages,
    int totalSightings,
    boolean truncated,
    long auditSeq) {

  public SearchResult {
    passages = List.copyOf(passages);
  }

  public int pages() {
    return (totalPassages + pageSize - 1) / pageSize;
  }
}
