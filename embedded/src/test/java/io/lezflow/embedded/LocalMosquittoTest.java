package io.lezflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lezflow.schemas.NoDelaySocketFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMosquittoTest {
  @TempDir Path dir;

  @Test
  void theConfigurationDoesNotDropAQueueOfAcknowledgedReadsAndListensOnLoopbackOnly() {
    String conf = LocalMosquitto.configuration(41883, Optional.of("lez"));
    assertThat(conf).contains("listener 41883 127.0.0.1").contains("max_queued_messages 10000000").contains("max_queued_bytes 0")
        .contains("user lez").contains("set_tcp_nodelay true").doesNotContain("1883 0.0.0.0");
  }

  @Test
  void aFreshProcessOfItsOwnCarriesQos1AndStopsWithIt() throws Exception {
    assumeTrue(LocalMosquitto.available(), "mosquitto is not installed (apt-get install mosquitto)");
    AtomicInteger received = new AtomicInteger();
    long pid;
    try (LocalMosquitto broker = LocalMosquitto.start(dir)) {
      pid = broker.pid();
      assertThat(Files.exists(dir.resolve("mosquitto.conf"))).isTrue();
      MqttClient subscriber = client(broker, received);
      subscriber.subscribe("t/#", 1);
      MqttClient publisher = client(broker, new AtomicInteger());
      for (int i = 0; i < 100; i++) publisher.publish("t/" + i, new MqttMessage(new byte[] {(byte) i}, 1, false, null));
      await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 100);
      publisher.disconnect();
      subscriber.disconnect();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("broker process after close").isFalse();
  }

  private static MqttClient client(LocalMosquitto broker, AtomicInteger received) throws MqttException {
    MqttClient c = new MqttClient(broker.serverUrl(), "c-" + UUID.randomUUID(), new MemoryPersistence());
    c.setCallback(new MqttCallback() {
      @Override public void disconnected(MqttDisconnectResponse r) {}
      @Override public void mqttErrorOccurred(MqttException e) {}
      @Override public void messageArrived(String topic, MqttMessage message) {
        received.incrementAndGet();
      }
      @Override public void deliveryComplete(IMqttToken token) {}
      @Override public void connectComplete(boolean reconnect, String serverURI) {}
      @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(new NoDelaySocketFactory());
    c.connect(o);
    return c;
  }
}
