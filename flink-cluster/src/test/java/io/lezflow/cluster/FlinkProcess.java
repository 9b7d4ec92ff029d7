package io.lezflow.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JobManager or TaskManager process of the standalone cluster, started with the shipped
 * {@code bin/flink-process.sh} (which execs the JVM, so the process is the JVM itself and
 * {@link #kill} is a SIGKILL of Flink, not of a shell).
 */
final class FlinkProcess implements AutoCloseable {
  private final String name;
  private final Process process;

  private FlinkProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * @param role {@code jobmanager} or {@code taskmanager}
   * @param settings dynamic properties over conf/config.yaml
   * @param log where stdout and stderr go
   */
  static FlinkProcess start(Path flinkHome, Path lib, String role, Map<String, String> settings, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", flinkHome.resolve("bin/flink-process.sh").toString(), role));
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("FLINK_LIB_DIR", lib.toString());
    return new FlinkProcess(role + " (" + log.getFileName() + ")", builder.start());
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no goodbye to the JobManager; a machine lost. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException(name + " survived SIGKILL");
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) return;
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) kill();
  }

  @Override
  public String toString() {
    return name;
  }
}
