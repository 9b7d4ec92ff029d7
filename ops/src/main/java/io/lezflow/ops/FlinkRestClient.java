package io.lezflow.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A Flink session cluster's REST API (the JobManager's {@code rest.port}), as far as lezflow
 * operates it: upload and run a job jar, list jobs, trigger savepoints, stop, cancel, and read a
 * job's state and checkpoint statistics. JDK HttpClient and Jackson only, so the command needs no
 * Flink client classes matching the cluster's version.
 *
 * <p>Every wait is bounded: a cluster that does not answer within {@code wait} is a {@link
 * ServiceUnreachable} naming its URL; an answer that says the request is wrong (unknown job, bad
 * jar, a job setting its main rejected) is a {@link BadSetting} with Flink's reason.
 */
public final class FlinkRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Job states after which a job never runs again. */
  public static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

  private final URI base;
  private final Duration wait;
  private final HttpClient http;

  public FlinkRestClient(String url, Duration wait) {
    this.base = parse(url);
    this.wait = wait;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.max(1, Math.min(5, wait.toSeconds())))).build();
  }

  private static URI parse(String url) {
    if (url == null || url.isBlank()) throw new BadSetting("--flink-url is empty: give the JobManager's REST address, e.g. http://flink-jobmanager:8081");
    try {
      URI uri = URI.create(url.trim().replaceAll("/+$", ""));
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new BadSetting("--flink-url must look like http://host:8081, got: " + url);
    }
  }

  public String url() {
    return base.toString();
  }

  // ---- cluster ----

  /** TaskManagers registered with the JobManager now ({@code GET /overview}). */
  public int taskManagers() {
    return get("/overview").path("taskmanagers").asInt();
  }

  // ---- jobs ----

  /** A job as {@code GET /jobs/overview} lists it. */
  public record JobSummary(String id, String name, String state, Instant startTime) {}

  public List<JobSummary> jobs() {
    List<JobSummary> out = new ArrayList<>();
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      out.add(new JobSummary(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText(),
          Instant.ofEpochMilli(job.path("start-time").asLong())));
    }
    return out;
  }

  /** The job's state: CREATED, RUNNING, FINISHED, CANCELED, FAILED, ... */
  public String state(String jobId) {
    return get("/jobs/" + jobId(jobId)).path("state").asText();
  }

  /** Whether the job and every one of its tasks run (a job is RUNNING while tasks still deploy). */
  public boolean fullyRunning(String jobId) {
    JsonNode job = get("/jobs/" + jobId(jobId));
    if (!"RUNNING".equals(job.path("state").asText())) return false;
    for (JsonNode vertex : job.path("vertices")) {
      if (!"RUNNING".equals(vertex.path("status").asText())) return false;
    }
    return true;
  }

  /** The checkpoint statistics of a job ({@code GET /jobs/<id>/checkpoints}). */
  public record Checkpoints(long completed, long failed, Optional<String> latestCompleted, Optional<Restored> restored) {}

  /** What a (re)start of the job restored from. */
  public record Restored(long id, boolean savepoint, String path) {}

  public Checkpoints checkpoints(String jobId) {
    JsonNode stats = get("/jobs/" + jobId(jobId) + "/checkpoints");
    JsonNode latest = stats.path("latest");
    JsonNode completed = latest.path("completed");
    JsonNode restored = latest.path("restored");
    return new Checkpoints(
        stats.path("counts").path("completed").asLong(),
        stats.path("counts").path("failed").asLong(),
        completed.isObject() ? Optional.of(completed.path("external_path").asText()) : Optional.empty(),
        restored.isObject()
            ? Optional.of(new Restored(restored.path("id").asLong(), restored.path("is_savepoint").asBoolean(),
                restored.path("external_path").asText()))
            : Optional.empty());
  }

  /** The root cause of a job's last failure, first line only (no stack trace), or empty. */
  public Optional<String> rootCause(String jobId) {
    JsonNode root = get("/jobs/" + jobId(jobId) + "/exceptions").path("exceptionHistory").path("entries");
    if (!root.isArray() || root.isEmpty()) return Optional.empty();
    String text = root.get(0).path("stacktrace").asText(root.get(0).path("exceptionName").asText());
    return Optional.of(firstLine(text));
  }

  /** Waits (bounded by the client's wait) until the job is fully running; fails with Flink's reason if it ends. */
  public void awaitRunning(String jobId, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      String state = state(jobId);
      if (TERMINAL.contains(state)) {
        throw new IllegalStateException("job " + jobId + " is " + state + rootCause(jobId).map(c -> ": " + c).orElse(""));
      }
      if (fullyRunning(jobId)) return;
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("job " + jobId + " still " + state + " after " + timeout.toSeconds()
            + " s: are there free task slots? (lezflow job list, " + base + "/#/overview)");
      }
      pause();
    }
  }

  /** Waits until the job reaches a terminal state; returns it. */
  public String awaitTerminal(String jobId, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      String state = state(jobId);
      if (TERMINAL.contains(state)) return state;
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("job " + jobId + " still " + state + " after " + timeout.toSeconds() + " s");
      }
      pause();
    }
  }

  /** Cancels without a savepoint ({@code PATCH /jobs/<id>?mode=cancel}); state since the last checkpoint is redone on a restore. */
  public void cancel(String jobId) {
    send(HttpRequest.newBuilder(uri("/jobs/" + jobId(jobId) + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()));
  }

  /**
   * Triggers a savepoint into {@code targetDirectory} (null: the cluster's {@code
   * execution.checkpointing.savepoint-dir}); with {@code stop} the job stops after it, atomically,
   * so nothing is processed between the savepoint and the end (Flink's stop-with-savepoint).
   *
   * @return the savepoint's path once it is complete
   */
  public String savepoint(String jobId, String targetDirectory, boolean stop, Duration timeout) {
    ObjectNode body = JSON.createObjectNode();
    String path;
    if (stop) {
      path = "/jobs/" + jobId(jobId) + "/stop";
      if (targetDirectory != null) body.put("targetDirectory", targetDirectory);
      body.put("drain", false);
    } else {
      path = "/jobs/" + jobId(jobId) + "/savepoints";
      if (targetDirectory != null) body.put("target-directory", targetDirectory);
      body.put("cancel-job", false);
    }
    body.put("formatType", "CANONICAL");
    String trigger = post(path, body).path("request-id").asText();
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode operation = status.path("operation");
        if (operation.hasNonNull("location")) return operation.get("location").asText();
        throw new IllegalStateException("savepoint of job " + jobId + " failed: "
            + firstLine(operation.path("failure-cause").path("stack-trace").asText(operation.toString())));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("savepoint of job " + jobId + " not complete after " + timeout.toSeconds()
            + " s (trigger " + trigger + "); it may still complete: lezflow job list");
      }
      pause();
    }
  }

  // ---- jars ----

  /** Uploads a job jar ({@code POST /jars/upload}); returns its id on the cluster. */
  public String uploadJar(Path jar) {
    if (!Files.isRegularFile(jar)) throw new BadSetting("job jar " + jar + " does not exist");
    String boundary = "lezflow-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
          + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write(Files.readAllBytes(jar));
      body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadSetting("cannot read job jar " + jar + ": " + e.getMessage());
    }
    JsonNode answer = send(HttpRequest.newBuilder(uri("/jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    String file = answer.path("filename").asText();
    if (file.isEmpty()) throw new IllegalStateException("jar upload to " + base + " answered without a file name: " + answer);
    return Path.of(file).getFileName().toString();
  }

  /**
   * Runs an uploaded jar ({@code POST /jars/<id>/run}): its main builds the job on the JobManager.
   *
   * @param savepointPath restore from this savepoint or retained checkpoint (null: a fresh start)
   * @return the job id
   */
  public String runJar(String jarId, String entryClass, List<String> args, String savepointPath, boolean allowNonRestoredState) {
    ObjectNode body = JSON.createObjectNode();
    body.put("entryClass", entryClass);
    args.forEach(body.putArray("programArgsList")::add);
    if (savepointPath != null) {
      body.put("savepointPath", savepointPath);
      body.put("allowNonRestoredState", allowNonRestoredState);
      // The new job takes ownership of nothing: the savepoint stays for another restore.
      body.put("claimMode", "NO_CLAIM");
    }
    return post("/jars/" + jarId + "/run", body).path("jobid").asText();
  }

  /** Removes an uploaded jar (the JobManager keeps every upload otherwise). */
  public void deleteJar(String jarId) {
    send(HttpRequest.newBuilder(uri("/jars/" + jarId)).DELETE());
  }

  // ---- HTTP ----

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  JsonNode post(String path, JsonNode body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  /**
   * Sends with retries while the cluster cannot be reached (a JobManager restarting), for at most
   * the client's wait; then {@link ServiceUnreachable}. An error answer is not retried.
   */
  private JsonNode send(HttpRequest.Builder request) {
    Instant deadline = Instant.now().plus(wait);
    HttpRequest built = request.timeout(Duration.ofSeconds(Math.max(30, wait.toSeconds()))).build();
    while (true) {
      HttpResponse<String> response;
      try {
        response = http.send(built, HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        if (Instant.now().isAfter(deadline)) throw new ServiceUnreachable("Flink REST API", base.toString(), wait);
        pause();
        continue;
      } catch (HttpTimeoutException e) {
        throw new ServiceUnreachable("Flink REST API", base.toString(), built.timeout().orElse(wait));
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) throw new ServiceUnreachable("Flink REST API", base.toString(), wait);
        pause();
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while calling " + built.uri());
      }
      return answer(built, response);
    }
  }

  private JsonNode answer(HttpRequest request, HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode body;
    try {
      body = response.body() == null || response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      body = JSON.createObjectNode().put("text", response.body());
    }
    if (status < 300) return body;
    String reason = reason(body);
    String what = request.method() + " " + request.uri().getPath();
    if (status == 404) throw new BadSetting("Flink at " + base + " has no " + request.uri().getPath() + " (" + reason + ")");
    if (status < 500 || reason.contains("IllegalArgumentException") || reason.contains("ProgramInvocationException")) {
      // The request or the job's own settings are wrong (its main validates them): the user's to fix.
      throw new BadSetting("Flink refused " + what + ": " + reason);
    }
    throw new IllegalStateException("Flink at " + base + " failed " + what + " (HTTP " + status + "): " + reason);
  }

  /** Flink's error answer is {@code {"errors": ["...", "<stack trace>"]}}: the most telling line of it. */
  static String reason(JsonNode body) {
    JsonNode errors = body.path("errors");
    if (!errors.isArray() || errors.isEmpty()) return body.toString();
    String cause = null;
    for (JsonNode e : errors) {
      for (String line : e.asText().split("\n")) {
        String l = line.trim();
        // The innermost "Caused by" of a program error names the job's own message.
        if (l.startsWith("Caused by: ")) cause = l.substring("Caused by: ".length());
      }
    }
    return cause != null ? cause : firstLine(errors.get(0).asText());
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).trim();
  }

  private static String jobId(String id) {
    if (id == null || !id.matches("[0-9a-f]{32}")) throw new BadSetting("'" + id + "' is not a Flink job id (32 hex digits; see lezflow job list)");
    return id;
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Flink");
    }
  }
}
