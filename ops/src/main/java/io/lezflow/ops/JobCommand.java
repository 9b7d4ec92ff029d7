package io.lezflow.ops;

import io.lezflow.jobs.EnforcementJobConfig;
import io.lezflow.jobs.EnforcementJobMain;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lezflow job submit|list|savepoint|cancel|upgrade}: the enforcement job on a Flink session
 * cluster, through the JobManager's REST API ({@link FlinkRestClient}). Results that scripts use
 * (a job id, a savepoint path) go to stdout alone; progress to stderr. Runbook:
 * ops/runbooks/restore-from-savepoint.md.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "The enforcement job on a Flink session cluster (REST API of the JobManager).",
    subcommands = {
      JobCommand.Submit.class,
      JobCommand.ListJobs.class,
      JobCommand.Savepoint.class,
      JobCommand.Cancel.class,
      JobCommand.Upgrade.class
    })
public final class JobCommand implements Runnable {

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.err);
  }

  /** Where the cluster is and how long to wait for it; every subcommand has these. */
  public static final class Cluster {
    @Option(names = "--flink-url", defaultValue = "${env:LEZ_FLINK_URL:-http://127.0.0.1:8081}",
        description = "REST address of the Flink JobManager (env LEZ_FLINK_URL). Default: ${DEFAULT-VALUE}.")
    String flinkUrl;

    @Option(names = "--wait", defaultValue = "60s",
        description = "How long to wait for the cluster to answer, a job to run or a savepoint to complete. Default: ${DEFAULT-VALUE}.")
    Duration wait;

    FlinkRestClient client() {
      if (wait.isNegative() || wait.isZero()) throw new BadSetting("--wait must be positive, got " + wait);
      return new FlinkRestClient(flinkUrl, wait);
    }
  }

  /** The job jar to submit: --jar, else LEZ_JOB_JAR, else the one built next to this lezflow. */
  public static final class JobJar {
    @Option(names = "--jar", defaultValue = "${env:LEZ_JOB_JAR}",
        description = "The job jar (env LEZ_JOB_JAR). Default: stream-jobs/target/lezflow-stream-jobs-*-job.jar of this build.")
    Path jar;

    Path resolve() {
      if (jar != null) {
        if (!Files.isRegularFile(jar)) throw new BadSetting("--jar " + jar + " does not exist");
        return jar;
      }
      Path built = builtJobJar();
      if (built == null) {
        throw new BadSetting("no job jar found next to this lezflow: build it (mvn -B -DskipTests package) or pass --jar");
      }
      return built;
    }
  }

  /** The job jar of this build: {@code <repo>/stream-jobs/target/lezflow-stream-jobs-<version>-job.jar}. */
  static Path builtJobJar() {
    try {
      Path self = Path.of(JobCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // ops/target/lezflow.jar or ops/target/classes -> the repository root is two levels up from target
      Path target = self.getParent();
      Path repo = target == null ? null : target.getParent() == null ? null : target.getParent().getParent();
      if (repo == null) return null;
      Path jobs = repo.resolve("stream-jobs").resolve("target");
      if (!Files.isDirectory(jobs)) return null;
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(jobs, "lezflow-stream-jobs-*-job.jar")) {
        for (Path j : jars) return j;
      }
      return null;
    } catch (URISyntaxException | IOException | SecurityException e) {
      return null;
    }
  }

  /** Uploads the jar, runs it with the settings as program arguments, waits until it runs; returns the job id. */
  static String submit(FlinkRestClient flink, Path jar, EnforcementJobConfig config, String fromSavepoint,
      boolean allowNonRestoredState, Duration wait) {
    String jarId = flink.uploadJar(jar);
    String jobId;
    try {
      jobId = flink.runJar(jarId, EnforcementJobMain.class.getName(), config.toArgs(), fromSavepoint, allowNonRestoredState);
    } finally {
      // The JobManager keeps the jobs' own copy; the upload is no longer needed.
      flink.deleteJar(jarId);
    }
    flink.awaitRunning(jobId, wait);
    return jobId;
  }

  @Command(name = "submit", mixinStandardHelpOptions = true,
      description = {"Submits the enforcement job jar to the cluster and waits until it runs; prints the job id.",
          "With --from-savepoint it resumes from a savepoint (or a retained checkpoint's chk-N directory)."})
  static final class Submit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Cluster cluster = new Cluster();
    @Mixin JobJar jar = new JobJar();
    @Mixin JobSettings settings = new JobSettings();

    @Option(names = "--from-savepoint", description = "Savepoint or retained checkpoint to resume from (path or URI).")
    String fromSavepoint;

    @Option(names = "--allow-non-restored-state",
        description = "Resume even if the savepoint holds state of an operator the new job no longer has (that state is dropped).")
    boolean allowNonRestoredState;

    @Override
    public Integer call() {
      EnforcementJobConfig config = settings.config(null);
      Path jobJar = jar.resolve();
      FlinkRestClient flink = cluster.client();
      spec.commandLine().getErr().println("lezflow job: submitting " + jobJar.getFileName() + " to " + flink.url()
          + (fromSavepoint == null ? "" : " from " + fromSavepoint));
      String jobId = submit(flink, jobJar, config, fromSavepoint, allowNonRestoredState, cluster.wait);
      spec.commandLine().getErr().println("lezflow job: " + jobId + " running; Web UI " + flink.url() + "/#/job/running/" + jobId + "/overview");
      spec.commandLine().getOut().println(jobId);
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the cluster's jobs: id, state, start time, name.")
  static final class ListJobs implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Cluster cluster = new Cluster();

    @Override
    public Integer call() {
      for (FlinkRestClient.JobSummary job : cluster.client().jobs()) {
        spec.commandLine().getOut().printf("%s  %-9s  %s  %s%n", job.id(), job.state(), job.startTime(), job.name());
      }
      return 0;
    }
  }

  @Command(name = "savepoint", mixinStandardHelpOptions = true,
      description = {"Takes a savepoint of a job and prints its path.",
          "With --stop the job stops right after it (stop-with-savepoint): nothing is processed in between."})
  static final class Savepoint implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Cluster cluster = new Cluster();

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job (see lezflow job list).")
    String jobId;

    @Option(names = "--target-dir", description = "Where the savepoint goes. Default: the cluster's execution.checkpointing.savepoint-dir.")
    String targetDir;

    @Option(names = "--stop", description = "Stop the job once the savepoint is complete.")
    boolean stop;

    @Override
    public Integer call() {
      FlinkRestClient flink = cluster.client();
      String path = flink.savepoint(jobId, targetDir, stop, cluster.wait);
      if (stop) spec.commandLine().getErr().println("lezflow job: " + jobId + " " + flink.awaitTerminal(jobId, cluster.wait));
      spec.commandLine().getOut().println(path);
      return 0;
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = {"Cancels a job without a savepoint and waits until it is CANCELED.",
          "Its retained checkpoints stay: lezflow job submit --from-savepoint <checkpoint-dir>/<job-id>/chk-N resumes from the last one."})
  static final class Cancel implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Cluster cluster = new Cluster();

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job (see lezflow job list).")
    String jobId;

    @Override
    public Integer call() {
      FlinkRestClient flink = cluster.client();
      flink.cancel(jobId);
      spec.commandLine().getErr().println("lezflow job: " + jobId + " " + flink.awaitTerminal(jobId, cluster.wait));
      return 0;
    }
  }

  @Command(name = "upgrade", mixinStandardHelpOptions = true,
      description = {"Replaces a running job by a new jar (or new settings) without losing or repeating a decision:",
          "stop-with-savepoint (the savepoint and the cancel in one step), then submit from that savepoint. Prints the new job id."})
  static final class Upgrade implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Cluster cluster = new Cluster();
    @Mixin JobJar jar = new JobJar();
    @Mixin JobSettings settings = new JobSettings();

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The running job to replace.")
    String jobId;

    @Option(names = "--target-dir", description = "Where the savepoint goes. Default: the cluster's execution.checkpointing.savepoint-dir.")
    String targetDir;

    @Option(names = "--allow-non-restored-state", description = "Drop savepoint state of operators the new job no longer has.")
    boolean allowNonRestoredState;

    @Override
    public Integer call() {
      // Everything the new job needs is checked before the old one is stopped.
      EnforcementJobConfig config = settings.config(null);
      Path jobJar = jar.resolve();
      FlinkRestClient flink = cluster.client();
      if (!"RUNNING".equals(flink.state(jobId))) throw new BadSetting("job " + jobId + " is " + flink.state(jobId) + ", not RUNNING");
      String savepoint = flink.savepoint(jobId, targetDir, true, cluster.wait);
      flink.awaitTerminal(jobId, cluster.wait);
      spec.commandLine().getErr().println("lezflow job: " + jobId + " stopped with savepoint " + savepoint);
      String newJob = submit(flink, jobJar, config, savepoint, allowNonRestoredState, cluster.wait);
      spec.commandLine().getErr().println("lezflow job: " + newJob + " running from " + savepoint);
      spec.commandLine().getOut().println(newJob);
      return 0;
    }
  }
}
