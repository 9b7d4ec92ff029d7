package io.lezflow.rules.policy;

import io.lezflow.rules.model.CritAir;
import io.lezflow.rules.model.VehicleFacts;

/**
 * Which vehicles of a ban step's categories and fuels the step bans: those up to a Euro norm,
 * those of a Crit'Air class or worse, or all of them ("diesel out in 2030").
 */
public sealed interface EmissionLimit {

  /** Whether a vehicle (with known category and fuel) is within the limit, i.e. banned by it. */
  boolean bans(VehicleFacts vehicle);

  /** Reviewer-readable, e.g. {@code "Euro 0-4"}. */
  String describe();

  /** Bans Euro norms 0 through {@code euroNorm} (inclusive). */
  record EuroNormAtMost(int euroNorm) implements EmissionLimit {
    public EuroNormAtMost {
      if (euroNorm < 0 || euroNorm > 7) throw new IllegalArgumentException("euroNorm must be 0..7");
    }

    @Override
    public boolean bans(VehicleFacts vehicle) {
      return vehicle.euroNorm() <= euroNorm;
    }

    @Override
    public String describe() {
      return euroNorm == 0 ? "pre-Euro (Euro 0)" : "Euro 0-" + euroNorm;
    }
  }

  /** Bans Crit'Air class {@code critAir} and every worse class. */
  record CritAirAtLeast(CritAir critAir) implements EmissionLimit {
    public CritAirAtLeast {
      java.util.Objects.requireNonNull(critAir, "critAir");
    }

    @Override
    public boolean bans(VehicleFacts vehicle) {
      return vehicle.critAirOrDerived().atLeast(critAir);
    }

    @Override
    public String describe() {
      return critAir == CritAir.UNCLASSIFIED ? critAir.label() : critAir.label() + " and worse";
    }
  }

  /** Bans every Euro norm of the step's fuels. */
  record EveryNorm() implements EmissionLimit {
    @Override
    public boolean bans(VehicleFacts vehicle) {
      return true;
    }

    @Override
    public String describe() {
      return "every Euro norm";
    }
  }
}
