package io.lezflow.embedded;

import io.lezflow.schemas.MqttTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Endpoints for integration tests: the machine's services when the environment names them,
 * embedded ones otherwise.
 *
 * <ul>
 *   <li>{@code LEZ_TEST_MQTT_URL}, e.g. {@code tcp://127.0.0.1:1883} (the machine's Mosquitto);
 *   <li>{@code LEZ_TEST_JDBC_URL}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
 * </ul>
 *
 * <p>Invariant: embedded services are started at most once per JVM, on first use, and stopped by
 * a shutdown hook, so test classes share them. Tests isolate themselves with {@link
 * #freshDatabase()} (one schema per test) and {@link #freshTopics()} (one MQTT topic root per test).
 * No JUnit dependency: other modules use this from their test scope.
 */
public final class TestServices {
  public static final String MQTT_URL_ENV = "LEZ_TEST_MQTT_URL";
  public static final String JDBC_URL_ENV = "LEZ_TEST_JDBC_URL";
  private static final Logger LOG = LoggerFactory.getLogger(TestServices.class);

  private TestServices() {}

  public static Optional<String> externalMqttUrl() {
    return env(MQTT_URL_ENV);
  }

  public static Optional<String> externalJdbcUrl() {
    return env(JDBC_URL_ENV);
  }

  /**
   * A fresh, migrated, empty schema for one test: on the external PostgreSQL when {@code
   * LEZ_TEST_JDBC_URL} is set, else on a JVM-wide shared {@link LocalPostgres}.
   */
  public static TestDatabase freshDatabase() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String baseUrl;
    String user;
    String password;
    Optional<String> external = externalJdbcUrl();
    if (external.isPresent()) {
      baseUrl = external.get();
      user = queryParameter(baseUrl, "user").orElse("postgres");
      password = queryParameter(baseUrl, "password").orElse("");
    } else {
      LocalPostgres postgres = SharedPostgres.INSTANCE;
      baseUrl = postgres.jdbcUrl();
      user = postgres.user();
      password = postgres.password();
    }
    DatabaseMigrations.migrate(baseUrl, user, password, schema);
    return new TestDatabase(withParameter(baseUrl, "currentSchema", schema), user, password, schema);
  }

  /** MQTT URL for a test: external when {@code LEZ_TEST_MQTT_URL} is set, else a JVM-wide shared {@link EmbeddedMqttBroker}. */
  public static String mqttUrl() {
    return externalMqttUrl().orElseGet(() -> SharedMqttBroker.INSTANCE.serverUrl());
  }

  /** A JVM-wide shared {@link EmbeddedKafka} with the lezflow topics. Never stop it: other tests use it. */
  public static EmbeddedKafka sharedKafka() {
    return SharedKafka.INSTANCE;
  }

  /** A unique MQTT topic root per test ({@code test/<random>/lez/v1}), so tests sharing a broker never see each other's messages. */
  public static MqttTopics freshTopics() {
    return new MqttTopics("test/" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "/lez/v1");
  }

  static Optional<String> queryParameter(String jdbcUrl, String name) {
    int q = jdbcUrl.indexOf('?');
    if (q < 0) return Optional.empty();
    for (String pair : jdbcUrl.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** The URL with {@code name=value} set (an existing value of that parameter is replaced). */
  static String withParameter(String jdbcUrl, String name, String value) {
    int q = jdbcUrl.indexOf('?');
    StringBuilder url = new StringBuilder(q < 0 ? jdbcUrl : jdbcUrl.substring(0, q)).append('?');
    if (q >= 0) {
      for (String pair : jdbcUrl.substring(q + 1).split("&")) {
        if (pair.isEmpty() || pair.equals(name) || pair.startsWith(name + "=")) continue;
        url.append(pair).append('&');
      }
    }
    return url.append(name).append('=').append(value).toString();
  }

  private static Optional<String> env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for " + prefix, e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}", dir, e);
    }
  }

  private static void onShutdown(String name, AutoCloseable service, Path dir) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    service.close();
                  } catch (Exception e) {
                    LOG.warn("shared {} did not close cleanly", name, e);
                  }
                  deleteRecursively(dir);
                },
                "lezflow-test-" + name + "-shutdown"));
  }

  // Lazy holders: the JVM initialises each at most once, on first use, thread-safely.
  private static final class SharedPostgres {
    static final LocalPostgres INSTANCE = start();

    private static LocalPostgres start() {
      Path dir = tempDir("lezflow-test-postgres-");
      LocalPostgres postgres = LocalPostgres.start(dir);
      onShutdown("postgres", postgres, dir);
      return postgres;
    }
  }

  private static final class SharedMqttBroker {
    static final EmbeddedMqttBroker INSTANCE = start();

    private static EmbeddedMqttBroker start() {
      Path dir = tempDir("lezflow-test-mqtt-");
      EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dir);
      onShutdown("mqtt", broker, dir);
      return broker;
    }
  }

  private static final class SharedKafka {
    static final EmbeddedKafka INSTANCE = start();

    private static EmbeddedKafka start() {
      Path dir = tempDir("lezflow-test-kafka-");
      EmbeddedKafka kafka = EmbeddedKafka.start(dir);
      kafka.createLezTopics();
      onShutdown("kafka", kafka, dir);
      return kafka;
    }
  }
}
