package io.lezflow.rules.policy;

import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.ViolationType;
import java.util.Objects;
import java.util.Set;

/**
 * The fine for one violation type, for some categories (empty = every category), in minor units
 * of the policy's currency (euro cents, pence).
 */
public record FineRule(ViolationType violation, Set<VehicleCategory> categories, long amountCents) {

  public FineRule {
    Objects.requireNonNull(violation, "violation");
    categories = Set.copyOf(categories);
    if (amountCents <= 0) throw new IllegalArgumentException("amountCents must be > 0");
  }

  /** Whether this rule prices {@code type} for {@code category} (null category: any rule of the type). */
  public boolean applies(ViolationType type, VehicleCategory category) {
    return violation == type && (categories.isEmpty() || category == null || categories.contains(category));
  }
}
