package io.lezflow.ops.bench;

import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.mqtt.IngestGateway;
import io.lezflow.embedded.MosquittoProcess;
import io.lezflow.embedded.MosquittoSecurity;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.NoDelaySocketFactory;
import io.lezflow.schemas.v1.Direction;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.PlateRead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@code lezflow bench ingest}: how many plate reads per second the gateway makes durable in
 * Kafka, next to what the broker alone delivers from publishers to one subscriber, in one run on
 * the same machine.
 *
 * <p>Fairness: both legs use one Mosquitto process of the benchmark's own (the shipped no-loss
 * configuration, on a free loopback port), the same publishers (one authenticated connection per
 * camera, QoS 1, pipelined), the same payloads and count, and a subscriber with the same MQTT 5
 * receive maximum and shared subscription as the gateway. The baseline subscriber only counts;
 * the gateway leg ends when Kafka acknowledged every read. Prints nothing.
 */
public final class IngestBenchmark {
  private static final MqttTopics TOPICS = MqttTopics.DEFAULT;
  private static final String INGEST_USER = "ingest";
  private static final int PUBLISH_WINDOW = 2_000;
  private static final Duration LEG_TIMEOUT = Duration.ofMinutes(10);

  private IngestBenchmark() {}

  public static BenchResult run(BenchOptions options) {
    Path root;
    try {
      root = Files.createDirectories(options.workDir().resolve("ingest-bench-" + System.nanoTime()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the benchmark directory in " + options.workDir(), e);
    }
    List<String> cameras = new ArrayList<>();
    for (int i = 0; i < options.cameras(); i++) cameras.add(CameraIds.of("bench", i));
    int port = MosquittoProcess.freePort();
    MosquittoSecurity.Generated security = MosquittoSecurity.write(root.resolve("mosquitto"), cameras, INGEST_USER,
        MosquittoSecurity.BrokerSettings.local(port), MosquittoSecurity.newFleetSecret());
    try (MosquittoProcess broker = MosquittoProcess.start(security.configFile(), port)) {
      Payloads payloads = new Payloads(cameras);
      Duration baseline = baselineLeg(options, broker, security, cameras, payloads);
      Duration gateway = gatewayLeg(options, broker, security, cameras, payloads, root.resolve("outbox"));
      return new BenchResult(options.messages(), options.cameras(), payloads.size(),
          options.messages() / seconds(baseline), options.messages() / seconds(gateway), baseline, gateway, mosquittoVersion());
    } catch (MqttException e) {
      throw new IllegalStateException("MQTT failure during the benchmark: " + e, e);
    }
  }

  private static Duration baselineLeg(BenchOptions options, MosquittoProcess broker, MosquittoSecurity.Generated security,
      List<String> cameras, Payloads payloads) throws MqttException {
    AtomicLong received = new AtomicLong();
    MqttAsyncClient subscriber = new MqttAsyncClient(broker.url(), "bench-baseline-subscriber", new MemoryPersistence());
    MqttConnectionOptions connect = options(INGEST_USER, security.password(INGEST_USER));
    connect.setCleanStart(true);
    connect.setSessionExpiryInterval(0L);
    connect.setReceiveMaximum(IngestConfig.DEFAULT_MAX_IN_FLIGHT);
    subscriber.setCallback(new Counting(received));
    subscriber.connect(connect).waitForCompletion(10_000);
    subscriber.subscribe("$share/" + MqttTopics.INGEST_SHARE_GROUP + "/" + TOPICS.allReads(), 1).waitForCompletion(10_000);
    try (Publishers publishers = new Publishers(broker.url(), cameras, security)) {
      return measure(options, publishers, payloads, received::get);
    } finally {
      subscriber.disconnect().waitForCompletion(10_000);
      subscriber.close();
    }
  }

  private static Duration gatewayLeg(BenchOptions options, MosquittoProcess broker, MosquittoSecurity.Generated security,
      List<String> cameras, Payloads payloads, Path outbox) throws MqttException {
    IngestConfig config = IngestConfig.defaults(broker.url(), options.kafkaBootstrap())
        .withGatewayId("ingest-bench")
        .withCredentials(INGEST_USER, security.password(INGEST_USER))
        .withOutboxDir(outbox);
    try (IngestGateway gateway = new IngestGateway(config, Clock.systemUTC());
        Publishers publishers = new Publishers(broker.url(), cameras, security)) {
      gateway.start();
      return measure(options, publishers, payloads, gateway::accepted);
    }
  }

  /** Warm-up, then publishes {@code messages} and waits until {@code done} counted all of them. */
  private static Duration measure(BenchOptions options, Publishers publishers, Payloads payloads, LongSupplier done)
      throws MqttException {
    long sequence = 0;
    for (int i = 0; i < options.warmupMessages(); i++) publishers.publish(payloads, sequence++);
    publishers.flush();
    awaitCount(done, options.warmupMessages());
    long started = System.nanoTime();
    for (int i = 0; i < options.messages(); i++) publishers.publish(payloads, sequence++);
    publishers.flush();
    awaitCount(done, (long) options.warmupMessages() + options.messages());
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private static void awaitCount(LongSupplier count, long target) {
    long deadline = System.nanoTime() + LEG_TIMEOUT.toNanos();
    while (count.getAsLong() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("benchmark leg stalled: " + count.getAsLong() + " of " + target + " after " + LEG_TIMEOUT);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static double seconds(Duration d) {
    return Math.max(1e-9, d.toNanos() / 1e9);
  }

  private static MqttConnectionOptions options(String user, String password) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(user);
    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    options.setSocketFactory(new NoDelaySocketFactory());
    options.setKeepAliveInterval(30);
    return options;
  }

  static String mosquittoVersion() {
    try {
      Path binary = MosquittoProcess.binary().orElse(null);
      if (binary == null) return "mosquitto";
      Process p = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, TimeUnit.SECONDS);
      return out.lines().filter(l -> l.startsWith("mosquitto version")).findFirst().map(l -> l.replace(" version", "")).orElse("mosquitto");
    } catch (IOException e) {
      return "mosquitto";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "mosquitto";
    }
  }

  /** Valid plate reads of realistic size, one camera after the other. */
  private static final class Payloads {
    private final List<String> cameras;
    private final long capturedAt = System.currentTimeMillis();

    Payloads(List<String> cameras) {
      this.cameras = cameras;
    }

    String camera(long sequence) {
      return cameras.get((int) (sequence % cameras.size()));
    }

    byte[] read(long sequence) {
      String camera = camera(sequence);
      long n = sequence / cameras.size();
      return PlateRead.newBuilder()
          .setReadId(CameraIds.readId(camera, n))
          .setCameraId(camera)
          .setSequence(n)
          .setCapturedAtMs(capturedAt)
          .setPublishedAtMs(capturedAt)
          .setPlateText(String.format("%d-ABC-%03d", 1 + n % 9, n % 1000))
          .setPlateCountry("BE")
          .setConfidence(0.93f)
          .setLane(1)
          .setDirection(Direction.DIRECTION_INBOUND)
          .setEvidence(Evidence.newBuilder()
              .setImageKey("img/" + camera + "/" + n + ".jpg")
              .setImageSha256("a".repeat(64)))
          .build()
          .toByteArray();
    }

    int size() {
      return read(0).length;
    }
  }

  /** One authenticated QoS 1 connection per camera, pipelined, never dropping a publish. */
  private static final class Publishers implements AutoCloseable {
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<ArrayDeque<IMqttToken>> outstanding = new ArrayList<>();

    Publishers(String url, List<String> cameras, MosquittoSecurity.Generated security) throws MqttException {
      for (String camera : cameras) {
        MqttAsyncClient client = new MqttAsyncClient(url, camera, new MemoryPersistence());
        MqttConnectionOptions options = options(camera, security.password(camera));
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        clients.add(client);
        outstanding.add(new ArrayDeque<>());
      }
    }

    void publish(Payloads payloads, long sequence) throws MqttException {
      int index = (int) (sequence % clients.size());
      MqttAsyncClient client = clients.get(index);
      ArrayDeque<IMqttToken> window = outstanding.get(index);
      MqttMessage message = new MqttMessage(payloads.read(sequence));
      message.setQos(1);
      while (true) {
        try {
          window.addLast(client.publish(TOPICS.reads(payloads.camera(sequence)), message));
          while (window.size() > PUBLISH_WINDOW) window.pollFirst().waitForCompletion(30_000);
          return;
        } catch (MqttException e) {
          // Paho's "too many publishes in progress": wait for the oldest, never drop.
          if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) throw e;
          if (!window.isEmpty()) {
            window.pollFirst().waitForCompletion(30_000);
          } else {
            LockSupport.parkNanos(200_000);
          }
        }
      }
    }

    void flush() throws MqttException {
      for (ArrayDeque<IMqttToken> window : outstanding) {
        while (!window.isEmpty()) window.pollFirst().waitForCompletion(30_000);
      }
    }

    @Override
    public void close() throws MqttException {
      flush();
      for (MqttAsyncClient client : clients) {
        client.disconnect().waitForCompletion(10_000);
        client.close();
      }
    }
  }

  private record Counting(AtomicLong received) implements MqttCallback {
    @Override public void messageArrived(String topic, MqttMessage message) {
      received.incrementAndGet();
    }
    @Override public void disconnected(MqttDisconnectResponse response) {}
    @Override public void mqttErrorOccurred(MqttException exception) {}
    @Override public void deliveryComplete(IMqttToken token) {}
    @Override public void connectComplete(boolean reconnect, String serverUri) {}
    @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
