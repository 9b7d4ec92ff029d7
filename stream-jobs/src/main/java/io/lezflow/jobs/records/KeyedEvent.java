package io.lezflow.jobs.records;

import java.util.Objects;

/**
 * One element of the enforcement's keyed input: either a read or a change of a vehicle's reference
 * data, under the OCR-folded matching key they share ({@code OcrFold.keyOfVehicleKey}).
 *
 * <p>Invariant: exactly one of {@link #read} and {@link #change} is set. Reads, register entries
 * and permits travel in one stream so that one keyed function sees them all in arrival order. A
 * Flink POJO.
 */
public class KeyedEvent {
  /** The OCR-folded matching key: the Flink key of the enforcement. */
  public String matchKey;

  public ReadEvent read;
  public KeyedChange change;

  public KeyedEvent() {}

  public static KeyedEvent ofRead(String matchKey, ReadEvent read) {
    KeyedEvent e = new KeyedEvent();
    e.matchKey = matchKey;
    e.read = Objects.requireNonNull(read, "read");
    return e;
  }

  public static KeyedEvent ofChange(String matchKey, KeyedChange change) {
    KeyedEvent e = new KeyedEvent();
    e.matchKey = matchKey;
    e.change = Objects.requireNonNull(change, "change");
    return e;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof KeyedEvent other)) return false;
    return Objects.equals(matchKey, other.matchKey) && Objects.equals(read, other.read) && Objects.equals(change, other.change);
  }

  @Override
  public int hashCode() {
    return Objects.hash(matchKey, read, change);
  }

  /** Without the key (an OCR-folded plate): this string may end up in a log line. */
  @Override
  public String toString() {
    return "KeyedEvent{" + (read != null ? read : change) + "}";
  }
}
