package io.lezflow.ingest.frigate;

import java.util.Locale;

/** Frigate NVR MQTT payloads as Frigate 0.16 publishes them (docs: integrations/mqtt, license plate recognition). */
public final class FrigateJson {
  private FrigateJson() {}

  /** A {@code frigate/events} message about a car whose plate was recognised. */
  public static String carEvent(String type, String objectId, String camera, String plate, double score, double frameTime) {
    return String.format(Locale.ROOT, """
        {"type": "%s",
         "before": {"id": "%s", "camera": "%s", "frame_time": %.6f, "label": "car", "sub_label": null,
                    "top_score": 0.91, "false_positive": false, "start_time": %.6f, "end_time": null, "score": 0.9,
                    "box": [424, 500, 536, 712], "area": 23744, "ratio": 2.11, "region": [264, 450, 667, 853],
                    "current_zones": ["entrance"], "entered_zones": ["entrance"], "thumbnail": null,
                    "has_snapshot": true, "has_clip": true, "active": true, "stationary": false, "motionless_count": 0,
                    "position_changes": 1, "attributes": {}, "current_attributes": []},
         "after": {"id": "%s", "camera": "%s", "frame_time": %.6f, "snapshot_time": %.6f, "label": "car",
                   "sub_label": null, "top_score": 0.93, "false_positive": false, "start_time": %.6f, "end_time": null,
                   "score": 0.92, "box": [432, 496, 544, 854], "area": 40096, "ratio": 1.25, "region": [218, 440, 693, 915],
                   "current_zones": ["entrance"], "entered_zones": ["entrance"], "thumbnail": null, "has_snapshot": true,
                   "has_clip": true, "active": true, "stationary": false, "motionless_count": 0, "position_changes": 1,
                   "attributes": {"license_plate": 0.88}, "current_attributes": [],
                   "current_estimated_speed": 31.2, "average_estimated_speed": 29.8, "velocity_angle": 180,
                   "recognized_license_plate": "%s", "recognized_license_plate_score": %.6f}}
        """, type, objectId, camera, frameTime - 0.5, frameTime - 2, objectId, camera, frameTime, frameTime, frameTime - 2, plate, score);
  }

  /** A {@code frigate/events} message about a person (no plate). */
  public static String personEvent(String objectId, String camera, double frameTime) {
    return String.format(Locale.ROOT, """
        {"type": "new", "before": {"id": "%s", "camera": "%s", "label": "person"},
         "after": {"id": "%s", "camera": "%s", "frame_time": %.6f, "label": "person", "sub_label": null,
                   "score": 0.8, "start_time": %.6f, "end_time": null}}
        """, objectId, camera, objectId, camera, frameTime, frameTime);
  }

  /** A {@code frigate/tracked_object_update} plate recognition. */
  public static String lprUpdate(String objectId, String camera, String plate, double score, double timestamp) {
    return String.format(Locale.ROOT,
        "{\"type\": \"lpr\", \"id\": \"%s\", \"name\": null, \"plate\": \"%s\", \"score\": %.6f, \"camera\": \"%s\", \"timestamp\": %.6f}",
        objectId, plate, score, camera, timestamp);
  }
}
