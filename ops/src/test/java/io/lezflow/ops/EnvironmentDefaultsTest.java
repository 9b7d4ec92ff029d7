package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The one flag/variable mapping: flag > LEZ_<COMMAND>_<FLAG> > LEZ_<FLAG> > built-in default. */
class EnvironmentDefaultsTest {

  @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
  @CsvSource(nullValues = "-", value = {
    // flag,  LEZ_CAMERAS_RATE, LEZ_RATE, expected
    "-,       -,                -,        1000.0",
    "-,       -,                250,      250.0",
    "-,       300,              250,      300.0",
    "400,     300,              250,      400.0",
  })
  void precedence(String flag, String commandVariable, String sharedVariable, double expected) {
    Map<String, String> env = new java.util.HashMap<>();
    if (commandVariable != null) env.put("LEZ_CAMERAS_RATE", commandVariable);
    if (sharedVariable != null) env.put("LEZ_RATE", sharedVariable);
    CommandLine cl = LezflowCommand.commandLine(env);
    String[] args = flag == null ? new String[] {"cameras"} : new String[] {"cameras", "--rate", flag};
    CommandLine.ParseResult parsed = cl.parseArgs(args);
    CamerasCommand cameras = parsed.subcommand().commandSpec().commandLine().getCommand();
    assertThat(cameras.rate).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "ingest, --mqtt-url, LEZ_INGEST_MQTT_URL LEZ_MQTT_URL",
    "ingest, --max-in-flight, LEZ_INGEST_MAX_IN_FLIGHT LEZ_MAX_IN_FLIGHT",
    "bench ingest, --messages, LEZ_BENCH_INGEST_MESSAGES LEZ_MESSAGES",
  })
  void variablesOfAFlag(String command, String flag, String variables) {
    CommandLine cl = LezflowCommand.commandLine(Map.of());
    for (String name : command.split(" ")) cl = cl.getSubcommands().get(name);
    assertThat(String.join(" ", EnvironmentDefaults.variables(cl.getCommandSpec().findOption(flag)))).isEqualTo(variables);
  }
}
