package io.lezflow.ops;

import io.lezflow.jobs.EnforcementJob;
import io.lezflow.jobs.EnforcementJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.client.JobCancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lezflow enforce}: the enforcement job, either on a Flink MiniCluster in this JVM (one
 * process, a small city or a lab) until Ctrl-C, or with {@code --submit} on a Flink session
 * cluster (what {@code lezflow job submit} does).
 */
@Command(
    name = "enforce",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the enforcement job: Kafka plate reads -> decisions in PostgreSQL and on Kafka.",
      "Without --submit on a Flink MiniCluster in this process (Web UI and Prometheus metrics on local ports) until Ctrl-C;",
      "with --submit on the Flink session cluster at --flink-url."
    })
public final class EnforceCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin JobSettings settings = new JobSettings();
  @Mixin JobCommand.Cluster cluster = new JobCommand.Cluster();
  @Mixin JobCommand.JobJar jar = new JobCommand.JobJar();

  @Option(names = "--submit", description = "Submit to the Flink session cluster at --flink-url instead of running here.")
  boolean submit;

  @Option(names = "--data-dir", defaultValue = "${env:LEZ_DATA_DIR:-lezflow-data}",
      description = "Where the in-process job keeps its checkpoints (<data-dir>/checkpoints) (env LEZ_DATA_DIR). Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--web-port", defaultValue = "${env:LEZ_FLINK_WEB_PORT:-8081}",
      description = "Port of the in-process Flink Web UI and REST API, 0 for any free one (env LEZ_FLINK_WEB_PORT). Default: ${DEFAULT-VALUE}.")
  int webPort;

  @Option(names = "--metrics-port", defaultValue = "${env:LEZ_JOB_METRICS_PORT:-9249}",
      description = "Port of the in-process job's Prometheus metrics, 0 for any free one (env LEZ_JOB_METRICS_PORT). Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(names = "--from-savepoint", description = "Savepoint or retained checkpoint (chk-N directory) to resume from.")
  String fromSavepoint;

  @Override
  public Integer call() throws Exception {
    if (submit) {
      EnforcementJobConfig config = settings.config(null);
      FlinkRestClient flink = cluster.client();
      String jobId = JobCommand.submit(flink, jar.resolve(), config, fromSavepoint, false, cluster.wait);
      spec.commandLine().getErr().println("lezflow enforce: job " + jobId + " running on " + flink.url());
      spec.commandLine().getOut().println(jobId);
      return 0;
    }
    if (webPort < 0 || webPort > 65535) throw new BadSetting("--web-port must be 0..65535, got " + webPort);
    if (metricsPort < 0 || metricsPort > 65535) throw new BadSetting("--metrics-port must be 0..65535, got " + metricsPort);
    LocalFlink local = LocalFlink.onPorts(webPort, metricsPort);
    Path data = dataDir.toAbsolutePath();
    try {
      Files.createDirectories(data);
    } catch (java.io.IOException e) {
      throw new BadSetting("--data-dir " + data + " cannot be created: " + e.getMessage());
    }
    EnforcementJobConfig config = settings.config(data.resolve("checkpoints"));
    Configuration overrides = local.configuration();
    if (fromSavepoint != null) overrides.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint);
    JobClient client = EnforcementJob.onKafka(config).start(EnforcementJob.localEnvironment(config, overrides));
    spec.commandLine().getErr().println("lezflow enforce: job " + client.getJobID() + " running in this process");
    spec.commandLine().getErr().println("  Flink Web UI:  " + local.webUrl());
    spec.commandLine().getErr().println("  job metrics:   " + local.metricsUrl());
    spec.commandLine().getErr().println("  checkpoints:   " + config.checkpointDir().replaceAll("/+$", "") + "/" + client.getJobID() + " (resume: --from-savepoint <that>/chk-N)");

    CountDownLatch stopped = new CountDownLatch(1);
    Thread onCtrlC = new Thread(() -> {
      try {
        client.cancel().get(10, TimeUnit.SECONDS);
        stopped.await(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("lezflow enforce: cancelling: " + e);
      }
    }, "lezflow-enforce-shutdown");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      client.getJobExecutionResult().get();
      return 0;
    } catch (ExecutionException e) {
      // Cancelled on purpose (lezflow job cancel against the Web UI's REST address, Ctrl-C): a normal end.
      // (Ask the exception, not the job: the MiniCluster stops with its job.)
      if (cancelled(e)) {
        spec.commandLine().getErr().println("lezflow enforce: job " + client.getJobID() + " cancelled");
        return 0;
      }
      spec.commandLine().getErr().println("lezflow enforce: the job failed: " + e.getCause());
      return 1;
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running
      }
    }
  }

  private static boolean cancelled(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof JobCancellationException) return true;
    }
    return false;
  }
}
