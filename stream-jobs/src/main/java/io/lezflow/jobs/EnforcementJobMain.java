package io.lezflow.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for {@code flink run}: configuration from the environment ({@link
 * EnforcementJobConfig#fromEnvironment}), production wiring, runs until cancelled.
 */
public final class EnforcementJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(EnforcementJobMain.class);

  private EnforcementJobMain() {}

  public static void main(String[] args) throws Exception {
    EnforcementJobConfig config;
    try {
      config = EnforcementJobConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("lezflow enforcement: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("starting {}", config);
    EnforcementJob.onKafka(config).run(EnforcementJob.environment(config));
  }
}
