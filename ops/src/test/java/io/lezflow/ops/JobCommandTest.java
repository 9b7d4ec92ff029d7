package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lezflow job} and {@code lezflow enforce} refuse bad settings with one line and exit 2,
 * and name the cluster they could not reach with exit 1, never a stack trace. (Against a live
 * cluster: flink-cluster's FlinkClusterIT.)
 */
class JobCommandTest {
  private static final String SETTINGS = " --kafka-bootstrap 127.0.0.1:9092 --jdbc-url jdbc:postgresql://127.0.0.1:5432/test"
      + " --sightings-hmac-key 0123456789abcdef0123 --checkpoint-dir file:///tmp/lez-chk";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "job list --flink-url ftp://flink:8081                     | --flink-url must look like http://host:8081",
      "job list --wait 0s                                         | --wait must be positive",
      "job savepoint not-a-job                                    | 'not-a-job' is not a Flink job id",
      "job cancel 0123                                            | '0123' is not a Flink job id",
      "job submit --jdbc-url jdbc:postgresql://h/db --sightings-hmac-key 0123456789abcdef0123 --checkpoint-dir /c | --kafka-bootstrap (or LEZ_KAFKA_BOOTSTRAP) is required",
      "job submit --kafka-bootstrap k:9092 --jdbc-url jdbc:postgresql://h/db --sightings-hmac-key short --checkpoint-dir /c | sightingsHmacKey must be a secret of at least 16 bytes",
      "job submit --kafka-bootstrap k:9092 --jdbc-url jdbc:postgresql://h/db --sightings-hmac-key 0123456789abcdef0123 | --checkpoint-dir (or LEZ_CHECKPOINT_DIR) is required",
      "job submit --jar /no/such.jar" + SETTINGS + "               | --jar /no/such.jar does not exist",
      "job upgrade 0123456789abcdef0123456789abcdef --parallelism 0" + SETTINGS + " | parallelism must be >= 1",
      "enforce --web-port 70000" + SETTINGS + "                     | --web-port must be 0..65535",
      "enforce --web-port 9300 --metrics-port 9300" + SETTINGS + "  | --web-port and --metrics-port must differ",
  })
  void aBadSettingIsOneLineAndExitTwo(String args, String message) {
    Result result = run(args.trim());

    assertThat(result.exit).as(result.err).isEqualTo(2);
    assertThat(result.err).contains(message).doesNotContain("\tat ").hasLineCount(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"job list", "job savepoint 0123456789abcdef0123456789abcdef --stop", "job cancel 0123456789abcdef0123456789abcdef"})
  void anUnreachableClusterIsNamedWithExitOneAfterABoundedWait(String command) throws IOException {
    String url = "http://127.0.0.1:" + closedPort();

    Result result = run(command + " --flink-url " + url + " --wait 1s");

    assertThat(result.exit).as(result.err).isEqualTo(1);
    assertThat(result.err.trim()).isEqualTo("lezflow: Flink REST API not reachable at " + url + " (waited 1 s)");
  }

  private record Result(int exit, String err) {}

  private static Result run(String args) {
    StringWriter err = new StringWriter();
    var cl = LezflowCommand.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args.split(" +"));
    return new Result(exit, err.toString());
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
