package io.lezflow.sim.mqtt;

import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttPersistable;
import org.eclipse.paho.mqttv5.common.MqttPersistenceException;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;

/**
 * In-memory Paho persistence that keeps the topic name in every stored PUBLISH.
 *
 * <p>Why: Paho 1.2.5 replaces the topic of an outgoing PUBLISH by a topic alias (when the broker
 * allows aliases, as HiveMQ and Mosquitto do) before it stores the message for redelivery. After
 * a reconnect it resends the stored message with the alias only, but aliases do not survive a
 * connection, so the broker answers "topic alias could not be mapped" (0x94) and disconnects,
 * forever. Found by {@code CameraFleetITCase} with a cut connection. Here, a message stored with
 * an alias and no topic gets its topic back (from the alias's first use on this client), so it
 * goes on the wire with both and is still valid after a reconnect. Invariant: no stored PUBLISH
 * lacks its topic name.
 */
final class TopicKeepingPersistence implements MqttClientPersistence {
  private final MqttClientPersistence delegate = new MemoryPersistence();
  private final Map<Integer, String> topicByAlias = new ConcurrentHashMap<>();

  @Override
  public void put(String key, MqttPersistable persistable) throws MqttPersistenceException {
    if (persistable instanceof MqttPublish publish && publish.getProperties() != null) {
      Integer alias = publish.getProperties().getTopicAlias();
      if (alias != null && alias != 0) {
        if (publish.getTopicName() != null) {
          topicByAlias.put(alias, publish.getTopicName());
        } else if (topicByAlias.containsKey(alias)) {
          publish.setTopicName(topicByAlias.get(alias));
        }
      }
    }
    delegate.put(key, persistable);
  }

  @Override
  public void open(String clientId) throws MqttPersistenceException {
    delegate.open(clientId);
  }

  @Override
  public void close() throws MqttPersistenceException {
    delegate.close();
  }

  @Override
  public MqttPersistable get(String key) throws MqttPersistenceException {
    return delegate.get(key);
  }

  @Override
  public void remove(String key) throws MqttPersistenceException {
    delegate.remove(key);
  }

  @Override
  public Enumeration<String> keys() throws MqttPersistenceException {
    return delegate.keys();
  }

  @Override
  public void clear() throws MqttPersistenceException {
    delegate.clear();
  }

  @Override
  public boolean containsKey(String key) throws MqttPersistenceException {
    return delegate.containsKey(key);
  }
}
