package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Done-when 5 of issue 11: every {@code lezflow ...} command in a runbook's code blocks is one the
 * real command line parses (command, subcommand, flags, value types). Data-driven: every
 * {@code ops/runbooks/*.md} is read, so a runbook or command added by anyone is checked as it lands.
 * Shell variables and {@code <placeholders>} stand for values and are replaced by a dummy one.
 */
class RunbookCommandsTest {
  static final Path RUNBOOKS = Path.of("runbooks");
  private static final Pattern FENCE = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern COMMAND = Pattern.compile("(?:^|[\\s($`])(?:\\./)?lezflow\\s+([^`\\n]*)");

  record RunbookCommand(String runbook, String line) {
    @Override
    public String toString() {
      return runbook + ": lezflow " + line;
    }
  }

  static Stream<RunbookCommand> commands() throws IOException {
    List<RunbookCommand> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(RUNBOOKS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        Matcher block = FENCE.matcher(Files.readString(file));
        while (block.find()) {
          for (String line : block.group(1).lines().toList()) {
            Matcher m = COMMAND.matcher(line);
            if (m.find()) found.add(new RunbookCommand(file.getFileName().toString(), m.group(1).trim()));
          }
        }
      }
    }
    return found.stream();
  }

  @Test
  void runbooksExistAndNameCommands() throws IOException {
    assertThat(RUNBOOKS.resolve("kafka-outage.md")).exists();
    assertThat(RUNBOOKS.resolve("camera-offline.md")).exists();
    assertThat(RUNBOOKS.resolve("backlog-growing.md")).exists();
    assertThat(RUNBOOKS.resolve("bad-policy-published.md")).exists();
    assertThat(RUNBOOKS.resolve("add-a-city.md")).exists();
    assertThat(commands().count()).isGreaterThanOrEqualTo(15);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void parsesWithTheRealCommandLine(RunbookCommand command) {
    List<String> args = shellWords(command.line());
    CommandLine cl = LezflowCommand.commandLine(Map.of());
    CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(String[]::new));
    // A bare group (lezflow job) would only print usage: a runbook names a command that does something.
    CommandLine.ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) leaf = leaf.subcommand();
    assertThat(leaf.commandSpec().subcommands()).as(command + " names a command group, not a command").isEmpty();
  }

  /** Words as a POSIX shell splits them, up to a comment, a pipe, a redirect or the end of a $( ... ). */
  static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
        else word.append(c);
        continue;
      }
      if (c == '"' || c == '\'') {
        quote = c;
        if (word == null) word = new StringBuilder();
        continue;
      }
      if (c == '#' && word == null || c == '|' || c == '>' || c == ')' || c == ';' || c == '&') break;
      if (Character.isWhitespace(c)) {
        if (word != null) words.add(placeholder(word.toString()));
        word = null;
        continue;
      }
      if (word == null) word = new StringBuilder();
      word.append(c);
    }
    if (word != null) words.add(placeholder(word.toString()));
    return words;
  }

  /** {@code $JOB}, {@code "$SAVEPOINT"}, {@code <version>}: a value the reader supplies. */
  private static String placeholder(String word) {
    if (word.startsWith("-")) return word;
    return word.contains("$") || word.matches(".*<[^>]+>.*") ? "1" : word;
  }
}
