package io.lezflow.ops;

import io.lezflow.schemas.HumanDuration;
import java.util.Map;
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
      EnforceCommand.class,
      JobCommand.class,
      IngestCommand.class,
      CamerasCommand.class,
      MosquittoConfigCommand.class,
      PoliciesCommand.class,
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
    return commandLine(System.getenv());
  }

  /** The command line reading its LEZ_* variables from {@code env} (tests pass their own). */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine cl = new CommandLine(new LezflowCommand());
    cl.registerConverter(java.time.Duration.class, text -> {
      try {
        return HumanDuration.parse(text);
      } catch (IllegalArgumentException e) {
        // picocli prints a TypeConversionException's message alone, without the exception class.
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    });
    EnvironmentDefaults defaults = new EnvironmentDefaults(env);
    cl.setDefaultValueProvider(defaults);
    // A wrong flag value is the user's to fix: one line saying which and why (and which variable,
    // when it came from the environment), no usage dump to scroll past.
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          String from =
              ex.getArgSpec() == null ? "" : defaults.variableThatSet(ex.getArgSpec()).map(v -> " (set by " + v + ")").orElse("");
          String command = ex.getCommandLine().getCommandSpec().qualifiedName();
          ex.getCommandLine().getErr().println(
              command + ": " + oneLine(ex.getMessage()) + from + "; see " + command + " --help");
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

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.err);
  }
}
