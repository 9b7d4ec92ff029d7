package io.lezflow.schemas;

import java.util.regex.Pattern;

/** Camera ids are also MQTT client ids and topic levels, so they are kept to a safe alphabet. */
public final class CameraIds {
  private CameraIds() {}

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public static boolean isValid(String cameraId) {
    return cameraId != null && VALID.matcher(cameraId).matches();
  }

  /** Stable id of the n-th camera of a zone, e.g. {@code bru-cam-0007}. */
  public static String of(String zonePrefix, int n) {
    return zonePrefix + "-cam-" + String.format("%04d", n);
  }

  /** The read id of a camera's n-th read: globally unique because camera ids are. */
  public static String readId(String cameraId, long sequence) {
    return cameraId + ":" + sequence;
  }
}
