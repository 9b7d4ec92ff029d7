package io.lezflow.sim.mqtt;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets for the cameras' Paho clients: TCP_NODELAY (as {@code
 * io.lezflow.schemas.NoDelaySocketFactory}, see docs/design.md, "MQTT client facts"), and a connection never reports its end
 * (EOF or a read error) before the client has written its first bytes (the CONNECT packet), or
 * {@value #MAX_HOLD_MS} ms have passed.
 *
 * <p>Why: Paho 1.2.5 opens a connection on a "connecting" thread that starts the connection's
 * receiver, sender and callback threads one after the other and, after each start, polls every
 * 100 ms and forever (interrupts swallowed) until it has seen that thread running ({@code
 * CommsReceiver/CommsSender/CommsCallback.start}); only then does it queue the CONNECT. If the peer
 * closes the TCP connection at once — a load balancer or proxy whose broker is down does exactly
 * that — the receiver sees EOF, Paho shuts the connection's threads down, and a thread can stop
 * between two polls: the connecting thread then spins forever. One leaked thread per such reconnect
 * attempt (found by {@code CameraOfflineBufferITCase}; 330 cameras retrying for an hour would leak
 * thousands). Holding the end of the stream back until the CONNECT is written means every start
 * has been seen before Paho can shut anything down; it delays noticing such a close by the few
 * milliseconds the start takes. Read timeouts pass through untouched.
 */
final class PahoSocketFactory extends SocketFactory {
  /** A bound on the hold, in case nothing is ever written (Paho's connect timeout is 10 s too). */
  static final long MAX_HOLD_MS = 10_000;
  private static final long HOLD_POLL_MS = 5;

  @Override
  public Socket createSocket() throws IOException {
    ConnectGatedSocket socket = new ConnectGatedSocket();
    socket.setTcpNoDelay(true);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(SocketAddress remote, SocketAddress local) throws IOException {
    Socket socket = createSocket();
    if (local != null) socket.bind(local);
    socket.connect(remote);
    return socket;
  }

  /** A socket whose input stream holds back its end until something was written, or {@value #MAX_HOLD_MS} ms. */
  static final class ConnectGatedSocket extends Socket {
    private volatile long connectedAtNanos = System.nanoTime();
    private volatile boolean written;

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      super.connect(endpoint, timeout);
      connectedAtNanos = System.nanoTime();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      return new FilterOutputStream(super.getOutputStream()) {
        @Override
        public void write(int b) throws IOException {
          written = true;
          out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
          written = true;
          out.write(bytes, offset, length);
        }
      };
    }

    @Override
    public InputStream getInputStream() throws IOException {
      return new FilterInputStream(super.getInputStream()) {
        @Override
        public int read() throws IOException {
          try {
            int b = super.read();
            if (b < 0) holdUntilWritten();
            return b;
          } catch (SocketTimeoutException e) {
            throw e;
          } catch (IOException e) {
            holdUntilWritten();
            throw e;
          }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          try {
            int n = super.read(buffer, offset, length);
            if (n < 0) holdUntilWritten();
            return n;
          } catch (SocketTimeoutException e) {
            throw e;
          } catch (IOException e) {
            holdUntilWritten();
            throw e;
          }
        }
      };
    }

    /**
     * Uninterruptibly: a fleet that closes interrupts Paho's threads, and an interrupt cutting the
     * hold short would reopen the very window the hold closes (the polls swallow interrupts).
     */
    private void holdUntilWritten() {
      long deadline = connectedAtNanos + TimeUnit.MILLISECONDS.toNanos(MAX_HOLD_MS);
      boolean interrupted = false;
      while (!written && deadline - System.nanoTime() > 0) {
        try {
          TimeUnit.MILLISECONDS.sleep(HOLD_POLL_MS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
