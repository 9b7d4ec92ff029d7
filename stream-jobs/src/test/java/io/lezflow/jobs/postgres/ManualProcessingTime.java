package io.lezflow.jobs.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/** A processing-time service whose clock and timers the test drives (a fake clock, not a mock). */
final class ManualProcessingTime implements ProcessingTimeService {
  private long now;
  private final List<long[]> dueTimes = new ArrayList<>();
  private final List<ProcessingTimeCallback> callbacks = new ArrayList<>();

  @Override
  public long getCurrentProcessingTime() {
    return now;
  }

  @Override
  public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback target) {
    dueTimes.add(new long[] {timestamp});
    callbacks.add(target);
    return null;
  }

  int pendingTimers() {
    return callbacks.size();
  }

  long firstDueTime() {
    return dueTimes.get(0)[0];
  }

  /** Moves the clock and fires, in order, the timers that are due. */
  void advanceTo(long time) throws Exception {
    now = time;
    for (int i = 0; i < callbacks.size(); ) {
      if (dueTimes.get(i)[0] <= now) {
        ProcessingTimeCallback callback = callbacks.remove(i);
        dueTimes.remove(i);
        callback.onProcessingTime(now);
      } else {
        i++;
      }
    }
  }
}
