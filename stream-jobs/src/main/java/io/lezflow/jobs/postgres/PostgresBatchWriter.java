package io.lezflow.jobs.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers rows and writes them to PostgreSQL in JDBC batches, one transaction per batch: never a
 * round trip per row.
 *
 * <p>A batch goes out when it is full, when the oldest buffered row has waited {@code
 * flushInterval} (a processing-time timer; its callback runs in the task's mailbox thread, so no
 * locking), on every checkpoint ({@link #flush} is called before the barrier is forwarded, so a
 * completed checkpoint means every row before it is committed: at-least-once), and at end of
 * input. The inserts are idempotent ({@link TableRows}), so redelivery after a restart is
 * harmless. A failed batch is retried on a new connection a few times, then fails the task with a
 * {@link DecisionSinkException} (the job restarts from its last checkpoint). Neither that exception
 * nor the log lines carry the driver's messages: they quote the rows, plates included.
 */
public final class PostgresBatchWriter<T> implements SinkWriter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresBatchWriter.class);
  static final int MAX_ATTEMPTS = 3;

  private final JdbcTarget target;
  private final TableRows<T> rows;
  private final TableRows.BatchPreparation<T> preparation;
  private final int batchSize;
  private final long flushIntervalMs;
  private final ProcessingTimeService timers;
  private final Counter rowsWritten;
  private final Counter batchesWritten;
  private final List<T> buffer;
  private final java.util.Set<String> bufferedKeys = new java.util.HashSet<>();

  private Connection connection;
  private PreparedStatement insert;
  private boolean flushTimerArmed;
  private boolean closed;

  public PostgresBatchWriter(
      JdbcTarget target,
      TableRows<T> rows,
      int batchSize,
      Duration flushInterval,
      ProcessingTimeService timers,
      Counter rowsWritten,
      Counter batchesWritten) {
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be > 0: " + flushInterval);
    }
    this.target = target;
    this.rows = rows;
    this.preparation = rows.newPreparation();
    this.batchSize = batchSize;
    this.flushIntervalMs = flushInterval.toMillis();
    this.timers = timers;
    this.rowsWritten = rowsWritten;
    this.batchesWritten = batchesWritten;
    this.buffer = new ArrayList<>(batchSize);
  }

  @Override
  public void write(T row, Context context) throws IOException {
    String key = rows.conflictKey(row);
    if (key != null && !bufferedKeys.add(key)) {
      // A second row for the same key (e.g. a candidate and its settlement): write the first one's batch first.
      writeBuffer();
      bufferedKeys.add(key);
    }
    buffer.add(row);
    if (buffer.size() >= batchSize) {
      writeBuffer();
    } else if (!flushTimerArmed) {
      flushTimerArmed = true;
      timers.registerTimer(timers.getCurrentProcessingTime() + flushIntervalMs, time -> onFlushTimer());
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException {
    writeBuffer();
  }

  /** Rows buffered and not yet committed. */
  public int buffered() {
    return buffer.size();
  }

  private void onFlushTimer() throws IOException {
    flushTimerArmed = false;
    if (!closed) writeBuffer();
  }

  private void writeBuffer() throws IOException {
    if (buffer.isEmpty()) return;
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        writeOnce();
        rowsWritten.inc(buffer.size());
        batchesWritten.inc();
        buffer.clear();
        bufferedKeys.clear();
        return;
      } catch (SQLException e) {
        last = e;
        // SQL state and class names only, never e: the driver's messages quote the rows (plates).
        LOG.warn("writing {} rows to {} failed (attempt {} of {}): SQLState {} {}",
            buffer.size(), rows.table(), attempt, MAX_ATTEMPTS, DecisionSinkException.sqlStateOf(e),
            DecisionSinkException.classNames(e));
        closeConnection();
        if (attempt < MAX_ATTEMPTS) backOff(attempt);
      }
    }
    // Flink logs the cause of a failed task with its whole chain: it must not carry the driver's messages.
    throw DecisionSinkException.batchFailed(rows.table(), buffer.size(), MAX_ATTEMPTS, last);
  }

  private void writeOnce() throws SQLException {
    if (connection == null) {
      connection = target.connect("lezflow-enforcement-" + rows.table());
      insert = connection.prepareStatement(rows.insertSql());
    }
    preparation.prepare(connection, buffer);
    try {
      for (T row : buffer) {
        rows.bind(insert, row, connection);
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // the connection is dropped by the caller anyway
      }
      throw e;
    }
  }

  private static void backOff(int attempt) throws IOException {
    try {
      // Retry pacing for a database that blips (restart, failover); not synchronisation.
      Thread.sleep(200L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while retrying a batch", e);
    }
  }

  private void closeConnection() {
    try {
      if (connection != null) connection.close();
    } catch (SQLException e) {
      LOG.debug("closing a failed connection to {}: SQLState {} {}", rows.table(), e.getSQLState(), e.getClass().getSimpleName());
    } finally {
      connection = null;
      insert = null;
    }
  }

  @Override
  public void close() {
    closed = true;
    if (!buffer.isEmpty()) {
      // Only reached on cancel/failure: a finishing job flushed at end of input.
      LOG.info("closing with {} unwritten rows for {}; they are replayed from the last checkpoint", buffer.size(), rows.table());
    }
    closeConnection();
  }
}
