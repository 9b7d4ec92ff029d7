package io.lezflow.ops;

import io.lezflow.jobs.replay.ReplayJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lezflow replay}: the enforcement job over files (reads, register, permits, cameras,
 * policies), every decision as a JSON line. The operators' what-if tool; formats in README.md.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the EnforcementJob over files and writes every decision as JSON lines.",
      "Same files, same decisions: re-run last month's reads against next year's policy."
    })
public final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--reads", required = true, description = "Plate reads, JSON lines (PlateRead fields).")
  Path reads;

  @Option(names = "--vehicles", description = "Vehicle register, JSON lines (VehicleRecord fields). Default: empty register.")
  Path vehicles;

  @Option(names = "--permits", description = "Permits, JSON lines (Permit fields). Default: none.")
  Path permits;

  @Option(names = "--cameras", description = "Camera registry, JSON lines (CameraRegistration fields). Default: none.")
  Path cameras;

  @Option(names = "--history", description = "Vehicle history before these reads (earlier fines, warnings, day passes), JSON lines (VehicleHistoryEntry fields). Default: none.")
  Path history;

  @Option(names = "--policies", description = "Directory of zone policy files (*.json). Default: the policies shipped with lezflow.")
  Path policies;

  @Option(names = {"--out", "-o"}, required = true, description = "Where to write the decisions (JSON lines).")
  Path out;

  @Override
  public Integer call() throws Exception {
    for (var input : new Path[] {reads, vehicles, permits, cameras, history}) {
      if (input != null && !Files.isRegularFile(input)) {
        throw new BadSetting("replay: input file " + input + " does not exist or is not a file");
      }
    }
    if (policies != null && !Files.isDirectory(policies)) {
      throw new BadSetting("replay: --policies " + policies + " is not a directory of policy files");
    }
    ReplayJob.Summary summary;
    try {
      summary = ReplayJob.run(new ReplayJob.Inputs(reads, vehicles, permits, cameras, policies, history), out);
    } catch (ReplayJob.InvalidInput e) {
      // The user's own input: the message names file, line and field; no stack trace.
      throw new BadSetting("replay: " + e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("lezflow replay: " + describe(summary) + "; " + summary.decisions() + " decisions written to " + out);
    for (Map.Entry<String, Long> e : summary.byStageAndOutcome().entrySet()) {
      err.printf("  %-40s %d%n", e.getKey(), e.getValue());
    }
    err.flush();
    return 0;
  }

  /** "0 reads", "12 reads", "12 reads, 2 rejected", "3 reads, all rejected (not enforceable)". */
  static String describe(ReplayJob.Summary s) {
    String reads = s.reads() + (s.reads() == 1 ? " read" : " reads");
    if (s.rejected() == 0) return reads;
    if (s.rejected() == s.reads()) return reads + ", all rejected (not enforceable: see the REJECTED_READ decisions)";
    return reads + ", " + s.rejected() + " rejected (not enforceable)";
  }
}
