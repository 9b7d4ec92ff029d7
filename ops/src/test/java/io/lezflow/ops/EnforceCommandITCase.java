package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lezflow enforce} runs the job on a MiniCluster in this process and prints its Flink Web
 * UI and job metrics URLs (the demo's in-process job is set up the same way, {@link LocalFlink}):
 * both answer, the metrics carry the job's own counters, and {@code lezflow job list} works against
 * the Web UI's REST address as against a cluster.
 */
class EnforceCommandITCase {
  private static final Pattern WEB_UI = Pattern.compile("Flink Web UI: +(http://\\S+)");
  private static final Pattern METRICS = Pattern.compile("job metrics: +(http://\\S+)");

  @Test
  void printsItsWebUiAndMetricsUrlsAndTheyAnswer(@TempDir Path dataDir) throws Exception {
    StringWriter err = new StringWriter();
    try (TestDatabase db = TestServices.freshDatabase()) {
      var cl = LezflowCommand.commandLine();
      cl.setOut(new PrintWriter(new StringWriter(), true));
      cl.setErr(new PrintWriter(err, true));
      CompletableFuture<Integer> enforce = CompletableFuture.supplyAsync(() -> cl.execute(
          "enforce", "--web-port", "0", "--metrics-port", "0", "--data-dir", dataDir.toString(),
          "--kafka-bootstrap", TestServices.sharedKafka().bootstrapServers(), "--jdbc-url", db.jdbcUrl(),
          "--jdbc-user", db.user(), "--jdbc-password", db.password(), "--sightings-hmac-key", "enforce-it-secret-0123456789",
          "--consumer-group", "enforce-it", "--checkpoint-interval", "2s"));
      try {
        String webUi = Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> find(WEB_UI, err.toString()), u -> u != null);
        String metrics = find(METRICS, err.toString());

        assertThat(get(webUi)).contains("Apache Flink Web Dashboard");
        String flinkUrl = webUi.replaceAll("/$", "");
        String list = Awaitility.await().atMost(Duration.ofSeconds(90)).until(
            () -> run("job", "list", "--flink-url", flinkUrl), l -> l.contains("RUNNING"));
        assertThat(list).contains("lezflow-enforcement");
        // The enforcement operator registers its counters when it opens.
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> get(metrics), body -> body.contains("lez_enforcement_late_reads_total")
                && body.contains("lez_job_decision_latency_seconds_count"));

        String jobId = list.substring(0, 32);
        // Not lezflow job cancel: its wait for CANCELED would outlive the MiniCluster, which stops with its job.
        new FlinkRestClient(flinkUrl, Duration.ofSeconds(30)).cancel(jobId);
        assertThat(enforce.get(60, java.util.concurrent.TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(err.toString()).contains("job " + jobId + " cancelled");
      } finally {
        if (!enforce.isDone()) enforce.cancel(true);
      }
    }
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LezflowCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    assertThat(exit).as(String.join(" ", args) + ": " + err).isZero();
    return out.toString();
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }
}
