package io.lezflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback TCP ports that were free a moment ago (the OS hands out ephemeral ports round-robin, so a reuse race is unlikely). */
final class FreePorts {
  private FreePorts() {}

  static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback TCP port", e);
    }
  }

  static int nextOtherThan(int taken) {
    int port = next();
    while (port == taken) port = next();
    return port;
  }
}
