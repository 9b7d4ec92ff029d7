package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code lezflow demo} stops every component within 10 s and leaves no process behind
 * (the embedded PostgreSQL runs as separate server processes: they must be gone too).
 */
class DemoCtrlCTest {

  @Test
  void sigintStopsEverythingWithinTenSeconds(@TempDir Path dataDir) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g",
        "-cp", System.getProperty("java.class.path"),
        LezflowCommand.class.getName(),
        "demo", "--duration", "10m", "--cameras", "20", "--rate", "200", "--vehicles", "2000", "--portal-port", "0",
        "--data-dir", dataDir.toString()));
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) output.add(line);
      } catch (Exception ignored) {
        // the process ended
      }
    });
    pump.start();
    try {
      await("demo publishing").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
          .until(() -> output.stream().anyMatch(l -> l.startsWith("[running]")) || !demo.isAlive());
      assertThat(demo.isAlive()).as(String.join("\n", output)).isTrue();
      List<ProcessHandle> family = new ArrayList<>(demo.descendants().toList());
      family.add(demo.toHandle());
      assertThat(serverProcessesUsing(dataDir)).as("embedded PostgreSQL runs from the data dir").isNotEmpty();

      new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).inheritIO().start().waitFor();
      long t0 = System.nanoTime();
      boolean exited = demo.waitFor(10, TimeUnit.SECONDS);
      long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      System.out.println("demo stopped " + stoppedMs + " ms after SIGINT");
      assertThat(exited).as("demo still running 10 s after SIGINT:\n" + String.join("\n", output)).isTrue();
      assertThat(output).anyMatch(l -> l.contains("stopping (Ctrl-C)"));
      assertThat(family).as("no process of the demo left").noneMatch(ProcessHandle::isAlive);
      assertThat(serverProcessesUsing(dataDir)).as("no PostgreSQL server left on the data dir").isEmpty();
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
      pump.join(5_000);
    }
  }

  /** Processes whose command line names the data dir: the embedded PostgreSQL server and its workers. */
  private static List<ProcessHandle> serverProcessesUsing(Path dataDir) throws Exception {
    String dir = dataDir.toRealPath().toString();
    List<ProcessHandle> found = new ArrayList<>();
    for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
      Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
      try {
        String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
        if (text.contains(dir) && !text.contains(LezflowCommand.class.getName())) found.add(p);
      } catch (Exception ignored) {
        // process ended meanwhile, or not readable
      }
    }
    return found;
  }
}
