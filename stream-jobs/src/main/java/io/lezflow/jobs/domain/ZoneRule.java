package io.lezflow.jobs.domain;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One emission-ban rule of a low-emission zone, as data: which categories it covers, up to which
 * Euro norm each fuel is banned, which vehicles are exempt, and what a violation costs.
 *
 * <p>Invariant: validated at construction (zone id, time zone, non-negative amounts, no category
 * both covered and exempt), and immutable, so a decider can share one instance across threads.
 * Versioned, effective-dated policies (issue 3) become a list of these per zone.
 *
 * @param zoneId zone the rule applies to, e.g. {@code BRU}
 * @param ruleName stable name a reviewer can look up, e.g. {@code BRU-LEZ-2025}
 * @param policyVersion version of the zone policy this rule comes from
 * @param timeZone IANA time zone of the zone: enforcement days are calendar days there
 * @param coveredCategories categories the ban applies to
 * @param bannedUpToEuroByFuel per fuel, the highest Euro norm that is banned (inclusive); a fuel
 *     without an entry is not restricted
 * @param exemptCategories categories exempt whatever their fuel
 * @param exemptFuels fuels exempt whatever their category (zero-emission drives)
 * @param historicMinAgeYears a vehicle with a historic plate is exempt when strictly older than
 *     this many years on the enforcement day; 0 disables the exemption
 * @param priorityVehiclesExempt whether priority (emergency) vehicles are exempt
 * @param fineCents fine per violation, in cents of {@code currency}
 * @param currency ISO 4217 code
 */
public record ZoneRule(
    String zoneId,
    String ruleName,
    int policyVersion,
    String timeZone,
    Set<VehicleCategory> coveredCategories,
    Map<Fuel, Integer> bannedUpToEuroByFuel,
    Set<VehicleCategory> exemptCategories,
    Set<Fuel> exemptFuels,
    int historicMinAgeYears,
    boolean priorityVehiclesExempt,
    long fineCents,
    String currency)
    implements Serializable {

  public ZoneRule {
    requireText(zoneId, "zoneId");
    requireText(ruleName, "ruleName");
    requireText(currency, "currency");
    if (policyVersion < 0) throw new IllegalArgumentException("policyVersion must be >= 0: " + policyVersion);
    try {
      ZoneId.of(Objects.requireNonNull(timeZone, "timeZone"));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("timeZone of rule " + ruleName + " is not an IANA zone id: " + timeZone, e);
    }
    if (historicMinAgeYears < 0) throw new IllegalArgumentException("historicMinAgeYears must be >= 0");
    if (fineCents < 0) throw new IllegalArgumentException("fineCents must be >= 0");
    coveredCategories = Set.copyOf(coveredCategories);
    bannedUpToEuroByFuel = Map.copyOf(bannedUpToEuroByFuel);
    exemptCategories = Set.copyOf(exemptCategories);
    exemptFuels = Set.copyOf(exemptFuels);
    EnumSet<VehicleCategory> both = EnumSet.noneOf(VehicleCategory.class);
    both.addAll(coveredCategories);
    both.retainAll(exemptCategories);
    if (!both.isEmpty()) {
      throw new IllegalArgumentException("rule " + ruleName + " both covers and exempts " + both);
    }
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** Per fuel, the highest banned Euro norm, as an EnumMap (for stable iteration order in explanations). */
  public Map<Fuel, Integer> bannedUpToEuro() {
    return bannedUpToEuroByFuel.isEmpty() ? Map.of() : new EnumMap<>(bannedUpToEuroByFuel);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " of a zone rule must not be blank");
  }
}
