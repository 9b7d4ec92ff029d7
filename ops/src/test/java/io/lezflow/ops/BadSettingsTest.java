package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A user's mistake in any command (a few per command): exit code 2, exactly one line on stderr
 * that names the setting, no stack trace, nothing started. Commands other helpers add join the
 * table when they land.
 */
class BadSettingsTest {

  /** command line, environment, a fragment the one line must contain. */
  static Stream<Arguments> badSettings() {
    return Stream.of(
        // demo
        bad("demo --duration 5x", Map.of(), "--duration"),
        bad("demo --rate 0", Map.of(), "--rate"),
        bad("demo --cameras 0", Map.of(), "--cameras"),
        bad("demo --kafka-bootstrap no-port", Map.of(), "--kafka-bootstrap"),
        bad("demo --mqtt-url http://broker:1883", Map.of(), "--mqtt-url"),
        bad("demo", Map.of("LEZ_DEMO_DURATION", "soon"), "LEZ_DEMO_DURATION"),
        bad("demo --no-such-flag", Map.of(), "--no-such-flag"),
        // replay
        bad("replay --out x.jsonl", Map.of(), "--reads"),
        bad("replay --reads /no/such/reads.jsonl --out x.jsonl", Map.of(), "/no/such/reads.jsonl"),
        bad("replay --reads pom.xml --policies pom.xml --out x.jsonl", Map.of(), "--policies"),
        // bench
        bad("bench ingest --messages 0", Map.of(), "--messages"),
        bad("bench ingest --kafka-bootstrap localhost", Map.of(), "--kafka-bootstrap"),
        bad("bench job --parallelism 0", Map.of(), "--parallelism"),
        bad("bench job --reads many", Map.of(), "--reads"),
        // ingest
        bad("ingest", Map.of(), "--mqtt-url"),
        bad("ingest --mqtt-url tcp://127.0.0.1:1883", Map.of(), "--kafka-bootstrap"),
        bad("ingest --mqtt-url tcp://127.0.0.1:1883 --kafka-bootstrap 127.0.0.1:9092 --max-in-flight 0", Map.of(), "--max-in-flight"),
        bad("ingest --mqtt-url tcp://127.0.0.1:1883 --kafka-bootstrap 127.0.0.1:9092 --id bad/id", Map.of(), "--id"),
        bad("ingest --mqtt-url tcp://127.0.0.1:1883 --kafka-bootstrap 127.0.0.1:9092 --max-capture-age 7days", Map.of(), "--max-capture-age"),
        bad("ingest", Map.of("LEZ_MQTT_URL", "tcp://127.0.0.1:1883", "LEZ_KAFKA_BOOTSTRAP", "127.0.0.1:9092",
            "LEZ_INGEST_MAX_IN_FLIGHT", "lots"), "LEZ_INGEST_MAX_IN_FLIGHT"),
        // cameras
        bad("cameras", Map.of(), "--mqtt-url"),
        bad("cameras --mqtt-url tcp://127.0.0.1:1883 --rate -1", Map.of(), "--rate"),
        bad("cameras --mqtt-url tcp://127.0.0.1:1883 --cameras 0", Map.of(), "--cameras"),
        bad("cameras --mqtt-url tcp://127.0.0.1:1883 --zone bad/zone", Map.of(), "--zone"),
        bad("cameras --mqtt-url tcp://127.0.0.1:1883 --fleet-secret short", Map.of(), "--fleet-secret"),
        bad("cameras --mqtt-url tcp://127.0.0.1:1883 --duration 0s", Map.of(), "--duration"),
        // policies, mosquitto-config
        bad("policies check /no/such/policy.json", Map.of(), "/no/such/policy.json"),
        bad("policies check pom.xml", Map.of(), "pom.xml"),
        bad("policies publish --shipped", Map.of(), "--kafka-bootstrap"),
        bad("mosquitto-config --out target/broker-config", Map.of(), "--fleet-secret"),
        bad("mosquitto-config --out target/broker-config --fleet-secret 0123456789abcdef --camera-prefix bad/prefix", Map.of(), "--camera-prefix"),
        // portal, users, enforce, job (their own tests go further)
        bad("portal", Map.of(), "--signing-key"),
        bad("portal --kafka-bootstrap nohostport", Map.of(), "--kafka-bootstrap"),
        // The police pages hash plates with the job's sightings secret: without it, no police pages (the test JVM has none).
        bad("portal --kafka-bootstrap 127.0.0.1:9092", Map.of(), "LEZ_SIGHTINGS_HMAC_KEY"),
        bad("users list", Map.of(), "--jdbc-url"),
        bad("enforce --parallelism 0", Map.of(), "--kafka-bootstrap"),
        bad("job list --wait forever", Map.of(), "--wait"));
  }

  private static Arguments bad(String commandLine, Map<String, String> env, String named) {
    return Arguments.of(commandLine, env, named);
  }

  @ParameterizedTest(name = "lezflow {0} {1}")
  @MethodSource("badSettings")
  void badSettingIsOneLineAndExitTwo(String commandLine, Map<String, String> env, String named) {
    Run run = runInProcess(env, commandLine.split(" "));
    assertThat(run.exitCode).as(run.describe()).isEqualTo(2);
    assertOneClearLine(run, named);
  }

  @Test
  void unreachableServiceNamesItsAddressAfterTheConfiguredWait() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // free now, so nothing answers there
    }
    String url = "tcp://127.0.0.1:" + closedPort;
    Run run = runInProcess(Map.of(), "ingest", "--mqtt-url", url, "--kafka-bootstrap", "127.0.0.1:" + closedPort,
        "--connect-timeout", "1s");
    assertThat(run.exitCode).as(run.describe()).isEqualTo(1);
    assertOneClearLine(run, url);
    assertThat(run.stderr).contains("MQTT broker").contains("waited 1 s");
  }

  /** The real main in its own JVM: what a user sees, including anything logging would print. */
  @Test
  void inItsOwnJvmTheUserSeesOnlyTheLine() throws Exception {
    for (String[] args : List.of(new String[] {"cameras", "--mqtt-url", "tcp://127.0.0.1:1883", "--cameras", "0"},
        new String[] {"demo", "--duration", "never"})) {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
          LezflowCommand.class.getName()));
      command.addAll(Arrays.asList(args));
      Process p = new ProcessBuilder(command).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Run run = new Run(p.exitValue(), stdout, stderr);
      assertThat(run.exitCode).as(run.describe()).isEqualTo(2);
      assertOneClearLine(run, args[args.length - 2]);
    }
  }

  private static void assertOneClearLine(Run run, String named) {
    List<String> lines = run.stderr.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(run.describe()).hasSize(1);
    assertThat(lines.get(0)).as(run.describe()).contains(named).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.stdout).as("nothing on stdout: " + run.describe()).isBlank();
  }

  static Run runInProcess(Map<String, String> env, String... args) {
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    PrintStream realErr = System.err;
    PrintStream realOut = System.out;
    ByteArrayOutputStream strayErr = new ByteArrayOutputStream();
    ByteArrayOutputStream strayOut = new ByteArrayOutputStream();
    int code;
    try {
      // Whatever a command prints past picocli (System.err/out) counts as well.
      System.setErr(new PrintStream(strayErr, true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(strayOut, true, StandardCharsets.UTF_8));
      CommandLine cl = LezflowCommand.commandLine(env);
      cl.setErr(new PrintWriter(err, true));
      cl.setOut(new PrintWriter(out, true));
      code = cl.execute(args);
    } finally {
      System.setErr(realErr);
      System.setOut(realOut);
    }
    return new Run(code, out + strayOut.toString(StandardCharsets.UTF_8), err + strayErr.toString(StandardCharsets.UTF_8));
  }

  record Run(int exitCode, String stdout, String stderr) {
    String describe() {
      return "exit " + exitCode + "\n--- stderr\n" + stderr + "--- stdout\n" + stdout;
    }
  }
}
