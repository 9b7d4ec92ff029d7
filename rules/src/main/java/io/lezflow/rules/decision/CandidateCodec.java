package io.lezflow.rules.decision;

import io.lezflow.rules.model.CritAir;
import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.model.VehicleUse;
import io.lezflow.rules.model.ViolationType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A compact, versioned byte form of a {@link Candidate}, for stream-processor state that must not
 * fall back to a generic serializer. {@code decode(encode(c)).equals(c)} for every candidate.
 *
 * <p>Format: a version byte, then the fields in declaration order; strings as modified UTF-8,
 * instants as epoch seconds + nanos (exact), dates as epoch days, enums by
 * name (stable across reordering), absent values as a leading false flag.
 */
public final class CandidateCodec {
  private CandidateCodec() {}

  /** 2: a vehicle's use by name (was: a priority flag, version 1, still read). */
  private static final byte VERSION = 2;

  private static final byte VERSION_PRIORITY_FLAG = 1;

  public static byte[] encode(Candidate c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(c.readId());
      out.writeUTF(c.cameraId());
      out.writeUTF(c.zoneId());
      out.writeInt(c.policyVersion());
      instant(out, c.capturedAt());
      out.writeLong(c.enforcementDay().toEpochDay());
      instant(out, c.decideAt());
      out.writeUTF(c.vehicleKey());
      out.writeUTF(c.readVehicleKey());
      out.writeUTF(c.country());
      out.writeFloat(c.confidence());
      out.writeUTF(c.imageSha256());
      out.writeUTF(c.violationType().name());
      out.writeUTF(c.rule());
      out.writeUTF(c.explanation());
      VehicleFacts v = c.vehicle();
      out.writeBoolean(v != null);
      if (v != null) {
        out.writeUTF(v.vehicleKey());
        optionalName(out, v.category());
        optionalName(out, v.fuel());
        out.writeInt(v.euroNorm());
        optionalName(out, v.critAir());
        out.writeBoolean(v.firstRegistration() != null);
        if (v.firstRegistration() != null) out.writeLong(v.firstRegistration().toEpochDay());
        out.writeBoolean(v.historicPlate());
        out.writeUTF(v.use().name());
      }
      optionalName(out, c.reviewReason());
      out.writeUTF(c.reviewDetail());
      out.writeUTF(c.violationId());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IllegalArgumentException if the bytes are not a candidate of a known format version
   */
  public static Candidate decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION && version != VERSION_PRIORITY_FLAG) throw new IllegalArgumentException("unknown candidate format version " + version);
      String readId = in.readUTF();
      String cameraId = in.readUTF();
      String zoneId = in.readUTF();
      int policyVersion = in.readInt();
      Instant capturedAt = instant(in);
      LocalDate day = LocalDate.ofEpochDay(in.readLong());
      Instant decideAt = instant(in);
      String vehicleKey = in.readUTF();
      String readVehicleKey = in.readUTF();
      String country = in.readUTF();
      float confidence = in.readFloat();
      String imageSha256 = in.readUTF();
      ViolationType type = ViolationType.valueOf(in.readUTF());
      String rule = in.readUTF();
      String explanation = in.readUTF();
      VehicleFacts vehicle = null;
      if (in.readBoolean()) {
        String key = in.readUTF();
        VehicleCategory category = optionalEnum(in, VehicleCategory.class);
        Fuel fuel = optionalEnum(in, Fuel.class);
        int euroNorm = in.readInt();
        CritAir critAir = optionalEnum(in, CritAir.class);
        LocalDate firstRegistration = in.readBoolean() ? LocalDate.ofEpochDay(in.readLong()) : null;
        boolean historic = in.readBoolean();
        VehicleUse use = version == VERSION_PRIORITY_FLAG
            ? (in.readBoolean() ? VehicleUse.PRIORITY : VehicleUse.ORDINARY)
            : VehicleUse.valueOf(in.readUTF());
        vehicle = new VehicleFacts(key, category, fuel, euroNorm, critAir, firstRegistration, historic, use);
      }
      ReviewReason review = optionalEnum(in, ReviewReason.class);
      String reviewDetail = in.readUTF();
      String violationId = in.readUTF();
      return new Candidate(readId, cameraId, zoneId, policyVersion, capturedAt, day, decideAt, vehicleKey,
          readVehicleKey, country, confidence, imageSha256, type, rule, explanation, vehicle, review, reviewDetail,
          violationId);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated or corrupt candidate bytes", e);
    }
  }

  private static void instant(DataOutputStream out, Instant instant) throws IOException {
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static void optionalName(DataOutputStream out, Enum<?> value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) out.writeUTF(value.name());
  }

  private static <E extends Enum<E>> E optionalEnum(DataInputStream in, Class<E> type) throws IOException {
    return in.readBoolean() ? Enum.valueOf(type, in.readUTF()) : null;
  }
}
