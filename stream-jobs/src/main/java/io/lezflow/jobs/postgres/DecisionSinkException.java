package io.lezflow.jobs.postgres;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of decision rows that PostgreSQL did not take, described without any of its content.
 *
 * <p>Why: the driver's messages quote the rows (a {@code BatchUpdateException} names the statement
 * with its parameters, a constraint violation's detail says "Failing row contains (...)"), so they
 * hold plates, and Flink logs the failure cause of a failed task with every cause and its message.
 * This exception carries only the table, the batch size, the attempts, the SQL state and the class
 * names of the driver's exceptions. Its cause is a {@link DriverFailure} chain copying the driver's
 * stack traces (where it failed) and SQL states, never a driver message.
 *
 * <p>Invariant: no message, {@code toString} or stack trace print of this exception or of any of its
 * causes contains text produced by the driver or the server.
 */
public final class DecisionSinkException extends IOException {
  private static final long serialVersionUID = 1L;
  /** Bounds the copied chain: a driver's next-exception list can hold one entry per row. */
  static final int MAX_CHAIN = 10;

  private final String table;
  private final int rows;
  private final String sqlState;

  private DecisionSinkException(String message, String table, int rows, String sqlState, DriverFailure cause) {
    super(message, cause);
    this.table = table;
    this.rows = rows;
    this.sqlState = sqlState;
  }

  /** A batch of {@code rows} rows into {@code table} that failed {@code attempts} times, the last time with {@code last}. */
  static DecisionSinkException batchFailed(String table, int rows, int attempts, SQLException last) {
    String state = sqlStateOf(last);
    String message = "could not write " + rows + " rows to " + table + " after " + attempts + " attempts: SQLState "
        + state + " (" + SqlStates.describe(state) + "), " + classNames(last)
        + "; the driver's messages are left out because they quote the rows; the job restarts from its last checkpoint";
    return new DecisionSinkException(message, table, rows, state, DriverFailure.copyOf(last));
  }

  public String table() {
    return table;
  }

  public int rows() {
    return rows;
  }

  /** The SQL state of the failure (the first one set along the driver's chain), or null if none was. */
  public String sqlState() {
    return sqlState;
  }

  /** The first SQL state along the chain: a BatchUpdateException often has none, its next exception has. */
  static String sqlStateOf(Throwable failure) {
    for (Throwable t : chainOf(failure)) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) return sql.getSQLState();
    }
    return null;
  }

  /** Simple class names along the chain, e.g. {@code "BatchUpdateException caused by PSQLException"}. */
  static String classNames(Throwable failure) {
    List<String> names = new ArrayList<>();
    for (Throwable t : chainOf(failure)) names.add(t.getClass().getSimpleName());
    return String.join(" caused by ", names);
  }

  /** {@code failure}, then its next exceptions and causes, each once, at most {@link #MAX_CHAIN}. */
  static List<Throwable> chainOf(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable t = failure;
    while (t != null && chain.size() < MAX_CHAIN && seen.put(t, Boolean.TRUE) == null) {
      chain.add(t);
      Throwable next = t instanceof SQLException sql ? sql.getNextException() : null;
      t = next != null && !seen.containsKey(next) ? next : t.getCause();
    }
    return chain;
  }

  /**
   * One exception of the driver's chain with its message replaced by its class name and SQL state;
   * its stack trace is the original's.
   */
  public static final class DriverFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private DriverFailure(String message, DriverFailure cause) {
      super(message, cause);
    }

    static DriverFailure copyOf(Throwable failure) {
      List<Throwable> chain = chainOf(failure);
      DriverFailure copy = null;
      for (int i = chain.size() - 1; i >= 0; i--) {
        Throwable t = chain.get(i);
        String state = t instanceof SQLException sql ? " SQLState " + sql.getSQLState() : "";
        copy = new DriverFailure(t.getClass().getName() + state + " (message withheld: it may quote the rows)", copy);
        copy.setStackTrace(t.getStackTrace());
      }
      return copy;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // replaced by the original's in copyOf
    }
  }

  /** What a SQL state class means, for an operator reading the log. */
  static final class SqlStates {
    private SqlStates() {}

    static String describe(String state) {
      if (state == null || state.length() < 2) return "no SQL state";
      return switch (state.substring(0, 2)) {
        case "08" -> "connection failure: is PostgreSQL reachable?";
        case "28" -> "authentication failed: check the JDBC user and password";
        case "3D", "3F" -> "database or schema missing";
        case "42" -> "syntax error or missing table/column: are the migrations applied?";
        case "22" -> "a value does not fit its column";
        case "23" -> "a row violates a constraint";
        case "40" -> "transaction rolled back (serialization failure or deadlock)";
        case "53" -> "insufficient resources on the server";
        case "57" -> "operator intervention (server shutting down or query cancelled)";
        default -> "see the PostgreSQL error codes";
      };
    }
  }
}
