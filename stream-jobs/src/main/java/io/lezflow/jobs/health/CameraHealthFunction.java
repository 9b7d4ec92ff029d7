package io.lezflow.jobs.health;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by camera id: heartbeats in, health updates out ({@link CameraHealthState} holds the rules).
 * One processing-time timer per camera at its silence deadline: processing time, not event time,
 * because "the camera stopped talking" is about the wall clock, and a silent camera sends no
 * events that could move event time. A newer heartbeat moves the timer (the old one is deleted).
 */
public final class CameraHealthFunction extends KeyedProcessFunction<String, Heartbeat, CameraHealthUpdate> {
  private static final long serialVersionUID = 1L;

  private final long offlineAfterMs;
  private transient ValueState<CameraHealthState> health;

  public CameraHealthFunction(Duration offlineAfter) {
    if (offlineAfter.isNegative() || offlineAfter.isZero()) throw new IllegalArgumentException("offlineAfter must be positive");
    this.offlineAfterMs = offlineAfter.toMillis();
  }

  static ValueStateDescriptor<CameraHealthState> descriptor() {
    return new ValueStateDescriptor<>("camera-health", TypeInformation.of(CameraHealthState.class));
  }

  @Override
  public void open(OpenContext openContext) {
    health = getRuntimeContext().getState(descriptor());
  }

  @Override
  public void processElement(Heartbeat heartbeat, Context ctx, Collector<CameraHealthUpdate> out) throws Exception {
    CameraHealthState s = health.value();
    if (s == null) s = new CameraHealthState();
    long armedBefore = s.offlineDeadlineMs;
    long now = ctx.timerService().currentProcessingTime();
    CameraHealthUpdate update = CameraHealthState.onHeartbeat(s, heartbeat, now, offlineAfterMs, ctx.getCurrentKey());
    if (update == null) return;
    if (armedBefore != s.offlineDeadlineMs) {
      if (armedBefore != 0) ctx.timerService().deleteProcessingTimeTimer(armedBefore);
      if (s.offlineDeadlineMs != 0) ctx.timerService().registerProcessingTimeTimer(s.offlineDeadlineMs);
    }
    health.update(s);
    out.collect(update);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CameraHealthUpdate> out) throws Exception {
    CameraHealthState s = health.value();
    if (s == null || s.offlineDeadlineMs != timestamp) return;
    CameraHealthUpdate update = CameraHealthState.onSilence(s, timestamp, offlineAfterMs, ctx.getCurrentKey());
    if (update == null) return;
    health.update(s);
    out.collect(update);
  }
}
