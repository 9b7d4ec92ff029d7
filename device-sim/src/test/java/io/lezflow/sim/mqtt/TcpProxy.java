package io.lezflow.sim.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a broker whose connections a test can cut, to see what the
 * cameras do when their network drops. After {@link #cutConnections()} new connections are accepted
 * again right away; after {@link #goOffline()} every new connection is closed at once (as a load
 * balancer whose broker is down does), after {@link #goOfflineAfterHello()} once the client has sent
 * its first bytes (so the refusal is seen when the client has surely started), until {@link
 * #goOnline()}. Each refused connection is recorded, so a test can see how clients space their attempts.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;
  private volatile boolean refusing;
  private volatile boolean readHelloBeforeClosing;
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();

  /** A refused connection: when it was accepted and when it was closed ({@link System#nanoTime()}). */
  record Refusal(long acceptedAtNanos, long closedAtNanos) {}

  TcpProxy(String targetUrl) throws IOException {
    URI uri = URI.create(targetUrl);
    this.targetHost = uri.getHost();
    this.targetPort = uri.getPort();
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "tcp://127.0.0.1:" + listener.getLocalPort();
  }

  /** The network goes down: every connection is cut and new ones are refused until {@link #goOnline()}. */
  void goOffline() {
    readHelloBeforeClosing = false;
    refusing = true;
    cutConnections();
  }

  /** As {@link #goOffline()}, but each new connection is closed only after the client's first bytes (or 2 s). */
  void goOfflineAfterHello() {
    readHelloBeforeClosing = true;
    refusing = true;
    cutConnections();
  }

  void goOnline() {
    refusing = false;
  }

  /** Each connection refused while offline, in the order they were accepted. */
  List<Refusal> refusals() {
    return List.copyOf(refusals);
  }

  /** Closes every proxied connection, as a network failure would. */
  void cutConnections() {
    for (Socket s : open) closeQuietly(s);
    open.clear();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (refusing) {
          refuse(client, System.nanoTime());
          continue;
        }
        client.setTcpNoDelay(true);
        Socket upstream = new Socket(targetHost, targetPort);
        upstream.setTcpNoDelay(true);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) return;
      }
    }
  }

  private void refuse(Socket client, long acceptedAtNanos) {
    if (!readHelloBeforeClosing) {
      closeQuietly(client);
      refusals.add(new Refusal(acceptedAtNanos, System.nanoTime()));
      return;
    }
    Thread t = new Thread(() -> {
      try {
        client.setSoTimeout(2_000);
        client.getInputStream().read(new byte[256]);
      } catch (IOException e) {
        // closing anyway
      }
      closeQuietly(client);
      refusals.add(new Refusal(acceptedAtNanos, System.nanoTime()));
    }, "tcp-proxy-refuse");
    t.setDaemon(true);
    t.start();
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the connection was cut or closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    closeQuietly(listener);
    cutConnections();
    acceptor.join(5_000);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
