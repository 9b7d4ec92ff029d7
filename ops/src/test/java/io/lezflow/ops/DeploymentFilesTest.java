package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.EmbeddedMqttBroker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * Done-when 2 of issue 11: every compose and Kubernetes file parses and holds what it promises, and
 * the Grafana dashboards and Prometheus rules name only metrics the running system exports,
 * scraped live: {@code lezflow ingest} and {@code lezflow cameras} run here on embedded Kafka and
 * MQTT, and their /metrics are read. The Flink job's names come from
 * {@code ops/deploy/observability/job-metrics.txt}, which flink-cluster's FlinkClusterIT checks
 * against a live cluster. Another exporter joins by adding its scrape to {@link #exportedNames}.
 */
class DeploymentFilesTest {
  static final Path DEPLOY = Path.of("deploy");
  static final Path JOB_METRICS = DEPLOY.resolve("observability/job-metrics.txt");
  /** Metric names as dashboards and rules write them: ours, Flink's, the JVM's. */
  static final Pattern METRIC = Pattern.compile("\\b((?:lez|flink|jvm|process)_[A-Za-z0-9_]+)");

  @Test
  void everyComposeAndKubernetesFileParses() throws IOException {
    List<Path> yamls = files(".yml", ".yaml");
    assertThat(yamls).hasSizeGreaterThanOrEqualTo(8);
    for (Path file : yamls) {
      List<Object> docs = loadAll(file);
      assertThat(docs).as(file.toString()).isNotEmpty().doesNotContainNull();
    }
  }

  @Test
  void composeRunsTheWholeCluster() throws IOException {
    Map<?, ?> compose = (Map<?, ?>) loadAll(DEPLOY.resolve("compose/docker-compose.yml")).get(0);
    Map<?, ?> services = (Map<?, ?>) compose.get("services");
    assertThat(strings(services.keySet())).contains("mosquitto", "kafka", "jobmanager", "taskmanager", "postgres", "ingest-1", "ingest-2",
        "portal", "cameras", "prometheus", "grafana");
    // Mosquitto runs the shipped security configuration, rendered by lezflow.
    assertThat(services.get("mosquitto-config").toString()).contains("mosquitto-config");
    assertThat(((Map<?, ?>) services.get("kafka")).get("environment").toString()).contains("KAFKA_PROCESS_ROLES=broker,controller");
    for (String ingest : List.of("ingest-1", "ingest-2")) {
      Map<?, ?> s = (Map<?, ?>) services.get(ingest);
      assertThat(s.get("environment").toString()).contains("LEZ_INGEST_ID=" + ingest);
      assertThat(s.get("volumes").toString()).as("each gateway keeps its outbox on its own volume").contains(ingest + ":/var/lib/lezflow");
    }
    for (String dockerfile : List.of("lezflow.Dockerfile", "flink.Dockerfile")) {
      assertThat(DEPLOY.resolve("docker").resolve(dockerfile)).exists();
    }
  }

  @Test
  void kubernetesManifestsHaveOperatorsAclsProbesAndLimits() throws IOException {
    List<Map<?, ?>> docs = new ArrayList<>();
    for (Path file : files(DEPLOY.resolve("k8s"), ".yaml")) for (Object d : loadAll(file)) docs.add((Map<?, ?>) d);
    Map<String, List<Map<?, ?>>> byKind = docs.stream().collect(Collectors.groupingBy(d -> (String) d.get("kind")));
    assertThat(strings(byKind.keySet())).contains("FlinkDeployment", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "StatefulSet",
        "Deployment", "Service");
    Map<?, ?> job = (Map<?, ?>) ((Map<?, ?>) byKind.get("FlinkDeployment").get(0).get("spec")).get("job");
    assertThat(job.get("upgradeMode")).isEqualTo("savepoint");
    assertThat(byKind.get("KafkaTopic").stream().map(t -> String.valueOf(((Map<?, ?>) t.get("spec")).get("topicName"))).toList())
        .contains("lez.plate-reads.v1", "lez.violations.v1", "lez.dlq.v1");
    for (Map<?, ?> user : byKind.get("KafkaUser")) {
      Map<?, ?> authz = (Map<?, ?>) ((Map<?, ?>) user.get("spec")).get("authorization");
      assertThat((List<?>) authz.get("acls")).as("ACLs of " + user.get("metadata")).isNotEmpty();
    }
    List<Map<?, ?>> workloads = new ArrayList<>(byKind.get("StatefulSet"));
    workloads.addAll(byKind.get("Deployment"));
    for (Map<?, ?> w : workloads) {
      Map<?, ?> podSpec = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) w.get("spec")).get("template")).get("spec");
      for (Object c : (List<?>) podSpec.get("containers")) {
        Map<?, ?> container = (Map<?, ?>) c;
        assertThat(strings(container.keySet())).as(w.get("metadata").toString()).contains("readinessProbe", "livenessProbe", "resources");
        assertThat(strings(((Map<?, ?>) container.get("resources")).keySet())).contains("requests", "limits");
      }
    }
  }

  @Test
  void dashboardsAndAlertRulesNameOnlyExportedMetrics(@TempDir Path dir) throws Exception {
    Set<String> referenced = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    for (Path dashboard : files(DEPLOY.resolve("observability/grafana/dashboards"), ".json")) {
      JsonNode root = json.readTree(dashboard.toFile());
      assertThat(root.path("panels").size()).as(dashboard.toString()).isPositive();
      root.findValues("expr").forEach(e -> referenced.addAll(metricNames(e.asText())));
    }
    for (Path rules : files(DEPLOY.resolve("observability/prometheus/rules"), ".yml")) {
      Map<?, ?> doc = (Map<?, ?>) loadAll(rules).get(0);
      for (Object g : (List<?>) doc.get("groups")) {
        for (Object r : (List<?>) ((Map<?, ?>) g).get("rules")) {
          Map<?, ?> rule = (Map<?, ?>) r;
          assertThat(rule.get("expr")).as("rule " + rule.get("alert")).isNotNull();
          assertThat(rule.get("annotations").toString()).as("rule " + rule.get("alert") + " names its runbook").contains("ops/runbooks/");
          referenced.addAll(metricNames(rule.get("expr").toString()));
        }
      }
    }
    assertThat(referenced).isNotEmpty();

    Set<String> exported = exportedNames(dir);
    assertThat(referenced.stream().filter(n -> !exported.contains(n)).toList())
        .as("metrics named by dashboards or alert rules that no running component exports (exported: " + exported.size() + ")")
        .isEmpty();
  }

  /** The names exported by every scraped endpoint, plus the job's list checked live by FlinkClusterIT. */
  static Set<String> exportedNames(Path dir) throws Exception {
    Set<String> names = new TreeSet<>(scrapeIngestAndCameras(dir));
    if (Files.exists(JOB_METRICS)) {
      for (String line : Files.readAllLines(JOB_METRICS)) {
        if (!line.isBlank() && !line.startsWith("#")) names.add(line.trim());
      }
    }
    return names;
  }

  private static Set<String> scrapeIngestAndCameras(Path dir) throws Exception {
    ExecutorService runner = Executors.newFixedThreadPool(2);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dir.resolve("mqtt"))) {
      kafka.createLezTopics();
      String root = "deploytest/" + System.nanoTime();
      CommandLine ingestCl = LezflowCommand.commandLine(Map.of());
      ingestCl.parseArgs("ingest", "--mqtt-url", broker.serverUrl(), "--kafka-bootstrap", kafka.bootstrapServers(),
          "--id", "deploytest", "--mqtt-topic-root", root, "--data-dir", dir.resolve("data").toString(), "--metrics-port", "0");
      IngestCommand ingest = ingestCl.getSubcommands().get("ingest").getCommand();
      CommandLine camerasCl = LezflowCommand.commandLine(Map.of());
      camerasCl.parseArgs("cameras", "--mqtt-url", broker.serverUrl(), "--mqtt-topic-root", root, "--cameras", "3", "--rate", "30",
          "--vehicles", "200", "--metrics-port", "0");
      CamerasCommand cameras = camerasCl.getSubcommands().get("cameras").getCommand();
      Future<Integer> ingestRun = runner.submit(ingest);
      try {
        await("ingest metrics port").atMost(Duration.ofMinutes(2)).until(() -> ingest.boundPort() > 0 || ingestRun.isDone());
        assertThat(ingestRun.isDone()).as("ingest stopped early").isFalse();
        Future<Integer> camerasRun = runner.submit(cameras);
        try {
          await("cameras metrics port").atMost(Duration.ofMinutes(2)).until(() -> cameras.boundPort() > 0 || camerasRun.isDone());
          String ingestUrl = "http://127.0.0.1:" + ingest.boundPort() + "/metrics";
          // Per-camera and per-reason series appear once messages flowed: scrape after some have.
          await("reads through ingest").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
              .until(() -> scrape(ingestUrl).contains("lez_ingest_camera_messages_total{camera="));
          Set<String> names = new TreeSet<>(sampleNames(scrape(ingestUrl)));
          names.addAll(sampleNames(scrape("http://127.0.0.1:" + cameras.boundPort() + "/metrics")));
          assertThat(names).contains("jvm_memory_used_bytes", "lez_ingest_messages_received_total", "lez_sim_reads_published_total");
          return names;
        } finally {
          cameras.stop.countDown();
          camerasRun.get();
        }
      } finally {
        ingest.stop.countDown();
        ingestRun.get();
      }
    } finally {
      runner.shutdownNow();
    }
  }

  static String scrape(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  /** Names of the samples in a Prometheus text exposition (histogram _bucket/_count/_sum included). */
  static Set<String> sampleNames(String exposition) {
    return exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> metricNames(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(promql.replaceAll("\"[^\"]*\"", "\"\""));
    while (m.find()) names.add(m.group(1));
    return names;
  }

  private static List<String> strings(java.util.Collection<?> values) {
    return values.stream().map(String::valueOf).toList();
  }

  private static List<Object> loadAll(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<Object> docs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Object d : new Yaml(options).loadAll(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) docs.add(d);
    }
    return docs;
  }

  private static List<Path> files(String... suffixes) throws IOException {
    return files(DEPLOY, suffixes);
  }

  private static List<Path> files(Path under, String... suffixes) throws IOException {
    try (Stream<Path> s = Files.walk(under)) {
      return s.filter(Files::isRegularFile).filter(p -> Stream.of(suffixes).anyMatch(x -> p.toString().endsWith(x))).sorted().toList();
    }
  }
}
