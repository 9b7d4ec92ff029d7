package io.lezflow.sim.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Threads a fleet (or its Paho clients) left behind, by the names they run under. */
final class FleetThreads {
  private FleetThreads() {}

  static List<String> of(String cameraPrefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> belongsTo(name, cameraPrefix))
        .toList();
  }

  /** Waits up to 10 s for every thread of the fleet to end; fails with the stacks of those left. */
  static void awaitNoneLeft(String cameraPrefix) {
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> of(cameraPrefix).isEmpty());
    } catch (ConditionTimeoutException e) {
      StringBuilder stacks = new StringBuilder("threads of fleet " + cameraPrefix + " still alive after 10 s:");
      for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
        if (!t.getKey().isAlive() || !belongsTo(t.getKey().getName(), cameraPrefix)) continue;
        stacks.append("\n").append(t.getKey().getName()).append(" (").append(t.getKey().getState()).append(")");
        for (StackTraceElement element : t.getValue()) stacks.append("\n    at ").append(element);
      }
      throw new AssertionError(stacks.toString(), e);
    }
  }

  private static boolean belongsTo(String threadName, String cameraPrefix) {
    return threadName.startsWith("lez-sim-" + cameraPrefix + "-") || (threadName.startsWith("MQTT") && threadName.contains(cameraPrefix + "-cam-"));
  }
}
