package io.lezflow.jobs;

import io.lezflow.jobs.domain.ReadEvent;
import io.lezflow.jobs.domain.VehicleFacts;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys and event times of the enforcement inputs, as named classes (no lambdas in the job graph). */
final class EventTimes {
  private EventTimes() {}

  /** A read happens when the camera captured it. */
  static final class CaptureTime implements SerializableTimestampAssigner<ReadEvent> {
    @Override
    public long extractTimestamp(ReadEvent read, long recordTimestamp) {
      return read.capturedAtMs;
    }
  }

  /** A register change happens when the register recorded it. */
  static final class RegisterUpdateTime implements SerializableTimestampAssigner<VehicleFacts> {
    @Override
    public long extractTimestamp(VehicleFacts facts, long recordTimestamp) {
      return facts.updatedAtMs;
    }
  }

  static final class ReadVehicleKey implements KeySelector<ReadEvent, String> {
    @Override
    public String getKey(ReadEvent read) {
      return read.vehicleKey;
    }
  }

  static final class RegisterVehicleKey implements KeySelector<VehicleFacts, String> {
    @Override
    public String getKey(VehicleFacts facts) {
      return facts.vehicleKey;
    }
  }
}
