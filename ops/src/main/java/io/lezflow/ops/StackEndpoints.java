package io.lezflow.ops;

import java.util.Optional;

/**
 * Where the stack's services are: each one external (given by flag or environment variable) or,
 * when absent, embedded and started by {@link LocalStack}.
 */
public record StackEndpoints(
    Optional<String> mqttUrl, Optional<String> kafkaBootstrap, Optional<String> jdbcUrl, String jdbcUser, String jdbcPassword) {

  public StackEndpoints {
    mqttUrl.ifPresent(
        url -> {
          if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) {
            throw new IllegalArgumentException("--mqtt-url must look like tcp://host:1883 or ssl://host:8883, got: " + url);
          }
        });
    kafkaBootstrap.ifPresent(
        b -> {
          if (!b.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
            throw new IllegalArgumentException("--kafka-bootstrap must be host:port[,host:port...], got: " + b);
          }
        });
    jdbcUrl.ifPresent(
        u -> {
          if (!u.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db), got: " + u);
          }
        });
  }

  public static StackEndpoints allEmbedded() {
    return new StackEndpoints(Optional.empty(), Optional.empty(), Optional.empty(), "postgres", "");
  }
}
