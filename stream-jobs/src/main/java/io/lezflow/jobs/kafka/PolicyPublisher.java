package io.lezflow.jobs.kafka;

import io.lezflow.jobs.enforce.ZoneDirectory;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.PolicyFile;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.rules.policy.json.ZonePolicyJson;
import io.lezflow.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes zone policy versions to {@link Topics#ZONE_POLICIES}, where the running enforcement
 * picks them up without a restart.
 *
 * <p>Key: {@code "<zone>@v<version>"} (e.g. {@code brussels@v2}), not the bare zone id. Why: the
 * topic is compacted, which keeps the latest value per key; keyed by zone it would keep only a
 * zone's newest version, and a job started afresh would then decide reads from before that
 * version's effective time under no policy at all. Value: {@code ZonePolicy} Protobuf ({@link
 * ZonePolicyJson#toProto}). Returns only when the broker has acknowledged every version.
 */
public final class PolicyPublisher {
  private PolicyPublisher() {}

  /** @return how many versions were published */
  public static int publish(String bootstrap, Collection<ZonePolicy> policies) {
    return publish(bootstrap, Topics.ZONE_POLICIES, policies);
  }

  /** To another topic than {@link Topics#ZONE_POLICIES} (tests). */
  public static int publish(String bootstrap, String topic, Collection<ZonePolicy> policies) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    // A handful of records: one request in flight costs nothing and rules out the retry storm
    // (NOT_LEADER_OR_FOLLOWER, then endless OUT_OF_ORDER_SEQUENCE_NUMBER) seen on a freshly
    // created topic of a heavily loaded single-broker cluster.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (ZonePolicy policy : policies) {
        byte[] key = ZoneDirectory.policyKey(policy.zoneId(), policy.version()).getBytes(StandardCharsets.UTF_8);
        byte[] value = ZonePolicyJson.toProto(policy, "lezflow policy publisher").toByteArray();
        acks.add(producer.send(new ProducerRecord<>(topic, key, value)));
      }
      for (Future<RecordMetadata> ack : acks) ack.get(60, TimeUnit.SECONDS);
      return acks.size();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish zone policies to " + topic + " at " + bootstrap, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing zone policies", e);
    }
  }

  /** Every version of the policies shipped with lezflow (Brussels, Antwerp, Ghent, London ULEZ, Paris). */
  public static int publishShipped(String bootstrap) throws PolicyValidationException {
    List<ZonePolicy> all = new ArrayList<>();
    for (PolicyFile file : ShippedPolicies.files()) all.addAll(file.versions());
    return publish(bootstrap, all);
  }
}
