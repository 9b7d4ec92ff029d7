package io.lezflow.sim.images;


import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lezflow.schemas.EvidenceImageKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cameras' image endpoint, one per simulator process: {@code GET
 * /images/{camera_id}/{sequence}.png} answers 200 with the PNG from the {@link CameraImageStore},
 * 404 when the camera has no such image (never taken, purged, expired), 405 for another method.
 * Purges expired images every {@code purgeEvery}. Loopback only: it stands for a camera's local
 * storage, reachable from the back office's fetcher, not from the world.
 */
public final class CameraImageServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraImageServer.class);
  public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService purger;
  private final LongAdder served = new LongAdder();

  private final CameraImageStore store;

  private CameraImageServer(CameraImageStore store, int port, Duration purgeEvery) throws IOException {
    this.store = store;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    handlers = Executors.newFixedThreadPool(2, daemon("lez-camera-images"));
    server.setExecutor(handlers);
    server.createContext(EvidenceImageKeys.PATH_PREFIX, this::serve);
    purger = Executors.newSingleThreadScheduledExecutor(daemon("lez-camera-images-purge"));
    purger.scheduleWithFixedDelay(() -> {
      try {
        store.purgeExpired();
      } catch (RuntimeException e) {
        LOG.error("Camera image purge failed", e);
      }
    }, purgeEvery.toMillis(), purgeEvery.toMillis(), TimeUnit.MILLISECONDS);
    server.start();
  }

  /** Starts the endpoint on 127.0.0.1 and {@code port} (0: a free one). */
  public static CameraImageServer start(CameraImageStore store, int port) {
    return start(store, port, DEFAULT_PURGE_INTERVAL);
  }

  public static CameraImageServer start(CameraImageStore store, int port, Duration purgeEvery) {
    try {
      return new CameraImageServer(store, port, purgeEvery);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for camera image requests on 127.0.0.1:" + port, e);
    }
  }

  /** e.g. {@code http://127.0.0.1:41234}; an image is at {@code baseUrl + "/images/" + imageKey}. */
  public String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  /** Images this endpoint has handed out: what left the cameras. */
  public long imagesServed() {
    return served.sum();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String key = exchange.getRequestURI().getPath().substring(EvidenceImageKeys.PATH_PREFIX.length());
      Optional<byte[]> png = EvidenceImageKeys.isValid(key) ? store.get(key) : Optional.empty();
      if (png.isEmpty()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", PlateImages.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, png.get().length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(png.get());
      }
      served.increment();
    }
  }

  @Override
  public void close() {
    purger.shutdownNow();
    server.stop(0);
    handlers.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    };
  }
}
