package io.lezflow.ingest.validation;

import io.lezflow.schemas.v1.RejectReason;
import java.util.Objects;

/**
 * A message that must not enter the pipeline, with the reason code that the dead-letter topic
 * and the reject counter carry. The detail is for humans and never contains a plate.
 */
public record Rejected(RejectReason reason, String detail) implements ReadVerdict, StatusVerdict {
  public Rejected {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
