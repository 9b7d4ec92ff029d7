package io.lezflow.jobs.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * How rows of one type go into one table: an idempotent {@code INSERT ... ON CONFLICT DO NOTHING}
 * and the binding of one row to it. Idempotence is the contract: writing a row twice leaves the
 * table as writing it once, which turns the sink's at-least-once delivery into exactly-once rows.
 */
public interface TableRows<T> extends Serializable {

  /** Table name, for logs and metrics. */
  String table();

  /** The parameterised, idempotent insert. */
  String insertSql();

  void bind(PreparedStatement insert, T row, Connection connection) throws SQLException;

  /**
   * Rows with the same key must not share one batch: an {@code ON CONFLICT DO UPDATE} may touch a
   * row only once per command, and a batch is rewritten into one multi-row insert. Null = no key.
   */
  default String conflictKey(T row) {
    return null;
  }

  /**
   * Work a writer must do before a batch is inserted (e.g. create partitions), in its own
   * committed transaction. One instance per writer, so it may cache what it has done.
   */
  default BatchPreparation<T> newPreparation() {
    return (connection, batch) -> {};
  }

  interface BatchPreparation<T> {
    void prepare(Connection connection, List<T> batch) throws SQLException;
  }
}
