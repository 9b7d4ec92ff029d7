package io.lezflow.jobs.health;

import java.util.Objects;

/**
 * The health of one camera after a heartbeat or a silence: the row of {@code camera_health}, a
 * state change when {@link #changed}, and the camera's reads in the current hour. A Flink POJO.
 */
public class CameraHealthUpdate {
  public String cameraId;
  /** Processing time of this update: orders the upserts (a replayed older one never wins). */
  public long updatedMs;
  /** ONLINE, DEGRADED or OFFLINE. */
  public String state;
  public long stateSinceMs;
  public boolean changed;
  /** Why the state is what it is (for the state-change history). */
  public String reason;
  /** When the job last heard a fresh heartbeat (processing time); 0 = never. */
  public long lastSeenMs;
  public long lastReportedMs;
  public String reportedState;
  public long lastSequence;
  public int bufferedReads;
  /** Start of the hour (UTC, camera clock) that {@link #readsInHour} counts. */
  public long hourStartMs;
  public long readsInHour;

  public CameraHealthUpdate() {}

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CameraHealthUpdate u)) return false;
    return updatedMs == u.updatedMs && stateSinceMs == u.stateSinceMs && changed == u.changed && lastSeenMs == u.lastSeenMs
        && lastReportedMs == u.lastReportedMs && lastSequence == u.lastSequence && bufferedReads == u.bufferedReads
        && hourStartMs == u.hourStartMs && readsInHour == u.readsInHour && Objects.equals(cameraId, u.cameraId)
        && Objects.equals(state, u.state) && Objects.equals(reason, u.reason) && Objects.equals(reportedState, u.reportedState);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cameraId, updatedMs, state);
  }

  @Override
  public String toString() {
    return "CameraHealthUpdate{" + cameraId + " " + state + (changed ? " (changed: " + reason + ")" : "") + " since " + stateSinceMs
        + ", lastSeen " + lastSeenMs + ", reads " + readsInHour + " in hour " + hourStartMs + "}";
  }
}
