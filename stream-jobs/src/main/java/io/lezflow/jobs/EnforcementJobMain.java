package io.lezflow.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Main class of the job jar ({@code lezflow-stream-jobs-<version>-job.jar}), for {@code lezflow job
 * submit}, Flink's REST API ({@code POST /jars/<id>/run}) or {@code flink run}: configuration from
 * the program arguments over the environment ({@link EnforcementJobConfig#fromArgs}), production
 * wiring, runs until cancelled.
 *
 * <p>A bad setting throws {@link IllegalArgumentException} with a message naming it, never {@code
 * System.exit}: on a cluster this main runs inside the JobManager, whose JVM must live on, and the
 * REST API returns the message to the submitter.
 */
public final class EnforcementJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(EnforcementJobMain.class);

  private EnforcementJobMain() {}

  public static void main(String[] args) throws Exception {
    EnforcementJobConfig config = EnforcementJobConfig.fromArgs(args, System.getenv());
    LOG.info("starting {}", config);
    EnforcementJob.onKafka(config).run(EnforcementJob.environment(config));
  }
}
