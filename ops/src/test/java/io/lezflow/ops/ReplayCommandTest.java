package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lezflow replay} as a user runs it (a child JVM with the shipped logging set-up): the
 * optional inputs are optional, an empty reads file is "0 reads", and a user's input error is one
 * line and exit 2 — never a stack trace, on stderr or stdout.
 */
class ReplayCommandTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "replay");

  record Run(int exitCode, List<String> output) {
    String text() {
      return String.join("\n", output);
    }
  }

  @Test
  void onlyReadsRunsAndExitsZero(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("decisions.jsonl");

    Run run = lezflow("replay", "--reads", EXAMPLES.resolve("reads.jsonl").toString(), "--out", out.toString());

    assertThat(run.exitCode()).as(run.text()).isZero();
    assertThat(run.output()).anyMatch(l -> l.startsWith("lezflow replay: 29 reads, 1 rejected"));
    assertNoStackTrace(run);
    assertThat(Files.readAllLines(out)).isNotEmpty();
  }

  @Test
  void anEmptyReadsFileReportsZeroReadsAndExitsZero(@TempDir Path dir) throws Exception {
    Path reads = Files.writeString(dir.resolve("reads.jsonl"), "");
    Path vehicles = Files.writeString(dir.resolve("vehicles.jsonl"), "");

    Run run = lezflow("replay", "--reads", reads.toString(), "--vehicles", vehicles.toString(),
        "--out", dir.resolve("decisions.jsonl").toString());

    assertThat(run.exitCode()).as(run.text()).isZero();
    assertThat(run.output()).anyMatch(l -> l.startsWith("lezflow replay: 0 reads;"));
    assertNoStackTrace(run);
  }

  @Test
  void aPolicyFileWithAnErrorIsOneLineExitTwoAndNoOutputFile(@TempDir Path dir) throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("paris.json"), "{\"zoneId\": \"paris\", \"versions\": [{\"version\": \"one\"}]}");
    Path out = dir.resolve("decisions.jsonl");

    Run run = lezflow("replay", "--reads", EXAMPLES.resolve("reads.jsonl").toString(), "--policies", policies.toString(),
        "--out", out.toString());

    assertThat(run.exitCode()).as(run.text()).isEqualTo(2);
    assertThat(run.output()).as(run.text()).hasSize(1);
    assertThat(run.output().get(0)).startsWith("lezflow: replay: invalid policy file: paris.json: versions[0].version");
    assertNoStackTrace(run);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("policies");
    }
  }

  private static void assertNoStackTrace(Run run) {
    assertThat(run.output()).as(run.text())
        .noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception") || l.startsWith("Caused by"));
  }

  /** The lezflow command in a JVM of its own, stdout and stderr together. */
  private static Run lezflow(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Dlogback.configurationFile=lezflow-logback.xml",
        "-cp", System.getProperty("java.class.path"), LezflowCommand.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) output.add(line);
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("lezflow " + String.join(" ", args) + " did not end:\n" + String.join("\n", output));
    }
    return new Run(process.exitValue(), output);
  }
}
