package io.lezflow.embedded;

import io.lezflow.schemas.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-node in-process Kafka (KRaft, combined broker + controller) on 127.0.0.1.
 *
 * <p>Invariants: the broker listens on {@link #bootstrapServers()} for its whole life, also across
 * {@link #stop()} / {@link #restart()} (so clients reconnect on their own), and keeps its data in
 * {@code dataDir/kafka} (formatted once; a formatted directory is reused as is). Internal topics
 * have replication factor 1, so transactions (Flink's EXACTLY_ONCE sink) and consumer groups work
 * on one node.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path logDir;
  private final int brokerPort;
  private final int controllerPort;
  private KafkaRaftServer server;

  private EmbeddedKafka(Path logDir, int brokerPort, int controllerPort) {
    this.logDir = logDir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
  }

  /** Formats {@code dataDir/kafka} if needed, starts the broker and returns once it accepts requests. */
  public static EmbeddedKafka start(Path dataDir) {
    Path logDir = dataDir.toAbsolutePath().resolve("kafka");
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka log dir " + logDir, e);
    }
    int brokerPort = FreePorts.next();
    int controllerPort = FreePorts.nextOtherThan(brokerPort);
    EmbeddedKafka kafka = new EmbeddedKafka(logDir, brokerPort, controllerPort);
    kafka.format();
    kafka.startServer();
    return kafka;
  }

  /** {@code "127.0.0.1:port"}, stable across {@link #stop()} and {@link #restart()}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /**
   * Creates the topics that do not exist yet, with {@link Topics#defaultPartitions(String)}
   * partitions and log compaction for {@link Topics#isCompacted(String)} topics. Existing topics
   * are left as they are.
   */
  public void createTopics(Collection<String> topics) {
    List<NewTopic> newTopics = new ArrayList<>();
    for (String topic : topics) {
      NewTopic newTopic = new NewTopic(topic, Topics.defaultPartitions(topic), (short) 1);
      if (Topics.isCompacted(topic)) {
        newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      }
      newTopics.add(newTopic);
    }
    try (Admin admin = admin()) {
      var result = admin.createTopics(newTopics);
      for (var entry : result.values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create Kafka topic " + entry.getKey(), e.getCause());
          }
        }
      }
      awaitLeaders(admin, topics);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating Kafka topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not create topics " + topics + " within 30 s", e);
    }
  }

  /**
   * Waits until the broker's metadata gives every partition a leader. Why: an idempotent producer
   * that writes to a partition before that sees NOT_LEADER_OR_FOLLOWER then
   * OUT_OF_ORDER_SEQUENCE_NUMBER and fails batches — a freshly created topic must be usable when
   * createTopics returns.
   */
  private static void awaitLeaders(Admin admin, Collection<String> topics)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        boolean ready =
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (ready) return;
      } catch (ExecutionException e) {
        // metadata not propagated yet (UnknownTopicOrPartition): try again until the deadline
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " have no leader after 30 s");
      }
      Thread.sleep(50);
    }
  }

  /** Creates every lezflow topic ({@link Topics#ALL}). */
  public void createLezTopics() {
    createTopics(Topics.ALL);
  }

  /** Stops the broker and keeps its data dir and ports, e.g. for a "Kafka down for a while" fault test. */
  public synchronized void stop() {
    if (server == null) return;
    long t0 = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    server = null;
    LOG.info("Embedded Kafka on {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** Starts the broker again on the same ports with the same data (no-op when running). */
  public synchronized void restart() {
    if (server != null) return;
    startServer();
  }

  /** Whether the broker is running (between start/restart and stop/close). */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Stops the broker. Deletes nothing: the caller owns {@code dataDir}. */
  @Override
  public void close() {
    stop();
  }

  private void format() {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return; // formatted by an earlier run: keep its cluster id and data
    }
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(NODE_ID)
          .addDirectory(logDir.toString())
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka log dir " + logDir, e);
    }
  }

  private synchronized void startServer() {
    long t0 = System.nanoTime();
    installNonFatalExit();
    KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(brokerConfig()), Time.SYSTEM);
    try {
      starting.startup();
      awaitBrokerReady();
    } catch (RuntimeException e) {
      starting.shutdown();
      starting.awaitShutdown();
      throw new IllegalStateException("embedded Kafka did not start on " + bootstrapServers(), e);
    }
    server = starting;
    LOG.info("Embedded Kafka ready on {} in {} ms (data {})", bootstrapServers(), (System.nanoTime() - t0) / 1_000_000, logDir);
  }

  private Properties brokerConfig() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("metadata.log.dir", logDir.toString());
    // One node: every internal topic has one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    // Tests and the local stack want a consumer group to start at once.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Flink's exactly-once sink may ask for long transactions (up to 1 h).
    p.put("transaction.max.timeout.ms", String.valueOf(Duration.ofHours(1).toMillis()));
    // Shares a JVM with Flink, HiveMQ and more: few threads, small cleaner buffer (default 128 MiB).
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "3");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16L * 1024 * 1024));
    p.put("log.cleaner.io.buffer.size", String.valueOf(256 * 1024));
    // Fast controlled shutdown for stop()/restart().
    p.put("controlled.shutdown.enable", "true");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("broker.session.timeout.ms", "9000");
    return p;
  }

  private void awaitBrokerReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    RuntimeException last = null;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) return;
        } catch (ExecutionException | TimeoutException e) {
          last = new IllegalStateException(e);
        }
        Thread.sleep(50); // polling the broker's readiness, not synchronising a test
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
    throw new IllegalStateException("Kafka broker not ready within " + READY_TIMEOUT, last);
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    return Admin.create(p);
  }

  /**
   * Kafka's server code calls {@code Exit.exit/halt} on a fatal fault; in a JVM shared with Flink
   * and the tests that would kill everything without a trace. Embedded, a fatal fault is logged
   * and thrown instead, so the failure shows up where it happened.
   */
  private static void installNonFatalExit() {
    Exit.setExitProcedure((status, message) -> {
      LOG.error("Embedded Kafka asked to exit the JVM (status {}): {}", status, message);
      throw new IllegalStateException("embedded Kafka fatal error (exit " + status + "): " + message);
    });
    Exit.setHaltProcedure((status, message) -> {
      LOG.error("Embedded Kafka asked to halt the JVM (status {}): {}", status, message);
      throw new IllegalStateException("embedded Kafka fatal error (halt " + status + "): " + message);
    });
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers() + ", " + logDir + (isRunning() ? ", running]" : ", stopped]");
  }
}
