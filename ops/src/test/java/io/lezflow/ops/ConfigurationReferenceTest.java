package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code docs/configuration.md} is generated from the command line's own model (every command,
 * flag, environment variable, default): this test fails when the file is stale. Rewrite it with
 * {@code mvn -pl ops -am verify -Dtest=ConfigurationReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dlezflow.docs.write=true}.
 */
class ConfigurationReferenceTest {
  static final Path FILE = Path.of("..", "docs", "configuration.md");

  @Test
  void configurationReferenceIsCurrent() throws Exception {
    CommandLine cl = LezflowCommand.commandLine(Map.of());
    // The raw annotations, so a default like ${env:LEZ_X:-y} documents itself, not this machine's environment.
    cl.setInterpolateVariables(false);
    String expected = render(cl);
    if (Boolean.getBoolean("lezflow.docs.write")) {
      Files.writeString(FILE, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(FILE)).as(FILE.toAbsolutePath() + " missing; generate it with -Dlezflow.docs.write=true").isTrue();
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .as("docs/configuration.md is stale: regenerate it with -Dlezflow.docs.write=true (see this test's javadoc)")
        .isEqualTo(expected);
  }

  static String render(CommandLine root) {
    StringBuilder md = new StringBuilder();
    md.append("# lezflow configuration reference\n\n");
    md.append("<!-- Generated from the picocli model by ops/src/test/java/io/lezflow/ops/ConfigurationReferenceTest.java; do not edit by hand. -->\n\n");
    md.append("Every flag of every command can also be set by an environment variable (`io.lezflow.ops.EnvironmentDefaults`):\n")
        .append("flag `--foo-bar` of `lezflow <command>` is read from `LEZ_<COMMAND>_FOO_BAR`, then from `LEZ_FOO_BAR`.\n")
        .append("Precedence: the flag on the command line, then the command's variable, then the shared variable, then the default.\n")
        .append("So a container sets `LEZ_KAFKA_BOOTSTRAP` once whatever command it runs.\n\n")
        .append("Durations everywhere take one syntax: `500ms`, `90s`, `5m`, `1h`, `7d`, or ISO-8601 (`PT5M`, `P7D`).\n")
        .append("A bad setting prints one line and exits with 2; a service that does not answer within the bounded wait prints one line naming its address and exits with 1.\n\n")
        .append("Durable state lives under `--data-dir` (default `./lezflow-data`), never in a temporary directory;\n")
        .append("`lezflow demo` and `lezflow bench` are throwaway runs and use a fresh folder deleted at the end unless `--data-dir` is given.\n");
    appendCommand(md, root);
    return md.toString();
  }

  private static void appendCommand(StringBuilder md, CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    if (spec.parent() != null && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
      md.append("\n## `").append(spec.qualifiedName()).append("`\n\n");
      for (String line : spec.usageMessage().description()) md.append(line).append("\n");
      md.append("\n");
      boolean any = false;
      for (OptionSpec option : spec.options()) {
        if (option.usageHelp() || option.versionHelp() || option.hidden()) continue;
        if (!any) {
          md.append("| flag | environment | default | what |\n|---|---|---|---|\n");
          any = true;
        }
        java.util.List<String> variables = new java.util.ArrayList<>(EnvironmentDefaults.variables(option));
        String raw = option.defaultValue() == null ? "" : option.defaultValue();
        java.util.regex.Matcher fromEnv = java.util.regex.Pattern.compile("\\$\\{env:([A-Z0-9_]+)(?::-(.*))?}").matcher(raw);
        if (fromEnv.matches()) {
          if (!variables.contains(fromEnv.group(1))) variables.add(fromEnv.group(1));
          raw = fromEnv.group(2) == null ? "" : fromEnv.group(2);
        }
        String env = String.join(", ", variables.stream().map(v -> "`" + v + "`").toList());
        String def = raw.isEmpty() ? "" : "`" + raw + "`";
        String what = String.join(" ", option.description())
            .replace("${DEFAULT-VALUE}", raw)
            .replace("|", "\\|");
        md.append("| `").append(String.join("`, `", option.names())).append("` | ").append(env).append(" | ").append(def)
            .append(" | ").append(what).append(" |\n");
      }
      if (!any) md.append("(no flags of its own; see the subcommands)\n");
    }
    // Aliases map to the same CommandLine: each command once, in declaration order.
    for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) appendCommand(md, sub);
  }
}
