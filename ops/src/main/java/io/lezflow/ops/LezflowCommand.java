package io.lezflow.ops;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lezflow} command: one entry point for running, replaying and measuring lezflow. */
@Command(
    name = "lezflow",
    mixinStandardHelpOptions = true,
    version = "lezflow 0.1.0",
    description = "ANPR ingestion and low-emission-zone enforcement.",
    subcommands = {
      DemoCommand.class,
      ReplayCommand.class,
      BenchCommand.class,
      PortalCommand.class,
      UsersCommand.class,
      EvidenceCommand.class,
      AuditCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LezflowCommand implements Runnable {

  public static void main(String[] args) {
    // Our own logging set-up by name: HiveMQ's jar ships a logback.xml too, and logback would
    // otherwise print its whole status dump to warn about the duplicate.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "lezflow-logback.xml");
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests, so they parse exactly what users type). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new LezflowCommand());
    cl.registerConverter(java.time.Duration.class, HumanDuration::parse);
    // A wrong flag value is the user's to fix: say which and why, without a stack trace.
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine().getErr().println("lezflow: " + ex.getMessage());
          ex.getCommandLine().usage(ex.getCommandLine().getErr());
          return 2;
        });
    // One handler for every subcommand: a user's mistake is one line and exit 2, an unreachable
    // service one line naming it and exit 1; anything else is a bug and keeps its stack trace.
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof BadSetting) {
            commandLine.getErr().println("lezflow: " + ex.getMessage());
            return 2;
          }
          if (ex instanceof ServiceUnreachable) {
            commandLine.getErr().println("lezflow: " + ex.getMessage());
            return 1;
          }
          throw ex;
        });
    return cl;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.err);
  }
}
