package io.lezflow.ops.metrics;

import io.lezflow.sim.mqtt.CameraFleet;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The camera simulator's metrics ({@code lez_sim_...}), read from the fleet's own counters at
 * scrape time, so publishing pays nothing for them. The fleet may be created after the registry
 * (the demo builds it once the stack is up): until then every value is 0.
 */
public final class SimulatorMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Supplier<CameraFleet> fleet;

  public SimulatorMetrics(Supplier<CameraFleet> fleet, int cameras) {
    this.fleet = fleet;
    counter("lez_sim_reads_generated_total", "Plate reads captured by the simulated cameras", f -> f::generated);
    counter("lez_sim_reads_published_total", "Plate reads acknowledged by the MQTT broker (PUBACK), each once", f -> f::published);
    counter("lez_sim_reads_throttled_total", "Captures skipped because a camera's offline buffer was full", f -> f::throttled);
    counter("lez_sim_reads_behind_schedule_total", "Reads not generated because this machine fell behind the configured rate", f -> f::behindSchedule);
    counter("lez_sim_reads_rejected_total", "Reads the broker refused with an error reason code", f -> f::rejected);
    counter("lez_sim_reads_not_delivered_total", "Reads the broker answered with 'no matching subscribers' (kept and sent again)", f -> f::readsNotDelivered);
    counter("lez_sim_heartbeats_acknowledged_total", "Camera status heartbeats acknowledged by the broker", f -> f::heartbeatsAcknowledged);
    counter("lez_sim_connection_losses_total", "Times a camera lost its broker connection", f -> f::connectionLosses);
    counter("lez_sim_reconnects_total", "Successful camera reconnects", f -> f::reconnects);
    gauge("lez_sim_cameras_connected", "Simulated cameras connected to the broker now", f -> () -> f.connectedCameras());
    gauge("lez_sim_cameras_degraded", "Simulated cameras replaying an offline backlog or with a full buffer", f -> () -> f.degradedCameras());
    gauge("lez_sim_buffered_reads", "Reads captured and not yet acknowledged, over all cameras (offline buffers)", f -> f::bufferedReads);
    GaugeWithCallback.builder()
        .name("lez_sim_cameras")
        .help("Simulated cameras configured")
        .callback(cb -> cb.call(cameras))
        .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  private void counter(String name, String help, java.util.function.Function<CameraFleet, LongSupplier> value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(read(value)))
        .register(registry);
  }

  private void gauge(String name, String help, java.util.function.Function<CameraFleet, LongSupplier> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(read(value)))
        .register(registry);
  }

  private long read(java.util.function.Function<CameraFleet, LongSupplier> value) {
    CameraFleet f = fleet.get();
    if (f == null) return 0;
    try {
      return value.apply(f).getAsLong();
    } catch (RuntimeException e) {
      return 0; // a fleet still connecting or already closed has no cameras to count
    }
  }
}
