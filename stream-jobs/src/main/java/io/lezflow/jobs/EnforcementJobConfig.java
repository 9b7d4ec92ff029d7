package io.lezflow.jobs;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything the enforcement job needs from its environment, validated at construction with a
 * message that names the wrong setting and says why.
 *
 * @param kafkaBootstrap Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param jdbcUrl PostgreSQL JDBC URL of the decisions store
 * @param jdbcUser database user
 * @param jdbcPassword database password (may be empty: trust auth)
 * @param checkpointDir where checkpoints go: a URI ({@code file:///...}, {@code s3://...}) or a
 *     local path
 * @param checkpointInterval time between checkpoints; also the worst-case delay before a
 *     committed Kafka offset moves
 * @param parallelism default parallelism of the job (bounded by the reads topic's partitions)
 * @param sightingsHmacKey secret of the sightings vehicle hash, at least 16 bytes
 * @param consumerGroupId Kafka consumer group: a new group reads the topics from the start
 * @param bounded stop at the latest offsets present at start (replays, tests); otherwise run forever
 */
public record EnforcementJobConfig(
    String kafkaBootstrap,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String checkpointDir,
    Duration checkpointInterval,
    int parallelism,
    String sightingsHmacKey,
    String consumerGroupId,
    boolean bounded) {

  public static final String DEFAULT_CONSUMER_GROUP = "lezflow-enforcement";
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  public EnforcementJobConfig {
    require(kafkaBootstrap != null && kafkaBootstrap.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*"),
        "kafkaBootstrap", "must be host:port[,host:port...], was '" + kafkaBootstrap + "'");
    require(jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:"),
        "jdbcUrl", "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), was '" + jdbcUrl + "'");
    require(jdbcUser != null && !jdbcUser.isBlank(), "jdbcUser", "must not be blank");
    jdbcPassword = jdbcPassword == null ? "" : jdbcPassword;
    require(checkpointDir != null && !checkpointDir.isBlank(), "checkpointDir",
        "must name a directory (file:///path, s3://bucket/path or a local path) that every task manager can reach");
    checkpointDir = checkpointUri(checkpointDir);
    require(checkpointInterval != null && checkpointInterval.compareTo(Duration.ofMillis(100)) >= 0,
        "checkpointInterval", "must be at least 100 ms, was " + checkpointInterval);
    require(parallelism >= 1, "parallelism", "must be >= 1, was " + parallelism);
    require(sightingsHmacKey != null
            && sightingsHmacKey.getBytes(StandardCharsets.UTF_8).length >= VehicleHasher.MIN_SECRET_BYTES,
        "sightingsHmacKey", "must be a secret of at least " + VehicleHasher.MIN_SECRET_BYTES
            + " bytes (it protects the plates in the sightings table)");
    require(consumerGroupId != null && !consumerGroupId.isBlank(), "consumerGroupId", "must not be blank");
  }

  /** The same configuration reading from another consumer group (a full re-read of the topics). */
  public EnforcementJobConfig withConsumerGroup(String groupId) {
    return new EnforcementJobConfig(kafkaBootstrap, jdbcUrl, jdbcUser, jdbcPassword, checkpointDir,
        checkpointInterval, parallelism, sightingsHmacKey, groupId, bounded);
  }

  public EnforcementJobConfig withBounded(boolean stopAtLatest) {
    return new EnforcementJobConfig(kafkaBootstrap, jdbcUrl, jdbcUser, jdbcPassword, checkpointDir,
        checkpointInterval, parallelism, sightingsHmacKey, consumerGroupId, stopAtLatest);
  }

  /**
   * Reads {@code LEZ_KAFKA_BOOTSTRAP}, {@code LEZ_JDBC_URL}, {@code LEZ_JDBC_USER}, {@code
   * LEZ_JDBC_PASSWORD}, {@code LEZ_CHECKPOINT_DIR}, {@code LEZ_CHECKPOINT_INTERVAL} (ISO-8601
   * duration like PT10S, or seconds), {@code LEZ_PARALLELISM}, {@code LEZ_SIGHTINGS_HMAC_KEY},
   * {@code LEZ_CONSUMER_GROUP}, {@code LEZ_BOUNDED}.
   */
  public static EnforcementJobConfig fromEnvironment(Map<String, String> env) {
    return new EnforcementJobConfig(
        env.get("LEZ_KAFKA_BOOTSTRAP"),
        env.get("LEZ_JDBC_URL"),
        env.getOrDefault("LEZ_JDBC_USER", "postgres"),
        env.getOrDefault("LEZ_JDBC_PASSWORD", ""),
        env.get("LEZ_CHECKPOINT_DIR"),
        duration("LEZ_CHECKPOINT_INTERVAL", env.get("LEZ_CHECKPOINT_INTERVAL"), DEFAULT_CHECKPOINT_INTERVAL),
        integer("LEZ_PARALLELISM", env.get("LEZ_PARALLELISM"), 1),
        env.get("LEZ_SIGHTINGS_HMAC_KEY"),
        env.getOrDefault("LEZ_CONSUMER_GROUP", DEFAULT_CONSUMER_GROUP),
        Boolean.parseBoolean(env.getOrDefault("LEZ_BOUNDED", "false")));
  }

  /** The environment variables of {@link #fromEnvironment}, each also a flag of {@link #fromArgs}. */
  public static final List<String> VARIABLES = List.of("LEZ_KAFKA_BOOTSTRAP", "LEZ_JDBC_URL", "LEZ_JDBC_USER",
      "LEZ_JDBC_PASSWORD", "LEZ_CHECKPOINT_DIR", "LEZ_CHECKPOINT_INTERVAL", "LEZ_PARALLELISM", "LEZ_SIGHTINGS_HMAC_KEY",
      "LEZ_CONSUMER_GROUP", "LEZ_BOUNDED");

  /**
   * Program arguments over the environment: {@code --kafka-bootstrap host:9092} (or {@code
   * --kafka-bootstrap=host:9092}) sets what {@code LEZ_KAFKA_BOOTSTRAP} would, and so on for every
   * name of {@link #VARIABLES}; a flag wins over its variable. Why both: a job submitted over
   * Flink's REST API gets only its arguments, a container gets its environment.
   */
  public static EnforcementJobConfig fromArgs(String[] args, Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + arg + "': use --name value");
      int eq = arg.indexOf('=');
      String flag = eq < 0 ? arg : arg.substring(0, eq);
      String variable = variableOf(flag);
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      merged.put(variable, value);
    }
    return fromEnvironment(merged);
  }

  /** The program arguments that {@link #fromArgs} reads back as this configuration. */
  public List<String> toArgs() {
    return List.of(
        flagOf("LEZ_KAFKA_BOOTSTRAP"), kafkaBootstrap,
        flagOf("LEZ_JDBC_URL"), jdbcUrl,
        flagOf("LEZ_JDBC_USER"), jdbcUser,
        flagOf("LEZ_JDBC_PASSWORD"), jdbcPassword,
        flagOf("LEZ_CHECKPOINT_DIR"), checkpointDir,
        flagOf("LEZ_CHECKPOINT_INTERVAL"), checkpointInterval.toString(),
        flagOf("LEZ_PARALLELISM"), Integer.toString(parallelism),
        flagOf("LEZ_SIGHTINGS_HMAC_KEY"), sightingsHmacKey,
        flagOf("LEZ_CONSUMER_GROUP"), consumerGroupId,
        flagOf("LEZ_BOUNDED"), Boolean.toString(bounded));
  }

  /** {@code LEZ_KAFKA_BOOTSTRAP} -> {@code --kafka-bootstrap}. */
  public static String flagOf(String variable) {
    return "--" + variable.substring("LEZ_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String variableOf(String flag) {
    String variable = "LEZ_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    if (!VARIABLES.contains(variable)) {
      throw new IllegalArgumentException("unknown flag " + flag + "; known: "
          + VARIABLES.stream().map(EnforcementJobConfig::flagOf).collect(Collectors.joining(" ")));
    }
    return variable;
  }

  @Override
  public String toString() {
    return "EnforcementJobConfig{kafkaBootstrap=" + kafkaBootstrap + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser
        + ", jdbcPassword=***, checkpointDir=" + checkpointDir + ", checkpointInterval=" + checkpointInterval
        + ", parallelism=" + parallelism + ", sightingsHmacKey=***, consumerGroupId=" + consumerGroupId
        + ", bounded=" + bounded + "}";
  }

  private static String checkpointUri(String dir) {
    try {
      URI uri = URI.create(dir);
      if (uri.getScheme() != null && uri.getScheme().length() > 1) return dir;
    } catch (IllegalArgumentException notAUri) {
      // a local path with characters a URI does not allow: fall through
    }
    return Path.of(dir).toAbsolutePath().toUri().toString();
  }

  private static Duration duration(String name, String value, Duration fallback) {
    if (value == null || value.isBlank()) return fallback;
    try {
      return value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 duration (PT10S) or whole seconds, was '" + value + "'");
    }
  }

  private static int integer(String name, String value, int fallback) {
    if (value == null || value.isBlank()) return fallback;
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }

  private static void require(boolean ok, String setting, String why) {
    if (!ok) throw new IllegalArgumentException("enforcement job setting " + setting + " " + why);
  }
}
