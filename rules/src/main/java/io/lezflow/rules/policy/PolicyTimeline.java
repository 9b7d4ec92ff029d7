package io.lezflow.rules.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The versions of one zone's policy and which one is in force at an instant.
 *
 * <p>Rule: at instant t the version in force is the <em>highest version number</em> whose
 * {@code effectiveFrom} is at or before t. So a new version supersedes every older one from its
 * effective time on — also a correction published with an earlier effective time — and a version
 * scheduled for the future changes nothing before its time. Publishing the same version number
 * again replaces it (a policy topic is compacted and may be re-read).
 *
 * <p>Immutable: {@link #with} returns a new timeline, so a stream processor can swap it atomically.
 */
public final class PolicyTimeline {
  private final String zoneId;
  /** Sorted by version, descending: the lookup stops at the first version already effective. */
  private final List<ZonePolicy> newestFirst;

  private PolicyTimeline(String zoneId, List<ZonePolicy> newestFirst) {
    this.zoneId = zoneId;
    this.newestFirst = List.copyOf(newestFirst);
  }

  /**
   * @throws IllegalArgumentException if the versions are of different zones, repeat a version
   *     number, or are none
   */
  public static PolicyTimeline of(Collection<ZonePolicy> versions) {
    if (versions.isEmpty()) throw new IllegalArgumentException("a timeline needs at least one version");
    String zone = versions.iterator().next().zoneId();
    List<ZonePolicy> sorted = new ArrayList<>(versions);
    sorted.sort(Comparator.comparingInt(ZonePolicy::version).reversed());
    for (int i = 0; i < sorted.size(); i++) {
      ZonePolicy p = sorted.get(i);
      if (!p.zoneId().equals(zone)) {
        throw new IllegalArgumentException("versions of zones " + zone + " and " + p.zoneId() + " in one timeline");
      }
      if (i > 0 && sorted.get(i - 1).version() == p.version()) {
        throw new IllegalArgumentException("version " + p.version() + " of zone " + zone + " given twice");
      }
    }
    return new PolicyTimeline(zone, sorted);
  }

  public static PolicyTimeline of(ZonePolicy... versions) {
    return of(List.of(versions));
  }

  /** A timeline with {@code policy} added, replacing a version with the same number. */
  public PolicyTimeline with(ZonePolicy policy) {
    if (!policy.zoneId().equals(zoneId)) {
      throw new IllegalArgumentException("policy of zone " + policy.zoneId() + " added to timeline of " + zoneId);
    }
    List<ZonePolicy> next = new ArrayList<>(newestFirst.size() + 1);
    for (ZonePolicy p : newestFirst) if (p.version() != policy.version()) next.add(p);
    next.add(policy);
    return of(next);
  }

  public String zoneId() {
    return zoneId;
  }

  /** The version in force at {@code instant}, empty before the zone's first effective time. */
  public Optional<ZonePolicy> inForceAt(Instant instant) {
    for (ZonePolicy p : newestFirst) {
      if (!p.effectiveFrom().isAfter(instant)) return Optional.of(p);
    }
    return Optional.empty();
  }

  public Optional<ZonePolicy> version(int version) {
    for (ZonePolicy p : newestFirst) if (p.version() == version) return Optional.of(p);
    return Optional.empty();
  }

  /** All versions, oldest version number first. */
  public List<ZonePolicy> versions() {
    List<ZonePolicy> ascending = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(ascending);
    return List.copyOf(ascending);
  }
}
