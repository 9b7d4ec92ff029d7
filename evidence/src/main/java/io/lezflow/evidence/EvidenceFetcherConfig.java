package io.lezflow.evidence;

import io.lezflow.schemas.Topics;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of one evidence fetcher; valid by construction.
 *
 * @param violationsTopic the topic of settled fines and warnings ({@link Topics#VIOLATIONS})
 * @param groupId consumer group: the fetcher's committed position survives restarts
 * @param cameraBaseUrl the cameras' image endpoint, e.g. {@code http://127.0.0.1:41234}: an image
 *     is at {@code cameraBaseUrl + "/images/" + imageKey} (one endpoint per simulator process)
 * @param fetchTimeout how long one request to a camera may take
 * @param fetchAttempts requests per image before the camera counts as unreachable
 * @param maxConcurrentFetches requests in flight at once
 */
public record EvidenceFetcherConfig(
    String kafkaBootstrap,
    String violationsTopic,
    String groupId,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    URI cameraBaseUrl,
    Duration fetchTimeout,
    int fetchAttempts,
    int maxConcurrentFetches) {

  public static final String DEFAULT_GROUP_ID = "lez-evidence-fetcher";

  public EvidenceFetcherConfig {
    require(kafkaBootstrap != null && !kafkaBootstrap.isBlank(), "kafkaBootstrap", "must be set, e.g. 127.0.0.1:9092");
    require(violationsTopic != null && !violationsTopic.isBlank(), "violationsTopic", "must be set (" + Topics.VIOLATIONS + ")");
    require(groupId != null && !groupId.isBlank(), "groupId", "must be set");
    require(jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:"), "jdbcUrl", "must be a jdbc:postgresql: URL");
    require(cameraBaseUrl != null && cameraBaseUrl.getScheme() != null && cameraBaseUrl.getScheme().startsWith("http"),
        "cameraBaseUrl", "must be an http(s) URL, e.g. http://127.0.0.1:41234");
    require(fetchTimeout != null && !fetchTimeout.isNegative() && !fetchTimeout.isZero(), "fetchTimeout", "must be positive");
    require(fetchAttempts >= 1 && fetchAttempts <= 10, "fetchAttempts", "must be 1..10, got " + fetchAttempts);
    require(maxConcurrentFetches >= 1 && maxConcurrentFetches <= 256, "maxConcurrentFetches", "must be 1..256, got " + maxConcurrentFetches);
  }

  /** The production topic and group, 5 s per request, 3 attempts, 16 requests in flight. */
  public static EvidenceFetcherConfig defaults(String kafkaBootstrap, String jdbcUrl, String jdbcUser, String jdbcPassword, URI cameraBaseUrl) {
    return new EvidenceFetcherConfig(kafkaBootstrap, Topics.VIOLATIONS, DEFAULT_GROUP_ID, jdbcUrl, jdbcUser, jdbcPassword, cameraBaseUrl,
        Duration.ofSeconds(5), 3, 16);
  }

  public EvidenceFetcherConfig withTopic(String topic, String newGroupId) {
    return new EvidenceFetcherConfig(kafkaBootstrap, topic, newGroupId, jdbcUrl, jdbcUser, jdbcPassword, cameraBaseUrl,
        fetchTimeout, fetchAttempts, maxConcurrentFetches);
  }

  /** The settings without the database password: configurations end up in logs. */
  @Override
  public String toString() {
    return "EvidenceFetcherConfig[kafkaBootstrap=" + kafkaBootstrap + ", violationsTopic=" + violationsTopic + ", groupId=" + groupId
        + ", jdbcUrl=" + jdbcUrl + ", cameraBaseUrl=" + cameraBaseUrl + ", fetchTimeout=" + fetchTimeout
        + ", fetchAttempts=" + fetchAttempts + ", maxConcurrentFetches=" + maxConcurrentFetches + "]";
  }

  private static void require(boolean ok, String setting, String why) {
    if (!ok) throw new IllegalArgumentException("Invalid evidence fetcher setting '" + setting + "': " + why);
  }
}
