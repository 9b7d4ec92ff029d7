package io.lezflow.rules.policy;

import java.time.Period;
import java.util.Set;

/**
 * Vehicles with a plate of another country than the zone's must register with the zone (free in
 * Brussels), before the visit or until the end of the {@code deadlineDaysAfterVisit}-th day after
 * it; a registration is valid for {@code validity} unless the permit says otherwise. Plates of
 * {@code exemptCountries} (Brussels: NL, whose register the zone reads directly) need none. An
 * unregistered vehicle commits {@code UNREGISTERED_FOREIGN}, checked instead of its Euro norm.
 */
public record ForeignRegistrationRule(
    Set<String> exemptCountries, Period validity, int deadlineDaysAfterVisit, long priceCents) {

  public ForeignRegistrationRule {
    exemptCountries = Set.copyOf(exemptCountries);
    java.util.Objects.requireNonNull(validity, "validity");
    if (deadlineDaysAfterVisit < 0) throw new IllegalArgumentException("deadlineDaysAfterVisit must be >= 0");
  }
}
