package io.lezflow.ops;

import io.lezflow.jobs.EnforcementJobConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The enforcement job's settings as flags, each defaulting to its environment variable (the same
 * names the job jar reads: {@link EnforcementJobConfig#fromArgs}). Shared by {@code lezflow
 * enforce} and {@code lezflow job submit|upgrade}; validated at start by {@link #config}.
 */
public final class JobSettings {
  @Option(names = "--kafka-bootstrap", defaultValue = "${env:LEZ_KAFKA_BOOTSTRAP}",
      description = "Kafka bootstrap servers, host:port[,host:port] (env LEZ_KAFKA_BOOTSTRAP). Required.")
  String kafkaBootstrap;

  @Option(names = "--jdbc-url", defaultValue = "${env:LEZ_JDBC_URL}",
      description = "PostgreSQL of the decisions, jdbc:postgresql://host:5432/db (env LEZ_JDBC_URL). Required.")
  String jdbcUrl;

  @Option(names = "--jdbc-user", defaultValue = "${env:LEZ_JDBC_USER:-postgres}", description = "PostgreSQL user (env LEZ_JDBC_USER). Default: postgres.")
  String jdbcUser;

  @Option(names = "--jdbc-password", defaultValue = "${env:LEZ_JDBC_PASSWORD:-}", description = "PostgreSQL password (env LEZ_JDBC_PASSWORD).")
  String jdbcPassword;

  @Option(names = "--checkpoint-dir", defaultValue = "${env:LEZ_CHECKPOINT_DIR}",
      description = {"Where checkpoints go, a directory every TaskManager reaches: file:///shared/path, s3://bucket/path (env LEZ_CHECKPOINT_DIR).",
          "Default for enforce: <data-dir>/checkpoints; required for a cluster."})
  String checkpointDir;

  @Option(names = "--checkpoint-interval", defaultValue = "${env:LEZ_CHECKPOINT_INTERVAL:-10s}",
      description = "Time between checkpoints, e.g. 10s (env LEZ_CHECKPOINT_INTERVAL). Default: 10s.")
  Duration checkpointInterval;

  @Option(names = "--parallelism", defaultValue = "${env:LEZ_PARALLELISM:-1}", description = "Parallelism of the job (env LEZ_PARALLELISM). Default: 1.")
  int parallelism;

  @Option(names = "--sightings-hmac-key", defaultValue = "${env:LEZ_SIGHTINGS_HMAC_KEY}",
      description = "Secret of the sightings vehicle hash, >= 16 bytes (env LEZ_SIGHTINGS_HMAC_KEY). Required.")
  String sightingsHmacKey;

  @Option(names = "--consumer-group", defaultValue = "${env:LEZ_CONSUMER_GROUP:-" + EnforcementJobConfig.DEFAULT_CONSUMER_GROUP + "}",
      description = "Kafka consumer group of the job (env LEZ_CONSUMER_GROUP). Default: ${DEFAULT-VALUE}.")
  String consumerGroup;

  /** The validated configuration; {@code defaultCheckpointDir} when no checkpoint directory is given (null: required). */
  EnforcementJobConfig config(Path defaultCheckpointDir) {
    String checkpoints = blank(checkpointDir) ? (defaultCheckpointDir == null ? null : defaultCheckpointDir.toString()) : checkpointDir;
    require(!blank(kafkaBootstrap), "--kafka-bootstrap (or LEZ_KAFKA_BOOTSTRAP) is required, e.g. kafka:9092");
    require(!blank(jdbcUrl), "--jdbc-url (or LEZ_JDBC_URL) is required, e.g. jdbc:postgresql://postgres:5432/lez");
    require(!blank(sightingsHmacKey), "--sightings-hmac-key (or LEZ_SIGHTINGS_HMAC_KEY) is required: the secret of the sightings hash, >= 16 bytes");
    require(checkpoints != null, "--checkpoint-dir (or LEZ_CHECKPOINT_DIR) is required on a cluster: a directory every TaskManager reaches");
    try {
      return new EnforcementJobConfig(kafkaBootstrap.trim(), jdbcUrl.trim(), jdbcUser, jdbcPassword, checkpoints,
          checkpointInterval, parallelism, sightingsHmacKey, consumerGroup, false);
    } catch (IllegalArgumentException e) {
      throw new BadSetting(e.getMessage());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new BadSetting(message);
  }
}
