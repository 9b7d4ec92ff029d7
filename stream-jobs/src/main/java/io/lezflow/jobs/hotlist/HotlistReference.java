package io.lezflow.jobs.hotlist;

/**
 * What the hotlist matcher is told, on one broadcast stream: a hotlist entry ({@link #ENTRY}) or a
 * camera registration ({@link #CAMERA}: which police zone a camera belongs to and where it stands).
 * A Flink POJO; hashes as bytes, no plate.
 */
public class HotlistReference {
  public static final String ENTRY = "ENTRY";
  public static final String CAMERA = "CAMERA";

  public String kind;
  /** Entry id, or camera id. */
  public String id;
  public String policeZone;
  // entry
  public String hmacKeyId;
  public byte[] vehicleHash;
  public byte[] vehicleFoldHash;
  public String reference;
  public String reason;
  public long expiresAtMs;
  public boolean removed;
  // camera
  public double latitude;
  public double longitude;
  public boolean active;

  public HotlistReference() {}

  public static HotlistReference entry(String entryId, String policeZone, String hmacKeyId, byte[] vehicleHash, byte[] vehicleFoldHash,
      String reference, String reason, long expiresAtMs, boolean removed) {
    HotlistReference r = new HotlistReference();
    r.kind = ENTRY;
    r.id = entryId;
    r.policeZone = policeZone;
    r.hmacKeyId = hmacKeyId;
    r.vehicleHash = vehicleHash;
    r.vehicleFoldHash = vehicleFoldHash;
    r.reference = reference;
    r.reason = reason;
    r.expiresAtMs = expiresAtMs;
    r.removed = removed;
    return r;
  }

  public static HotlistReference camera(String cameraId, String policeZone, double latitude, double longitude, boolean active) {
    HotlistReference r = new HotlistReference();
    r.kind = CAMERA;
    r.id = cameraId;
    r.policeZone = policeZone;
    r.latitude = latitude;
    r.longitude = longitude;
    r.active = active;
    return r;
  }
}
