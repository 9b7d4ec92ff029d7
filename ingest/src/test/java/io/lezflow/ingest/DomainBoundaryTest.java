package io.lezflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The domain packages stay free of transport frameworks, so they are tested without brokers. */
class DomainBoundaryTest {
  static final List<String> FORBIDDEN =
      List.of("import org.eclipse.paho", "import org.apache.kafka", "import io.prometheus", "import org.slf4j");

  @ParameterizedTest
  @ValueSource(strings = {"validation", "routing", "frigate"})
  void domainPackageImportsNoFramework(String pkg) throws IOException {
    Path dir = Path.of("src/main/java/io/lezflow/ingest", pkg);
    assertThat(dir).isDirectory();
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
      assertThat(sources).isNotEmpty();
      for (Path source : sources) {
        String text = Files.readString(source);
        assertThat(FORBIDDEN).as(source.toString()).noneMatch(text::contains);
      }
    }
  }
}
