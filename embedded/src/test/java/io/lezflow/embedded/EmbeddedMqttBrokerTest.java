package io.lezflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.NoDelaySocketFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
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

class EmbeddedMqttBrokerTest {
  private static final int MESSAGES = 20_000;
  private static final int PAYLOAD_BYTES = 120; // about a PlateRead

  @TempDir static Path dataDir;
  static EmbeddedMqttBroker broker;

  @BeforeAll
  static void startBroker() {
    long t0 = System.nanoTime();
    broker = EmbeddedMqttBroker.start(dataDir);
    System.out.printf("EmbeddedMqttBroker started in %d ms on %s%n", (System.nanoTime() - t0) / 1_000_000, broker.serverUrl());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void deliversTwentyThousandPipelinedQos1MessagesWithoutLoss() throws Exception {
    MqttTopics topics = TestServices.freshTopics();
    String topic = topics.reads("CAM-0001");
    ReceivedSequences received = new ReceivedSequences();
    MqttClient subscriber = new MqttClient(broker.serverUrl(), "sub-" + UUID.randomUUID(), new MemoryPersistence());
    subscriber.setCallback(received);
    subscriber.connect(options(true));
    subscriber.subscribe(topics.allReads(), 1);

    MqttAsyncClient publisher = new MqttAsyncClient(broker.serverUrl(), "pub-" + UUID.randomUUID(), new MemoryPersistence());
    publisher.connect(options(true)).waitForCompletion(10_000);
    long t0 = System.nanoTime();
    publishPipelined(publisher, topic, 0, MESSAGES);
    await().atMost(Duration.ofSeconds(120)).until(() -> received.distinct() == MESSAGES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("EmbeddedMqttBroker: %,d QoS 1 messages published and received in %.2f s = %,.0f msg/s (duplicates %d, broker dropped %d)%n",
        MESSAGES, seconds, MESSAGES / seconds, received.duplicates.get(), broker.droppedMessages());

    assertThat(received.distinct()).isEqualTo(MESSAGES);
    assertThat(broker.droppedMessages()).isZero();
    publisher.disconnect().waitForCompletion(10_000);
    publisher.close();
    subscriber.disconnect();
    subscriber.close();
  }

  @Test
  void persistentSessionKeepsMessagesPublishedWhileTheSubscriberIsAway() throws Exception {
    MqttTopics topics = TestServices.freshTopics();
    String topic = topics.reads("CAM-0002");
    String clientId = "persistent-" + UUID.randomUUID();
    MqttConnectionOptions persistent = options(false);
    persistent.setSessionExpiryInterval(300L); // expiry 0 would drop the session at disconnect

    ReceivedSequences first = new ReceivedSequences();
    MqttClient subscriber = new MqttClient(broker.serverUrl(), clientId, new MemoryPersistence());
    subscriber.setCallback(first);
    subscriber.connect(persistent);
    subscriber.subscribe(topics.allReads(), 1);
    subscriber.disconnect();
    subscriber.close();

    MqttAsyncClient publisher = new MqttAsyncClient(broker.serverUrl(), "pub-" + UUID.randomUUID(), new MemoryPersistence());
    publisher.connect(options(true)).waitForCompletion(10_000);
    publishPipelined(publisher, topic, 0, 500);
    publisher.disconnect().waitForCompletion(10_000);
    publisher.close();

    ReceivedSequences afterReconnect = new ReceivedSequences();
    MqttClient again = new MqttClient(broker.serverUrl(), clientId, new MemoryPersistence());
    again.setCallback(afterReconnect);
    again.connect(persistent); // no new subscribe: the session remembers it
    await().atMost(Duration.ofSeconds(30)).until(() -> afterReconnect.distinct() == 500);
    assertThat(first.distinct()).isZero();
    again.disconnect();
    again.close();
  }

  /**
   * The client's receive maximum, not HiveMQ's internal cap of 50, bounds the messages in flight to
   * a shared-subscription member: a subscriber that acknowledges late (after a synced write, like
   * ingest) gets a whole receive-maximum window per round trip, not 50.
   */
  @Test
  void sharedSubscriberGetsAsManyUnacknowledgedMessagesAsItsReceiveMaximum() throws Exception {
    int receiveMaximum = 400;
    int published = 500;
    MqttTopics topics = TestServices.freshTopics();
    String clientId = "late-acker-" + UUID.randomUUID();
    MqttConnectionOptions connect = options(false);
    connect.setSessionExpiryInterval(300L);
    connect.setReceiveMaximum(receiveMaximum);
    // A backlog first (queued for the absent member's session): the broker's first poll after the
    // reconnect can then take a whole window at once; a trickle would be delivered as it arrives.
    MqttAsyncClient member = new MqttAsyncClient(broker.serverUrl(), clientId, new MemoryPersistence());
    member.connect(connect).waitForCompletion(10_000);
    member.subscribe("$share/late/" + topics.allReads(), 1).waitForCompletion(10_000);
    member.disconnect().waitForCompletion(10_000);
    member.close();

    MqttAsyncClient publisher = new MqttAsyncClient(broker.serverUrl(), "pub-" + UUID.randomUUID(), new MemoryPersistence());
    publisher.connect(options(true)).waitForCompletion(10_000);
    publishPipelined(publisher, topics.reads("CAM-0003"), 0, published);

    HeldAcks held = new HeldAcks();
    MqttAsyncClient subscriber = new MqttAsyncClient(broker.serverUrl(), clientId, new MemoryPersistence());
    subscriber.setManualAcks(true);
    subscriber.setCallback(held);
    subscriber.connect(connect).waitForCompletion(10_000);

    // Nothing acknowledged yet: the broker fills the window and then stops, exactly at the receive maximum.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(held.received.get()).isGreaterThanOrEqualTo(receiveMaximum));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> held.received.get() == receiveMaximum);

    held.acknowledgeAll(subscriber);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(held.received.get()).isEqualTo(published));
    held.acknowledgeAll(subscriber);
    assertThat(broker.droppedMessages()).isZero();
    publisher.disconnect().waitForCompletion(10_000);
    publisher.close();
    subscriber.disconnect().waitForCompletion(10_000);
    subscriber.close();
    forgetSession(clientId);
  }

  private static void forgetSession(String clientId) throws MqttException {
    MqttConnectionOptions clean = options(true);
    clean.setSessionExpiryInterval(0L);
    MqttAsyncClient c = new MqttAsyncClient(broker.serverUrl(), clientId, new MemoryPersistence());
    c.connect(clean).waitForCompletion(10_000);
    c.disconnect().waitForCompletion(10_000);
    c.close();
  }

  private static MqttConnectionOptions options(boolean cleanStart) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(cleanStart);
    options.setSocketFactory(new NoDelaySocketFactory());
    options.setAutomaticReconnect(false);
    options.setReceiveMaximum(65_535);
    return options;
  }

  /**
   * Publishes with many messages in flight; when Paho refuses another (32202, too many publishes
   * in progress) waits for the oldest outstanding token and retries the same message: never drops.
   */
  private static void publishPipelined(MqttAsyncClient publisher, String topic, int from, int count) throws MqttException {
    Deque<IMqttToken> inFlight = new ArrayDeque<>();
    for (int seq = from; seq < from + count; seq++) {
      byte[] payload = ByteBuffer.allocate(PAYLOAD_BYTES).putInt(seq).array();
      while (true) {
        try {
          inFlight.addLast(publisher.publish(topic, payload, 1, false));
          break;
        } catch (MqttException e) {
          if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || inFlight.isEmpty()) throw e;
          inFlight.removeFirst().waitForCompletion(30_000);
        }
      }
      while (!inFlight.isEmpty() && inFlight.peekFirst().isComplete()) inFlight.removeFirst();
    }
    while (!inFlight.isEmpty()) inFlight.removeFirst().waitForCompletion(30_000);
  }

  /** Counts arrivals and keeps their packet ids unacknowledged until the test acknowledges them. */
  private static final class HeldAcks implements MqttCallback {
    private final AtomicInteger received = new AtomicInteger();
    private final java.util.concurrent.ConcurrentLinkedQueue<Integer> unacknowledged = new java.util.concurrent.ConcurrentLinkedQueue<>();

    void acknowledgeAll(MqttAsyncClient client) throws MqttException {
      Integer id;
      while ((id = unacknowledged.poll()) != null) client.messageArrivedComplete(id, 1);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      unacknowledged.add(message.getId());
      received.incrementAndGet();
    }

    @Override public void disconnected(MqttDisconnectResponse response) {}
    @Override public void mqttErrorOccurred(MqttException exception) {}
    @Override public void deliveryComplete(IMqttToken token) {}
    @Override public void connectComplete(boolean reconnect, String serverURI) {}
    @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }

  /** Records which sequence numbers arrived; does no blocking work in Paho's callback thread. */
  private static final class ReceivedSequences implements MqttCallback {
    private final BitSet seen = new BitSet();
    private final AtomicInteger duplicates = new AtomicInteger();

    synchronized int distinct() {
      return seen.cardinality();
    }

    @Override
    public synchronized void messageArrived(String topic, MqttMessage message) {
      int seq = ByteBuffer.wrap(message.getPayload()).getInt();
      if (seen.get(seq)) duplicates.incrementAndGet();
      seen.set(seq);
    }

    @Override public void disconnected(MqttDisconnectResponse response) {}
    @Override public void mqttErrorOccurred(MqttException exception) {}
    @Override public void deliveryComplete(IMqttToken token) {}
    @Override public void connectComplete(boolean reconnect, String serverURI) {}
    @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
