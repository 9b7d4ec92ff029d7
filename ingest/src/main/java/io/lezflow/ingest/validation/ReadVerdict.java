package io.lezflow.ingest.validation;

import io.lezflow.schemas.v1.PlateRead;
import java.util.Objects;

/** Outcome of validating one plate read: exactly one of {@link Accepted} or {@link Rejected}. */
public sealed interface ReadVerdict permits ReadVerdict.Accepted, Rejected {

  /**
   * A read that passed every check.
   *
   * @param read the parsed read (its original bytes are what travels on, not a re-serialisation)
   * @param vehicleKey {@code COUNTRY:PLATE} key of the read, see {@code VehicleKeys}
   */
  record Accepted(PlateRead read, String vehicleKey) implements ReadVerdict {
    public Accepted {
      Objects.requireNonNull(read, "read");
      Objects.requireNonNull(vehicleKey, "vehicleKey");
    }
  }
}
