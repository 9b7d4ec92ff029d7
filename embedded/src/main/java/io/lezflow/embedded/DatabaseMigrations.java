package io.lezflow.embedded;

import org.flywaydb.core.Flyway;

/**
 * Flyway migrations of {@code classpath:db/migration} (the SQL lives in module schemas).
 *
 * <p>Invariant: after {@code migrate}, the schema holds every migration on the classpath exactly
 * once; running it again applies nothing.
 */
public final class DatabaseMigrations {
  private static final String LOCATION = "classpath:db/migration";

  private DatabaseMigrations() {}

  /** Migrates schema {@code public}; returns the number of migrations applied (0 when up to date). */
  public static int migrate(String jdbcUrl, String user, String password) {
    return migrate(jdbcUrl, user, password, "public");
  }

  /**
   * Migrates {@code schema}, creating it if it is missing; returns the number of migrations
   * applied (0 when up to date).
   */
  public static int migrate(String jdbcUrl, String user, String password, String schema) {
    if (schema == null || schema.isBlank()) {
      throw new IllegalArgumentException("database schema to migrate must not be blank");
    }
    return Flyway.configure()
        .dataSource(jdbcUrl, user, password)
        .locations(LOCATION)
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .failOnMissingLocations(true)
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
