package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 3 of issue 11, on the demo's own stderr (a child JVM, as users run it): every metrics
 * endpoint the demo prints ({@code metrics: <url>}, the job's {@code job metrics <url>}) answers with lezflow and JVM metrics while it
 * runs, and no WARN line repeats (timestamps and numbers aside) over a run of several checkpoint
 * intervals. The run is shorter than the issue's 60 s to keep the suite lean; what repeated before
 * (Flink's "Name collision" warnings) repeated every checkpoint, i.e. every 5 s.
 */
class DemoQuietLogsITCase {
  private static final Pattern WARN = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN\\s+(.*)$");
  private static final Pattern METRICS_URL = Pattern.compile("metrics:? (http://\\S+/metrics)");

  @Test
  void demoPrintsAnsweringMetricsEndpointsAndNoRepeatedWarning(@TempDir Path dataDir) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), LezflowCommand.class.getName(),
        "demo", "--duration", "30s", "--cameras", "20", "--rate", "50", "--vehicles", "2000", "--portal-port", "0",
        "--data-dir", dataDir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("LEZ_") && !k.startsWith("LEZ_TEST_"));
    Process demo = builder.start();
    List<String> stderr = new CopyOnWriteArrayList<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) stderr.add(line);
      } catch (Exception ignored) {
        // the process ended
      }
    });
    pump.start();
    // stdout holds the JSON verdict only; drained on its own thread so the demo never blocks on it.
    Thread stdout = new Thread(() -> {
      try {
        demo.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      } catch (Exception ignored) {
        // the process ended
      }
    });
    stdout.start();
    try {
      await("demo running").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(300))
          .until(() -> stderr.stream().anyMatch(l -> l.startsWith("[running]")) || !demo.isAlive());
      List<String> urls = stderr.stream().map(METRICS_URL::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
      assertThat(urls).as(String.join("\n", stderr)).isNotEmpty();
      String all = urls.stream().map(u -> {
        try {
          return DeploymentFilesTest.scrape(u);
        } catch (Exception e) {
          throw new AssertionError(u + " does not answer: " + e + "\n" + String.join("\n", stderr), e);
        }
      }).collect(Collectors.joining("\n"));
      assertThat(all).contains("jvm_memory_used_bytes", "lez_ingest_messages_received_total", "lez_sim_reads_published_total");

      assertThat(demo.waitFor(4, TimeUnit.MINUTES)).as("demo finished").isTrue();
      pump.join(10_000);
      Map<String, Long> warnings = stderr.stream().map(WARN::matcher).filter(Matcher::matches)
          .map(m -> m.group(1).replaceAll("\\d+", "#"))
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(warnings.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getValue() + "x " + e.getKey()).toList())
          .as("WARN lines that repeat in the demo's stderr:\n" + String.join("\n", stderr)).isEmpty();
      assertThat(demo.exitValue()).as(String.join("\n", stderr)).isZero();
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }
}
