package io.lezflow.jobs.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.jobs.records.ControlChange;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.schemas.v1.ZonePolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The deserializers of the four reference topics. */
public final class ReferenceDeserializers {
  private ReferenceDeserializers() {}

  /**
   * {@code lez.vehicles.v1}: {@code VehicleRecord}; {@code deleted=true} and a Kafka tombstone
   * (null value, key = vehicle key) are deletions.
   */
  public static final class Vehicles extends ReferenceDeserializer<KeyedChange> {
    private static final long serialVersionUID = 1L;

    public Vehicles() {
      super("lez_enforcement_vehicles_rejected_total", KeyedChange.class);
    }

    @Override
    KeyedChange map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
      if (record.value() == null) return WireMapping.toVehicleDeletion(keyText(record), record.timestamp());
      return WireMapping.toVehicleChange(VehicleRecord.parseFrom(record.value()), record.timestamp());
    }
  }

  /**
   * {@code lez.permits.v1}: {@code Permit}. A permit is withdrawn by publishing it with {@code
   * revoked=true}; a Kafka tombstone names no permit (the key is the vehicle), so it is skipped
   * and counted like any unusable record.
   */
  public static final class Permits extends ReferenceDeserializer<KeyedChange> {
    private static final long serialVersionUID = 1L;

    public Permits() {
      super("lez_enforcement_permits_rejected_total", KeyedChange.class);
    }

    @Override
    KeyedChange map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
      if (record.value() == null) return null;
      return WireMapping.toPermitChange(Permit.parseFrom(record.value()), record.timestamp());
    }
  }

  /** {@code lez.zone-policies.v1}: {@code ZonePolicy}; validated where it is applied. */
  public static final class Policies extends ReferenceDeserializer<ControlChange> {
    private static final long serialVersionUID = 1L;

    public Policies() {
      super("lez_enforcement_policies_unparsable_total", ControlChange.class);
    }

    @Override
    ControlChange map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
      // A tombstone cannot withdraw a version: reads before and after it were decided under it.
      if (record.value() == null) return null;
      return WireMapping.toPolicyChange(ZonePolicy.parseFrom(record.value()), record.timestamp());
    }
  }

  /** {@code lez.cameras.v1}: {@code CameraRegistration}; a tombstone (key = camera id) removes the camera. */
  public static final class Cameras extends ReferenceDeserializer<ControlChange> {
    private static final long serialVersionUID = 1L;

    public Cameras() {
      super("lez_enforcement_cameras_rejected_total", ControlChange.class);
    }

    @Override
    ControlChange map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
      if (record.value() == null) return WireMapping.toCameraRemoval(keyText(record), record.timestamp());
      return WireMapping.toCameraChange(CameraRegistration.parseFrom(record.value()), record.timestamp());
    }
  }
}
