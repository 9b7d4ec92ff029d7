package io.lezflow.jobs;

import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.jobs.records.KeyedEvent;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.schemas.plates.OcrFold;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys, event times and the small mappings of the enforcement inputs, as named classes (no lambdas in the job graph). */
final class EventTimes {
  private EventTimes() {}

  /** A read happens when the camera captured it. */
  static final class CaptureTime implements SerializableTimestampAssigner<ReadEvent> {
    @Override
    public long extractTimestamp(ReadEvent read, long recordTimestamp) {
      return read.capturedAtMs;
    }
  }

  /** Reads under the OCR-folded key of the plate as read. */
  static final class KeyRead implements MapFunction<ReadEvent, KeyedEvent> {
    @Override
    public KeyedEvent map(ReadEvent read) {
      return KeyedEvent.ofRead(OcrFold.keyOfVehicleKey(read.vehicleKey), read);
    }
  }

  /** Register entries and permits under the OCR-folded key of their vehicle. */
  static final class KeyChange implements MapFunction<KeyedChange, KeyedEvent> {
    @Override
    public KeyedEvent map(KeyedChange change) {
      return KeyedEvent.ofChange(OcrFold.keyOfVehicleKey(change.vehicleKey), change);
    }
  }

  static final class MatchKey implements KeySelector<KeyedEvent, String> {
    @Override
    public String getKey(KeyedEvent event) {
      return event.matchKey;
    }
  }
}
