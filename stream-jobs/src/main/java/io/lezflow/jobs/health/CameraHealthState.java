package io.lezflow.jobs.health;

/**
 * What the health job remembers per camera, and the plain-Java transitions on a heartbeat and on
 * silence (no Flink: {@link CameraHealthFunction} is the thin adapter). A Flink POJO.
 *
 * <p>Rules: a fresh heartbeat (camera clock no older than the offline timeout) sets the reported
 * state (OFFLINE when it is the broker's will), and, unless OFFLINE, arms the silence deadline; a
 * stale one (a retained heartbeat of a camera that is gone, or a backlog) never makes a camera
 * online, but a camera first known through it is recorded as OFFLINE. Silence until the deadline
 * makes the camera OFFLINE. Reads per hour are the heartbeats' sequence advance within the hour.
 */
public class CameraHealthState {
  public String state;
  public long stateSinceMs;
  public long lastSeenMs;
  public long lastReportedMs;
  public String reportedState;
  public long lastSequence;
  public int bufferedReads;
  public long hourStartMs;
  public long hourStartSequence;
  /** Processing time at which silence makes the camera offline; 0 = not armed. */
  public long offlineDeadlineMs;

  public CameraHealthState() {}

  static final long HOUR_MS = 3_600_000L;

  /** Applies a heartbeat received at {@code nowMs}; returns the update to emit, or null for none. */
  static CameraHealthUpdate onHeartbeat(CameraHealthState s, Heartbeat h, long nowMs, long offlineAfterMs, String cameraId) {
    boolean known = s.state != null;
    boolean stale = nowMs - h.reportedAtMs > offlineAfterMs;
    if (stale && known) return null;
    if (known && h.reportedAtMs < s.lastReportedMs) return null; // out of order: an older heartbeat
    String newState;
    String reason;
    if (stale) {
      newState = "OFFLINE";
      reason = "only a stale heartbeat, reported at " + java.time.Instant.ofEpochMilli(h.reportedAtMs);
    } else if ("OFFLINE".equals(h.reportedState)) {
      newState = "OFFLINE";
      reason = "camera reported offline (connection lost)";
    } else {
      newState = "DEGRADED".equals(h.reportedState) ? "DEGRADED" : "ONLINE";
      reason = "heartbeat " + h.reportedState;
    }
    long hour = Math.floorDiv(h.reportedAtMs, HOUR_MS) * HOUR_MS;
    if (!known) {
      s.hourStartMs = hour;
      s.hourStartSequence = h.lastSequence;
    } else if (hour != s.hourStartMs) {
      s.hourStartMs = hour;
      s.hourStartSequence = s.lastSequence;
    }
    if (!stale) s.lastSeenMs = nowMs;
    s.lastReportedMs = h.reportedAtMs;
    s.reportedState = h.reportedState;
    s.lastSequence = Math.max(s.lastSequence, h.lastSequence);
    s.bufferedReads = h.bufferedReads;
    boolean changed = !newState.equals(s.state);
    if (changed) {
      s.state = newState;
      s.stateSinceMs = nowMs;
    }
    s.offlineDeadlineMs = "OFFLINE".equals(newState) ? 0 : nowMs + offlineAfterMs;
    return update(s, cameraId, nowMs, changed, reason);
  }

  /** Silence until {@code nowMs}: OFFLINE if the deadline has passed; null when nothing changes. */
  static CameraHealthUpdate onSilence(CameraHealthState s, long nowMs, long offlineAfterMs, String cameraId) {
    if (s.state == null || s.offlineDeadlineMs == 0 || nowMs < s.offlineDeadlineMs) return null;
    s.state = "OFFLINE";
    s.stateSinceMs = nowMs;
    s.offlineDeadlineMs = 0;
    return update(s, cameraId, nowMs, true, "no heartbeat for " + offlineAfterMs / 1000 + " s");
  }

  private static CameraHealthUpdate update(CameraHealthState s, String cameraId, long nowMs, boolean changed, String reason) {
    CameraHealthUpdate u = new CameraHealthUpdate();
    u.cameraId = cameraId;
    u.updatedMs = nowMs;
    u.state = s.state;
    u.stateSinceMs = s.stateSinceMs;
    u.changed = changed;
    u.reason = reason;
    u.lastSeenMs = s.lastSeenMs;
    u.lastReportedMs = s.lastReportedMs;
    u.reportedState = s.reportedState;
    u.lastSequence = s.lastSequence;
    u.bufferedReads = s.bufferedReads;
    u.hourStartMs = s.hourStartMs;
    u.readsInHour = Math.max(0, s.lastSequence - s.hourStartSequence);
    return u;
  }
}
