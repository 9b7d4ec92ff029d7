package io.lezflow.embedded;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded HiveMQ CE MQTT 5 broker on 127.0.0.1, tuned so that it does not drop QoS 1 messages.
 *
 * <p>Why the tuning (docs/design.md, "Dependency facts"): with defaults HiveMQ queues at most 1,000 messages per client and
 * silently discards the rest, and its server receive maximum of 10 makes pipelining publishers
 * fail at once. Here: in-memory persistence, a queue of 1,000,000 per client, receive maximum
 * 65,535, no usage statistics (no network), and the client's MQTT 5 receive maximum (not HiveMQ's
 * internal cap of 50), up to 1,000, bounds how many messages are in flight to a subscriber. Subscribers should
 * still use {@code io.lezflow.schemas.NoDelaySocketFactory}, or Nagle caps delivery at ~1,000 msg/s.
 *
 * <p>Why the in-flight window: HiveMQ CE sends a shared-subscription member a batch of at most
 * {@code min(client receive maximum, 50)} messages and polls the next batch only once every message
 * of the previous one is acknowledged (stop-and-wait). A subscriber that acknowledges after a synced
 * write, as the ingest gateway does, then gets at most 50 messages per fsync round, whatever
 * receive maximum it asked for. The cap is {@code InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES},
 * which no config.xml element or system property sets in HiveMQ CE 2025.5; it is a JVM-wide static
 * read at every poll, so it is raised here, before the broker starts.
 *
 * <p>Invariant: {@link #serverUrl()} is accepting MQTT connections between {@link #start} and
 * {@link #close}; the broker owns only {@code dataDir/hivemq}.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
  /** Enough for a long backlog of camera reads per subscriber; memory is spent only when used. */
  static final long MAX_QUEUED_MESSAGES_PER_CLIENT = 1_000_000;
  static final int SERVER_RECEIVE_MAXIMUM = 65_535;

  private final EmbeddedHiveMQ hivemq;
  private final int port;
  private boolean closed;

  private EmbeddedMqttBroker(EmbeddedHiveMQ hivemq, int port) {
    this.hivemq = hivemq;
    this.port = port;
  }

  /** Writes the broker configuration under {@code dataDir/hivemq}, starts it and returns once it listens. */
  public static EmbeddedMqttBroker start(Path dataDir) {
    long t0 = System.nanoTime();
    allowClientReceiveMaximumInFlight();
    Path home = dataDir.toAbsolutePath().resolve("hivemq");
    Path conf = home.resolve("conf");
    Path data = home.resolve("data");
    Path extensions = home.resolve("extensions");
    int port = FreePorts.next();
    try {
      Files.createDirectories(conf);
      Files.createDirectories(data);
      Files.createDirectories(extensions);
      Files.writeString(conf.resolve("config.xml"), configXml(port), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write HiveMQ configuration under " + home, e);
    }
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(data)
            .withExtensionsFolder(extensions)
            // HiveMQ's own logging bootstrap would reset the application's logback setup.
            .withoutLoggingBootstrap()
            .build();
    try {
      hivemq.start().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(hivemq);
      throw new IllegalStateException("interrupted while starting HiveMQ", e);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(hivemq);
      throw new IllegalStateException("embedded HiveMQ did not start on 127.0.0.1:" + port, e);
    }
    EmbeddedMqttBroker broker = new EmbeddedMqttBroker(hivemq, port);
    LOG.info("Embedded MQTT broker (HiveMQ CE) ready on {} in {} ms", broker.serverUrl(), (System.nanoTime() - t0) / 1_000_000);
    return broker;
  }

  /**
   * Lets each client's receive maximum (up to the server's) bound its in-flight window instead of
   * HiveMQ's hard-coded 50 (see the class comment). Never lowers a value set before.
   */
  static void allowClientReceiveMaximumInFlight() {
    synchronized (InternalConfigurations.class) {
      if (InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES < MAX_IN_FLIGHT_WINDOW) {
        InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = MAX_IN_FLIGHT_WINDOW;
      }
    }
  }

  /**
   * The in-flight window per subscriber: the ingest gateway's default receive maximum. Not 65,535:
   * HiveMQ then runs out of packet ids for a fast subscriber that asked for the MQTT maximum (Paho's
   * default) and stops delivering to it ("No message id available", seen in a CI run).
   */
  static final int MAX_IN_FLIGHT_WINDOW = 1_000;

  /** {@code "tcp://127.0.0.1:port"}. */
  public String serverUrl() {
    return "tcp://127.0.0.1:" + port;
  }

  /**
   * Messages the broker dropped so far (HiveMQ's {@code com.hivemq.messages.dropped.count}); a
   * test of a no-loss path asserts it stays 0.
   */
  public long droppedMessages() {
    var counter = hivemq.getMetricRegistry().getCounters().get("com.hivemq.messages.dropped.count");
    return counter == null ? 0 : counter.getCount();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      hivemq.stop().get(30, TimeUnit.SECONDS);
      hivemq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping HiveMQ", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("embedded HiveMQ on " + serverUrl() + " did not stop cleanly", e);
    }
    LOG.info("Embedded MQTT broker on {} stopped", serverUrl());
  }

  static String configXml(int port) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
            <receive-maximum>
              <server-receive-maximum>%d</server-receive-maximum>
            </receive-maximum>
          </mqtt>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
          <persistence>
            <mode>in-memory</mode>
          </persistence>
        </hivemq>
        """
        .formatted(port, MAX_QUEUED_MESSAGES_PER_CLIENT, SERVER_RECEIVE_MAXIMUM);
  }

  private static void closeQuietly(EmbeddedHiveMQ hivemq) {
    try {
      hivemq.close();
    } catch (Exception e) {
      LOG.warn("HiveMQ did not close cleanly after a failed start", e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedMqttBroker[" + serverUrl() + "]";
  }
}
