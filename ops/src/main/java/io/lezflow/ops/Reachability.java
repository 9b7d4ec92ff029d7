package io.lezflow.ops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * A bounded wait for a service a command needs: a TCP connect to its address, retried each
 * second until {@code timeout}; then {@link ServiceUnreachable} naming the address. Why TCP and
 * not the client library: each library has its own (long, sometimes silent) retry policy, and an
 * operator starting a command wants one clear line within the wait they configured.
 */
final class Reachability {
  private Reachability() {}

  /** {@code tcp://host:1883} or {@code ssl://host:8883}. */
  static void awaitMqtt(String url, Duration timeout) {
    URI uri = URI.create(url);
    int port = uri.getPort() > 0 ? uri.getPort() : url.startsWith("ssl") || url.startsWith("wss") ? 8883 : 1883;
    awaitAny("MQTT broker", url, new String[] {uri.getHost() + ":" + port}, timeout);
  }

  /** {@code host:port[,host:port...]}: reachable when any one answers (Kafka clients need just one to bootstrap). */
  static void awaitKafka(String bootstrap, Duration timeout) {
    awaitAny("Kafka", bootstrap, bootstrap.split(","), timeout);
  }

  /** {@code jdbc:postgresql://host:port/db?...}. */
  static void awaitPostgres(String jdbcUrl, Duration timeout) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    awaitAny("PostgreSQL", jdbcUrl.replaceAll("password=[^&]*", "password=****"), new String[] {uri.getHost() + ":" + port}, timeout);
  }

  private static void awaitAny(String service, String address, String[] hostPorts, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String hostPort : hostPorts) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).trim();
        int port = Integer.parseInt(hostPort.substring(colon + 1).trim());
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(host, port), 1_000);
          return;
        } catch (IOException | IllegalArgumentException e) {
          // not yet: try the next address, then again after a pause
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new ServiceUnreachable(service, address, timeout);
      try {
        Thread.sleep(Math.min(1_000, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceUnreachable(service, address, timeout);
      }
    }
  }
}
