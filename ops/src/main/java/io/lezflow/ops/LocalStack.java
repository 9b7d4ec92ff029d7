package io.lezflow.ops;

import io.lezflow.embedded.DatabaseMigrations;
import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.EmbeddedMqttBroker;
import io.lezflow.embedded.LocalMosquitto;
import io.lezflow.embedded.LocalPostgres;
import io.lezflow.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure of one lezflow installation on this machine: MQTT broker, Kafka and
 * PostgreSQL, each either external or embedded (this machine's Mosquitto as a process of the
 * stack's own, or embedded HiveMQ when Mosquitto is not installed; a real KRaft Kafka; real
 * PostgreSQL binaries). Closing it stops what it started, in reverse order, and nothing else.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final String mqttUrl;
  private final String kafkaBootstrap;
  private final String jdbcUrl;
  private final String jdbcUser;
  private final String jdbcPassword;
  private final String mqttBroker;
  private final long mosquittoPid;

  /**
   * Which MQTT broker an all-embedded stack starts: {@code auto} (default: this machine's
   * {@code mosquitto} when installed, else embedded HiveMQ), {@code mosquitto} (fails without the
   * binary) or {@code hivemq}.
   */
  public static final String EMBEDDED_MQTT_ENV = "LEZ_EMBEDDED_MQTT";

  private LocalStack(StackEndpoints endpoints, Path dataDir, String dbSchema) throws Exception {
    try {
      Files.createDirectories(dataDir);
      if (endpoints.jdbcUrl().isPresent()) {
        jdbcUser = endpoints.jdbcUser();
        jdbcPassword = endpoints.jdbcPassword();
        String base = endpoints.jdbcUrl().get();
        DatabaseMigrations.migrate(base, jdbcUser, jdbcPassword, dbSchema);
        jdbcUrl = withCurrentSchema(base, dbSchema);
      } else {
        LocalPostgres pg = LocalPostgres.start(dataDir.resolve("postgres"));
        started.push(pg);
        jdbcUser = pg.user();
        jdbcPassword = pg.password();
        DatabaseMigrations.migrate(pg.jdbcUrl(), jdbcUser, jdbcPassword, dbSchema);
        jdbcUrl = withCurrentSchema(pg.jdbcUrl(), dbSchema);
      }
      if (endpoints.kafkaBootstrap().isPresent()) {
        kafkaBootstrap = endpoints.kafkaBootstrap().get();
        createTopicsIfMissing(kafkaBootstrap);
      } else {
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
        started.push(kafka);
        kafka.createLezTopics();
        kafkaBootstrap = kafka.bootstrapServers();
      }
      if (endpoints.mqttUrl().isPresent()) {
        mqttUrl = endpoints.mqttUrl().get();
        mqttBroker = "external";
        mosquittoPid = -1;
      } else if (useMosquitto(System.getenv(EMBEDDED_MQTT_ENV))) {
        LocalMosquitto broker = LocalMosquitto.start(dataDir.resolve("mosquitto"));
        started.push(broker);
        mqttUrl = broker.serverUrl();
        mqttBroker = "mosquitto (this machine's binary, a process of this stack)";
        mosquittoPid = broker.pid();
      } else {
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dataDir.resolve("mqtt"));
        started.push(broker);
        mqttUrl = broker.serverUrl();
        mqttBroker = "embedded HiveMQ CE";
        mosquittoPid = -1;
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  public static LocalStack start(StackEndpoints endpoints, Path dataDir, String dbSchema) throws Exception {
    return new LocalStack(endpoints, dataDir, dbSchema);
  }

  public String mqttUrl() {
    return mqttUrl;
  }

  /** Which broker serves {@link #mqttUrl()}, for progress lines and reports. */
  public String mqttBroker() {
    return mqttBroker;
  }

  /** Process id of the stack's own Mosquitto, or -1 when the broker is external or HiveMQ. */
  public long mosquittoPid() {
    return mosquittoPid;
  }

  /**
   * Mosquitto before HiveMQ (see {@link LocalMosquitto} for why); {@code choice} is the value of
   * {@value #EMBEDDED_MQTT_ENV}.
   */
  static boolean useMosquitto(String choice) {
    String c = choice == null || choice.isBlank() ? "auto" : choice.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (c) {
      case "auto" -> LocalMosquitto.available();
      case "mosquitto" -> {
        if (!LocalMosquitto.available()) {
          throw new BadSetting(EMBEDDED_MQTT_ENV + "=mosquitto but no mosquitto binary was found (apt-get install mosquitto, or set LEZ_MOSQUITTO_BIN)");
        }
        yield true;
      }
      case "hivemq" -> false;
      default -> throw new BadSetting(EMBEDDED_MQTT_ENV + " must be auto, mosquitto or hivemq, got '" + choice + "'");
    };
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** JDBC URL whose unqualified table names land in the stack's schema. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String jdbcUser() {
    return jdbcUser;
  }

  public String jdbcPassword() {
    return jdbcPassword;
  }

  static String withCurrentSchema(String url, String schema) {
    if (schema == null || schema.equals("public")) return url;
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void createTopicsIfMissing(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      var existing = admin.listTopics().names().get();
      var missing =
          Topics.ALL.stream()
              .filter(t -> !existing.contains(t))
              .map(
                  t -> {
                    NewTopic nt = new NewTopic(t, java.util.Optional.of(Topics.defaultPartitions(t)), java.util.Optional.empty());
                    if (Topics.isCompacted(t)) nt.configs(java.util.Map.of("cleanup.policy", "compact"));
                    return nt;
                  })
              .toList();
      if (!missing.isEmpty()) admin.createTopics(missing).all().get();
    }
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
