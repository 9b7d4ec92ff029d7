package io.lezflow.jobs.health;

/** A camera heartbeat ({@code CameraStatus}) as the health job sees it. A Flink POJO. */
public class Heartbeat {
  public String cameraId;
  /** Camera's clock, epoch ms. */
  public long reportedAtMs;
  /** ONLINE, DEGRADED, OFFLINE (the will the broker publishes when the connection dies) or UNSPECIFIED. */
  public String reportedState;
  public long lastSequence;
  public int bufferedReads;

  public Heartbeat() {}

  public Heartbeat(String cameraId, long reportedAtMs, String reportedState, long lastSequence, int bufferedReads) {
    this.cameraId = cameraId;
    this.reportedAtMs = reportedAtMs;
    this.reportedState = reportedState;
    this.lastSequence = lastSequence;
    this.bufferedReads = bufferedReads;
  }
}
