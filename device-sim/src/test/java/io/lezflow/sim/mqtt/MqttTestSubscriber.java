package io.lezflow.sim.mqtt;

import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.NoDelaySocketFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A test subscriber that only collects (topic, payload) in messageArrived: it must stay fast, or
 * a broker that caps its per-client queue (Mosquitto: 1,000 by default) drops messages.
 */
final class MqttTestSubscriber implements AutoCloseable {
  record Received(String topic, byte[] payload, boolean retained) {}

  private final MqttAsyncClient client;
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();

  private MqttTestSubscriber(MqttAsyncClient client) {
    this.client = client;
  }

  static MqttTestSubscriber subscribe(String url, String... filters) throws MqttException {
    return subscribeAs(url, null, null, filters);
  }

  /** As {@link #subscribe}, logged in with a username and password (null: anonymous). */
  static MqttTestSubscriber subscribeAs(String url, String username, String password, String... filters) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(url, "sub-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
    MqttTestSubscriber subscriber = new MqttTestSubscriber(client);
    client.setCallback(new MqttCallback() {
      @Override public void disconnected(MqttDisconnectResponse response) {}
      @Override public void mqttErrorOccurred(MqttException exception) {}
      @Override public void messageArrived(String topic, MqttMessage message) {
        subscriber.received.add(new Received(topic, message.getPayload(), message.isRetained()));
      }
      @Override public void deliveryComplete(IMqttToken token) {}
      @Override public void connectComplete(boolean reconnect, String serverURI) {}
      @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    });
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setSocketFactory(new NoDelaySocketFactory());
    options.setReceiveMaximum(65_535);
    if (username != null) {
      options.setUserName(username);
      options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    try {
      client.connect(options).waitForCompletion(10_000);
      int[] qos = new int[filters.length];
      java.util.Arrays.fill(qos, 1);
      client.subscribe(filters, qos).waitForCompletion(10_000);
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return subscriber;
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  int count() {
    return received.size();
  }

  /** Clears retained messages a test left on a shared broker. */
  void clearRetained(MqttTopics topics, List<String> cameraIds) throws MqttException {
    // One at a time: a few messages, and Mosquitto's receive maximum of 20 would refuse a burst (32202).
    for (String id : cameraIds) client.publish(topics.status(id), new byte[0], 1, true).waitForCompletion(10_000);
  }

  @Override
  public void close() throws MqttException {
    try {
      // A subscriber whose broker was killed has nothing to disconnect from.
      if (client.isConnected()) client.disconnect().waitForCompletion(5_000);
    } finally {
      client.close(true);
    }
  }
}
