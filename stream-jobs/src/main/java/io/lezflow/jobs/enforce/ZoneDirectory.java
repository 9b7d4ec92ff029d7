package io.lezflow.jobs.enforce;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ZonePolicyJson;
import io.lezflow.schemas.v1.CameraRegistration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the enforcement knows job-wide, parsed: which zone each camera enforces, and each zone's
 * policy versions. A cache of the broadcast state (which holds the wire bytes), rebuilt from it
 * after a restore; plain Java, no Flink.
 *
 * <p>Invariant: only valid policies get in ({@link #acceptPolicy} validates); a version published
 * again replaces the earlier one of the same number ({@link PolicyTimeline#with}).
 */
public final class ZoneDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(ZoneDirectory.class);

  private final Map<String, CameraRegistration> cameras = new HashMap<>();
  private final Map<String, PolicyTimeline> timelines = new HashMap<>();

  /** Where a camera's reads belong: a zone, or why none. */
  public record CameraZone(String zoneId, String problem) {
    public boolean known() {
      return problem == null;
    }
  }

  /** The key of a policy version in state and on the policy topic: {@code "brussels@v2"}. */
  public static String policyKey(String zoneId, int version) {
    return zoneId + "@v" + version;
  }

  /** Parses and validates a wire policy and adds it. */
  public ZonePolicy acceptPolicy(byte[] payload) throws InvalidProtocolBufferException, PolicyValidationException {
    ZonePolicy policy = ZonePolicyJson.fromProto(io.lezflow.schemas.v1.ZonePolicy.parseFrom(payload));
    add(policy);
    return policy;
  }

  public void add(ZonePolicy policy) {
    timelines.merge(policy.zoneId(), PolicyTimeline.of(policy), (old, one) -> old.with(policy));
  }

  /** The zone's versions, or null when no version of it has been received. */
  public PolicyTimeline timeline(String zoneId) {
    return timelines.get(zoneId);
  }

  /** The zone's version in force at {@code t}, or null when none is (or none was received). */
  public ZonePolicy policyAt(String zoneId, Instant t) {
    PolicyTimeline timeline = timelines.get(zoneId);
    return timeline == null ? null : timeline.inForceAt(t).orElse(null);
  }

  public void putCamera(CameraRegistration camera) {
    cameras.put(camera.getCameraId(), camera);
  }

  public void removeCamera(String cameraId) {
    cameras.remove(cameraId);
  }

  public CameraZone zoneOf(String cameraId) {
    CameraRegistration camera = cameras.get(cameraId);
    if (camera == null) return new CameraZone(null, "camera " + cameraId + " is not in the camera registry");
    if (!camera.getActive()) return new CameraZone(null, "camera " + cameraId + " is decommissioned (inactive in the registry)");
    if (camera.getZoneId().isBlank()) return new CameraZone(null, "camera " + cameraId + " enforces no zone (registry has no zone_id)");
    return new CameraZone(camera.getZoneId(), null);
  }

  /**
   * Rebuilds the cache from the broadcast state's entries (after a restore). Entries that no
   * longer parse (written by an incompatible version) are skipped and logged, never fatal.
   */
  public void load(Iterable<Map.Entry<String, byte[]>> policyEntries, Iterable<Map.Entry<String, byte[]>> cameraEntries) {
    timelines.clear();
    cameras.clear();
    for (Map.Entry<String, byte[]> e : policyEntries) {
      try {
        acceptPolicy(e.getValue());
      } catch (InvalidProtocolBufferException | PolicyValidationException ex) {
        LOG.error("zone policy {} in restored state is no longer valid and is ignored: {}", e.getKey(), ex.getMessage());
      }
    }
    for (Map.Entry<String, byte[]> e : cameraEntries) {
      try {
        putCamera(CameraRegistration.parseFrom(e.getValue()));
      } catch (InvalidProtocolBufferException ex) {
        LOG.error("camera {} in restored state does not parse and is ignored", e.getKey());
      }
    }
  }

  public int cameraCount() {
    return cameras.size();
  }

  public int zoneCount() {
    return timelines.size();
  }
}
