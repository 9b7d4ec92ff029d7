package io.lezflow.ingest.mqtt;

import io.lezflow.schemas.NoDelaySocketFactory;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A test camera fleet's publisher: QoS 1, many publishes outstanding, never a dropped message.
 * When Paho refuses a publish with "too many publishes in progress" (32202) it waits for the
 * oldest outstanding one to complete and tries again.
 */
final class PipelinedPublisher implements AutoCloseable {
  private static final long TIMEOUT_MS = 30_000;
  private final MqttAsyncClient client;
  private final ArrayDeque<IMqttToken> outstanding = new ArrayDeque<>();
  private long published;

  PipelinedPublisher(String url) throws MqttException {
    client = new MqttAsyncClient(url, "it-pub-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setSocketFactory(new NoDelaySocketFactory());
    client.connect(options).waitForCompletion(TIMEOUT_MS);
  }

  void publish(String topic, byte[] payload) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    while (true) {
      try {
        outstanding.addLast(client.publish(topic, message));
        published++;
        while (outstanding.size() > 5000) outstanding.pollFirst().waitForCompletion(TIMEOUT_MS);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) throw e;
        if (!outstanding.isEmpty()) {
          outstanding.pollFirst().waitForCompletion(TIMEOUT_MS);
        } else {
          // Paho may still count a publish whose token already completed: give it a moment.
          LockSupport.parkNanos(200_000);
        }
      }
    }
  }

  /** Waits until the broker acknowledged everything published. */
  void flush() throws MqttException {
    while (!outstanding.isEmpty()) outstanding.pollFirst().waitForCompletion(TIMEOUT_MS);
  }

  long published() {
    return published;
  }

  @Override
  public void close() throws MqttException {
    flush();
    client.disconnect().waitForCompletion(TIMEOUT_MS);
    client.close();
  }

  /** Removes a gateway's persistent session from the broker, so test runs leave nothing behind. */
  static void forgetSession(String url, String clientId) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setSessionExpiryInterval(0L);
    c.connect(options).waitForCompletion(TIMEOUT_MS);
    c.disconnect().waitForCompletion(TIMEOUT_MS);
    c.close();
  }
}
