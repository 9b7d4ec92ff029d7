package io.lezflow.jobs.postgres;

import io.lezflow.jobs.records.Sighting;
import io.lezflow.jobs.records.ViolationRecord;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Sink V2 of enforcement decisions into PostgreSQL: {@link #sightings} into the day-partitioned
 * {@code sightings} table, {@link #violations} into {@code violations}.
 *
 * <p>Delivery is at-least-once (each writer flushes on every checkpoint, see {@link
 * PostgresBatchWriter}) and every insert is {@code ON CONFLICT DO NOTHING} on the table's natural
 * key, so the rows in the database are exactly once: replaying any part of the input leaves the
 * tables as they were. No two-phase commit is needed, and a row is visible as soon as its batch
 * commits, not only at the next checkpoint.
 */
public final class PostgresDecisionSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);

  private final JdbcTarget target;
  private final TableRows<T> rows;
  private final int batchSize;
  private final Duration flushInterval;

  public PostgresDecisionSink(JdbcTarget target, TableRows<T> rows, int batchSize, Duration flushInterval) {
    this.target = Objects.requireNonNull(target, "target");
    this.rows = Objects.requireNonNull(rows, "rows");
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be > 0: " + flushInterval);
    }
    this.batchSize = batchSize;
    this.flushInterval = flushInterval;
  }

  public static PostgresDecisionSink<Sighting> sightings(JdbcTarget target) {
    return new PostgresDecisionSink<>(target, new SightingRows(), DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL);
  }

  public static PostgresDecisionSink<ViolationRecord> violations(JdbcTarget target) {
    return new PostgresDecisionSink<>(target, new ViolationRows(), DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    SinkWriterMetricGroup metrics = context.metricGroup();
    return new PostgresBatchWriter<>(
        target,
        rows,
        batchSize,
        flushInterval,
        context.getProcessingTimeService(),
        metrics.getNumRecordsSendCounter(),
        metrics.counter("lez_enforcement_db_batches_total"));
  }
}
