package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.embedded.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lezflow demo} as a place to work: the portal answers at the printed URL with the printed
 * login, the review queue fills while the cameras drive, and a restart on the same data dir keeps
 * an operator's decision (PostgreSQL lives in the data dir).
 */
class PortalDemoITCase {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One demo run in the background, its progress captured. */
  private static final class Running implements AutoCloseable {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final CountDownLatch stop = new CountDownLatch(1);
    final CountDownLatch fastStop = new CountDownLatch(1);
    final ExecutorService thread = Executors.newSingleThreadExecutor();
    final Future<DemoRun.Outcome> outcome;

    Running(Path dataDir) {
      DemoRun.Options options = new DemoRun.Options(StackEndpoints.allEmbedded(), dataDir, TestServices.freshTopics(), "public",
          20, 200, 11L, 2_000, Duration.ofDays(1), Duration.ofSeconds(2), Duration.ofSeconds(60));
      DemoRun run = new DemoRun(options, Clock.systemUTC()).withBacklog(Duration.ofSeconds(8))
          .withPortal(new DemoPortal.Settings("127.0.0.1", 0, null));
      PrintStream progress = new PrintStream(out, true, StandardCharsets.UTF_8);
      outcome = thread.submit(() -> run.run(stop, fastStop, progress));
    }

    String log() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String printed(String regex) {
      await("demo prints " + regex).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250))
          .until(() -> Pattern.compile(regex).matcher(log()).find() || outcome.isDone());
      Matcher m = Pattern.compile(regex).matcher(log());
      assertThat(m.find()).as(log()).isTrue();
      return m.group(1);
    }

    @Override
    public void close() throws Exception {
      fastStop.countDown();
      stop.countDown();
      try {
        outcome.get();
      } finally {
        thread.shutdownNow();
      }
    }
  }

  @Test
  void portalAnswersQueueFillsAndARestartKeepsDecisions(@TempDir Path dataDir) throws Exception {
    String decided;
    String password;
    try (Running demo = new Running(dataDir)) {
      String url = demo.printed("portal at (http://\\S+)");
      password = demo.printed("login operator / (\\S+)");
      String token = token(url, "operator", password);
      // The queue fills while the cameras drive: the backlog's grace windows have closed.
      await("review queue fills").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .until(() -> get(url + "api/v1/violations?limit=5", token).body().contains("\"violation_id\""));
      String queue = get(url + "api/v1/violations?limit=1", token).body();
      decided = queue.replaceAll("(?s).*?\"violation_id\":\"([^\"]+)\".*", "$1");
      var approve = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/violations/" + decided + "/decision"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"approve\",\"reason_code\":\"EVIDENCE_CLEAR\",\"note\":\"demo\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(approve.statusCode()).as(approve.body()).isEqualTo(200);
      // The UI answers too: the login page, then the queue for a browser session.
      assertThat(get(url + "login", null).body()).contains("Log in");
      demo.stop.countDown(); // not fastStop: drain, so the verdict compares everything
      DemoRun.Outcome outcome = demo.outcome.get();
      assertThat(outcome.violationIds()).as("a backlog day keeps the verdict exact:\n" + demo.log()).isEqualTo(outcome.expectedViolationIds());
    }
    try (Running again = new Running(dataDir)) {
      String url = again.printed("portal at (http://\\S+)");
      assertThat(again.printed("login operator / (\\S+)")).isEqualTo(password);
      String token = token(url, "operator", password);
      String detail = get(url + "api/v1/violations/" + decided, token).body();
      assertThat(detail).contains("\"status\":\"APPROVED\"").contains("\"decided_by\":\"operator\"")
          .contains("\"event\":\"APPROVED\"").contains("\"note\":\"demo\"");
    }
  }

  private static String token(String url, String user, String password) throws Exception {
    var res = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/tokens")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    return res.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
