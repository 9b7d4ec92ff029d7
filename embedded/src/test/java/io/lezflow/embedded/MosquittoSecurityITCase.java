package io.lezflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lezflow.schemas.MqttTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 3: the Mosquitto configuration that ops ships, rendered by {@link MosquittoSecurity}
 * and run by a real {@code mosquitto} process with its dynamic-security plugin, keeps cameras in
 * their own subtree, lets only ingest subscribe, and keeps strangers out.
 */
class MosquittoSecurityITCase {
  static final MqttTopics TOPICS = MqttTopics.DEFAULT;
  static final String CAM_A = "bru-cam-0001";
  static final String CAM_B = "bru-cam-0002";
  static final int NOT_AUTHORIZED = 0x87;
  static final int BAD_CREDENTIALS = 0x86;

  @TempDir static Path dir;
  static MosquittoProcess broker;
  static MosquittoSecurity.Generated security;
  static MqttAsyncClient ingest;
  static final Set<String> seenByIngest = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startBroker() throws Exception {
    assumeTrue(MosquittoProcess.binary().isPresent(),
        "mosquitto is not installed (apt-get install mosquitto): the broker security test needs the real broker");
    int port = MosquittoProcess.freePort();
    security = MosquittoSecurity.write(dir, List.of(CAM_A, CAM_B), "ingest",
        MosquittoSecurity.BrokerSettings.local(port), MosquittoSecurity.newFleetSecret());
    broker = MosquittoProcess.start(security.configFile(), port);
    ingest = connect("ingest-1", "ingest", security.password("ingest"));
    ingest.setCallback(new Collector(seenByIngest));
    IMqttToken subscribed = ingest.subscribe(
        new String[] {"$share/ingest/" + TOPICS.allReads(), "$share/ingest/" + TOPICS.allStatus()}, new int[] {1, 1});
    subscribed.waitForCompletion(10_000);
    assertThat(java.util.Arrays.stream(subscribed.getReasonCodes()).boxed().toList()).as("ingest may subscribe to every camera's reads and status").allMatch(c -> c < 0x80);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (ingest != null) {
      ingest.disconnect().waitForCompletion(5_000);
      ingest.close();
    }
    if (broker != null) broker.close();
  }

  @Test
  void theRenderedConfigurationIsTheShippedOneWithItsSettingsFilledIn() throws Exception {
    String config = Files.readString(security.configFile());
    assertThat(config).doesNotContain("{{")
        .contains("allow_anonymous false")
        .containsPattern("(?m)^plugin \\S*mosquitto_dynamic_security\\.so$")
        .contains("plugin_opt_config_file " + security.dynamicSecurityFile().toAbsolutePath())
        .doesNotContainPattern("(?m)^(password_file|acl_file) ")
        .contains("persistence true")
        .containsPattern("(?m)^max_queued_messages 10000000$");

    String stateText = Files.readString(security.dynamicSecurityFile());
    assertThat(stateText).as("hashes only, no password in clear")
        .doesNotContain(security.password(CAM_A), security.password(CAM_B), security.password("ingest"));
    assertThat(Files.getPosixFilePermissions(security.dynamicSecurityFile()))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    JsonNode state = new ObjectMapper().readTree(stateText);
    assertThat(state.at("/defaultACLAccess/subscribe").asBoolean(true)).as("SUBSCRIBE denied unless a role grants it").isFalse();
    assertThat(state.at("/defaultACLAccess/publishClientSend").asBoolean(true)).isFalse();
    assertThat(state.at("/defaultACLAccess/publishClientReceive").asBoolean(true)).isFalse();
    JsonNode camA = null;
    for (JsonNode client : state.get("clients")) if (client.get("username").asText().equals(CAM_A)) camA = client;
    assertThat(camA).isNotNull();
    assertThat(Base64.getDecoder().decode(camA.get("salt").asText())).as("the plugin's salt length").hasSize(12);
    assertThat(Base64.getDecoder().decode(camA.get("password").asText())).as("PBKDF2-SHA512 output").hasSize(64);
    assertThat(camA.at("/roles/0/rolename").asText()).isEqualTo(MosquittoSecurity.cameraRole(CAM_A));
  }

  @Test
  void aCameraPublishingOnItsOwnTopicReachesIngest() throws Exception {
    MqttAsyncClient camera = connect(CAM_A, CAM_A, security.password(CAM_A));
    try {
      String payload = "own-" + UUID.randomUUID();
      IMqttToken token = camera.publish(TOPICS.reads(CAM_A), message(payload));
      token.waitForCompletion(10_000);
      assertThat(java.util.Arrays.stream(token.getReasonCodes()).boxed().toList()).allMatch(c -> c < 0x80);
      await().atMost(Duration.ofSeconds(10)).until(() -> seenByIngest.contains(payload));
    } finally {
      close(camera);
    }
  }

  @Test
  void aCameraPublishingOnAnotherCamerasTopicIsRefusedAndNothingIsDelivered() throws Exception {
    MqttAsyncClient camera = connect(CAM_A, CAM_A, security.password(CAM_A));
    try {
      String forged = "forged-" + UUID.randomUUID();
      String forgedStatus = "forged-status-" + UUID.randomUUID();
      int readsCode = publishReasonCode(camera, TOPICS.reads(CAM_B), forged);
      int statusCode = publishReasonCode(camera, TOPICS.status(CAM_B), forgedStatus);
      assertThat(readsCode).as("PUBACK reason code for a read on another camera's topic").isEqualTo(NOT_AUTHORIZED);
      assertThat(statusCode).as("PUBACK reason code for a status on another camera's topic").isEqualTo(NOT_AUTHORIZED);

      // The same connection's next message on its own topic is delivered after anything it sent
      // before: once it has arrived, a forged message would have arrived too.
      String marker = "marker-" + UUID.randomUUID();
      camera.publish(TOPICS.reads(CAM_A), message(marker)).waitForCompletion(10_000);
      await().atMost(Duration.ofSeconds(10)).until(() -> seenByIngest.contains(marker));
      assertThat(seenByIngest).doesNotContain(forged, forgedStatus);
    } finally {
      close(camera);
    }
  }

  @Test
  void anAnonymousClientCannotConnect() {
    MqttException refused = catchThrowableOfType(MqttException.class, () -> connect("anonymous-1", null, null));
    assertThat(refused).as("anonymous connection refused").isNotNull();
    assertThat(refused.getReasonCode()).isIn(NOT_AUTHORIZED, BAD_CREDENTIALS);
  }

  @Test
  void aCameraWithAWrongPasswordOrAnotherCamerasPasswordCannotConnect() {
    MqttException wrong = catchThrowableOfType(MqttException.class, () -> connect(CAM_A, CAM_A, "not-the-password"));
    assertThat(wrong).isNotNull();
    assertThat(wrong.getReasonCode()).isIn(NOT_AUTHORIZED, BAD_CREDENTIALS);
    MqttException other = catchThrowableOfType(MqttException.class, () -> connect(CAM_A, CAM_A, security.password(CAM_B)));
    assertThat(other).isNotNull();
  }

  /**
   * The dynamic-security plugin checks SUBSCRIBE (Mosquitto 2.0's acl_file did not): a camera is
   * refused every filter outside its rights, the ingest share group above all, with SUBACK reason
   * code 0x87, and receives nothing.
   */
  @Test
  void aCameraCannotSubscribeToReadsNorJoinTheIngestShareGroup() throws Exception {
    MqttAsyncClient spy = connect(CAM_B, CAM_B, security.password(CAM_B));
    MqttAsyncClient camera = connect(CAM_A, CAM_A, security.password(CAM_A));
    Set<String> seenBySpy = ConcurrentHashMap.newKeySet();
    try {
      spy.setCallback(new Collector(seenBySpy));
      for (String filter : List.of(TOPICS.sharedReads(), TOPICS.allReads(), "#", TOPICS.reads(CAM_A), TOPICS.sharedStatus())) {
        assertThat(subscribeReasonCode(spy, filter)).as("SUBACK reason code for a camera subscribing to " + filter)
            .isEqualTo(NOT_AUTHORIZED);
      }

      List<String> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String payload = "read-" + i + "-" + UUID.randomUUID();
        camera.publish(TOPICS.reads(CAM_A), message(payload)).waitForCompletion(10_000);
        sent.add(payload);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> seenByIngest.containsAll(sent));
      assertThat(seenBySpy).as("a camera never receives another camera's reads").isEmpty();
    } finally {
      close(camera);
      close(spy);
    }
  }

  /**
   * The gap the plugin closes: with acl_file, a camera that subscribed to the ingest share group
   * became a member, the broker gave it its round-robin share and, delivery being denied, those
   * reads were lost for the group. Now every read of honest cameras reaches ingest.
   */
  @Test
  void aHostileCameraTryingToJoinTheIngestShareGroupDivertsNoRead() throws Exception {
    MqttAsyncClient hostile = connect(CAM_B, CAM_B, security.password(CAM_B));
    MqttAsyncClient camera = connect(CAM_A, CAM_A, security.password(CAM_A));
    Set<String> seenByHostile = ConcurrentHashMap.newKeySet();
    try {
      hostile.setCallback(new Collector(seenByHostile));
      assertThat(subscribeReasonCode(hostile, TOPICS.sharedReads())).isEqualTo(NOT_AUTHORIZED);
      assertThat(hostile.isConnected()).as("the refused camera stays connected, as a hostile one would").isTrue();

      List<String> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String payload = "honest-" + i + "-" + UUID.randomUUID();
        assertThat(publishReasonCode(camera, TOPICS.reads(CAM_A), payload)).as("PUBACK of read " + i).isLessThan(0x80);
        sent.add(payload);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> seenByIngest.containsAll(sent));
      assertThat(seenByHostile).as("the hostile camera received nothing").isEmpty();
    } finally {
      close(camera);
      close(hostile);
    }
  }

  private static int subscribeReasonCode(MqttAsyncClient client, String filter) {
    try {
      IMqttToken token = client.subscribe(filter, 1);
      token.waitForCompletion(10_000);
      return token.getReasonCodes() == null || token.getReasonCodes().length == 0 ? -1 : token.getReasonCodes()[0];
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  private static int publishReasonCode(MqttAsyncClient client, String topic, String payload) {
    try {
      IMqttToken token = client.publish(topic, message(payload));
      token.waitForCompletion(10_000);
      return token.getReasonCodes() == null || token.getReasonCodes().length == 0 ? 0 : token.getReasonCodes()[0];
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  private static MqttMessage message(String payload) {
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(1);
    return message;
  }

  static MqttAsyncClient connect(String clientId, String user, String password) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    if (user != null) options.setUserName(user);
    if (password != null) options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    try {
      client.connect(options).waitForCompletion(10_000);
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return client;
  }

  private static void close(MqttAsyncClient client) throws MqttException {
    if (client.isConnected()) client.disconnect().waitForCompletion(5_000);
    client.close();
  }

  private static final class Collector implements MqttCallback {
    private final Set<String> seen;

    Collector(Set<String> seen) {
      this.seen = seen;
    }

    @Override public void messageArrived(String topic, MqttMessage message) {
      seen.add(new String(message.getPayload(), StandardCharsets.UTF_8));
    }
    @Override public void disconnected(MqttDisconnectResponse response) {}
    @Override public void mqttErrorOccurred(MqttException exception) {}
    @Override public void deliveryComplete(IMqttToken token) {}
    @Override public void connectComplete(boolean reconnect, String serverUri) {}
    @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
