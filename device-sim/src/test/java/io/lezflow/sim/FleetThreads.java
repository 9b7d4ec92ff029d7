package io.lezflow.sim;

import java.util.List;

/** Threads a fleet (or its Paho clients) left behind, by the names they run under. */
final class FleetThreads {
  private FleetThreads() {}

  static List<String> of(String cameraPrefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("lez-sim-" + cameraPrefix + "-") || (name.startsWith("MQTT") && name.contains(cameraPrefix + "-cam-")))
        .toList();
  }
}
