package io.lezflow.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health function alone, on processing time: online on a heartbeat, offline after the configured silence. */
class CameraHealthFunctionTest {
  static final Duration OFFLINE_AFTER = Duration.ofSeconds(30);
  static final long T0 = 1_781_000_000_000L; // 2026-06-09

  KeyedOneInputStreamOperatorTestHarness<String, Heartbeat, CameraHealthUpdate> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new CameraHealthFunction(OFFLINE_AFTER)), h -> h.cameraId, Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  void heartbeat(long nowMs, String camera, long reportedAtMs, String state, long sequence) throws Exception {
    harness.setProcessingTime(nowMs);
    harness.processElement(new StreamRecord<>(new Heartbeat(camera, reportedAtMs, state, sequence, 0)));
  }

  List<CameraHealthUpdate> drain() {
    List<CameraHealthUpdate> out = harness.extractOutputValues();
    harness.getOutput().clear();
    return out;
  }

  @Test
  void aSilentCameraGoesOfflineAtTheConfiguredTimeNotBefore() throws Exception {
    heartbeat(T0, "bru-cam-0001", T0, "ONLINE", 100);
    assertThat(drain()).singleElement().satisfies(u -> {
      assertThat(u.state).isEqualTo("ONLINE");
      assertThat(u.changed).isTrue();
    });
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

    heartbeat(T0 + 10_000, "bru-cam-0001", T0 + 10_000, "ONLINE", 130);
    assertThat(drain()).singleElement().satisfies(u -> {
      assertThat(u.changed).isFalse();
      assertThat(u.readsInHour).isEqualTo(30);
    });
    assertThat(harness.numProcessingTimeTimers()).as("the newer heartbeat moved the timer, did not add one").isEqualTo(1);

    harness.setProcessingTime(T0 + 10_000 + OFFLINE_AFTER.toMillis() - 1);
    assertThat(drain()).isEmpty();
    harness.setProcessingTime(T0 + 10_000 + OFFLINE_AFTER.toMillis());
    assertThat(drain()).singleElement().satisfies(u -> {
      assertThat(u.state).isEqualTo("OFFLINE");
      assertThat(u.changed).isTrue();
      assertThat(u.reason).isEqualTo("no heartbeat for 30 s");
      assertThat(u.stateSinceMs).isEqualTo(T0 + 40_000);
      assertThat(u.lastSeenMs).isEqualTo(T0 + 10_000);
    });
    assertThat(harness.numProcessingTimeTimers()).as("no timer left for an offline camera").isZero();

    heartbeat(T0 + 60_000, "bru-cam-0001", T0 + 60_000, "ONLINE", 131);
    assertThat(drain()).singleElement().satisfies(u -> {
      assertThat(u.state).isEqualTo("ONLINE");
      assertThat(u.changed).isTrue();
    });
  }

  @Test
  void theBrokersWillIsOfflineAtOnceAndAStaleRetainedHeartbeatNeverMakesACameraOnline() throws Exception {
    heartbeat(T0, "bru-cam-0002", T0, "ONLINE", 5);
    heartbeat(T0 + 1_000, "bru-cam-0002", T0 + 1_000, "OFFLINE", 5);
    assertThat(drain()).extracting(u -> u.state).containsExactly("ONLINE", "OFFLINE");
    assertThat(harness.numProcessingTimeTimers()).isZero();

    // Replayed retained heartbeat, an hour old: ignored for a known camera, OFFLINE for a new one.
    heartbeat(T0 + 2_000, "bru-cam-0002", T0 - 3_600_000, "ONLINE", 1);
    heartbeat(T0 + 2_000, "bru-cam-0003", T0 - 3_600_000, "ONLINE", 1);
    assertThat(drain()).singleElement().satisfies(u -> {
      assertThat(u.cameraId).isEqualTo("bru-cam-0003");
      assertThat(u.state).isEqualTo("OFFLINE");
      assertThat(u.lastSeenMs).isZero();
    });
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void readsPerHourRestartAtTheHour() throws Exception {
    long hour = Math.floorDiv(T0, 3_600_000L) * 3_600_000L;
    heartbeat(hour + 3_590_000, "bru-cam-0004", hour + 3_590_000, "ONLINE", 1_000);
    heartbeat(hour + 3_600_000, "bru-cam-0004", hour + 3_600_000, "ONLINE", 1_010);
    heartbeat(hour + 3_610_000, "bru-cam-0004", hour + 3_610_000, "DEGRADED", 1_025);
    List<CameraHealthUpdate> out = drain();
    assertThat(out).extracting(u -> u.hourStartMs).containsExactly(hour, hour + 3_600_000, hour + 3_600_000);
    assertThat(out).extracting(u -> u.readsInHour).containsExactly(0L, 10L, 25L);
    assertThat(out.get(2).state).isEqualTo("DEGRADED");
  }
}
