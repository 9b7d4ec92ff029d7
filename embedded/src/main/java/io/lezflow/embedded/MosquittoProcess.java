package io.lezflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Mosquitto broker process on this machine ({@code mosquitto -c <config>}), for tests,
 * benchmarks and the local stack.
 *
 * <p>Invariants: {@link #start} returns once the broker accepts TCP connections on its port, or
 * throws with the tail of the broker's log; {@link #stop()} is a clean stop (SIGTERM: Mosquitto
 * saves its persistence database on the way out), {@link #kill()} a crash (SIGKILL); {@link
 * #restart()} starts the same configuration again on the same port. The log goes to {@code
 * <config dir>/mosquitto.log}.
 */
public final class MosquittoProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Path binary;
  private final Path configFile;
  private final int port;
  private final Path logFile;
  private Process process;

  private MosquittoProcess(Path binary, Path configFile, int port) {
    this.binary = binary;
    this.configFile = configFile;
    this.port = port;
    this.logFile = configFile.toAbsolutePath().getParent().resolve("mosquitto.log");
  }

  /** The mosquitto binary: {@code LEZ_MOSQUITTO_BIN}, else on the PATH, else {@code /usr/sbin/mosquitto}. */
  public static Optional<Path> binary() {
    String configured = System.getenv("LEZ_MOSQUITTO_BIN");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured.trim());
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    return findBinary("mosquitto");
  }

  /** A Mosquitto tool by name, on the PATH or in /usr/sbin, /usr/bin, /usr/local/sbin, /usr/local/bin. */
  public static Optional<Path> findBinary(String name) {
    String pathEnv = System.getenv("PATH");
    if (pathEnv != null) {
      for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
        if (dir.isBlank()) continue;
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) return Optional.of(candidate);
      }
    }
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  /** A loopback TCP port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback TCP port", e);
    }
  }

  /**
   * Starts {@code mosquitto -c configFile} and waits until it listens on {@code port} (the port
   * the configuration names).
   *
   * @throws IllegalStateException when mosquitto is not installed or does not come up
   */
  public static MosquittoProcess start(Path configFile, int port) {
    Objects.requireNonNull(configFile, "configFile");
    Path binary = binary().orElseThrow(() -> new IllegalStateException(
        "mosquitto is not installed (Debian: apt-get install mosquitto; or set LEZ_MOSQUITTO_BIN)"));
    MosquittoProcess broker = new MosquittoProcess(binary, configFile, port);
    broker.launch();
    return broker;
  }

  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:<port>}. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public Path configFile() {
    return configFile;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    if (process == null) throw new IllegalStateException("not running");
    return process.pid();
  }

  /** Clean stop: SIGTERM, then waits for the exit (Mosquitto writes its persistence database). */
  public synchronized void stop() {
    if (process == null) return;
    process.destroy();
    awaitExit(Duration.ofSeconds(30));
  }

  /** Crash: SIGKILL. Whatever Mosquitto had not saved yet is gone. */
  public synchronized void kill() {
    if (process == null) return;
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** Starts the same configuration again (after {@link #stop()} or {@link #kill()}). */
  public synchronized void restart() {
    if (isRunning()) throw new IllegalStateException("mosquitto is still running");
    launch();
  }

  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    process = null;
  }

  private void awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private synchronized void launch() {
    try {
      ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-c", configFile.toAbsolutePath().toString());
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        int exit = process.exitValue();
        process = null;
        throw new IllegalStateException("mosquitto exited with " + exit + " at start; log:\n" + logTail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling a port, not synchronising a test
      }
    }
    process.destroyForcibly();
    process = null;
    throw new IllegalStateException("mosquitto did not listen on port " + port + " within " + START_TIMEOUT + "; log:\n" + logTail());
  }

  /** The last lines Mosquitto logged. */
  public String logTail() {
    try {
      if (!Files.exists(logFile)) return "(no log)";
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return "MosquittoProcess[" + url() + ", " + configFile + (isRunning() ? ", running]" : ", stopped]");
  }
}
