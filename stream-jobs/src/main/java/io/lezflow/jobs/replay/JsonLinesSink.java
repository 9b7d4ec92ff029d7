package io.lezflow.jobs.replay;

import io.lezflow.jobs.records.DecisionRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Decisions appended to one local file as JSON lines ({@link DecisionJson}). For a replay on a
 * local MiniCluster with parallelism 1: one writer, one file, no checkpoints; lines are flushed
 * at the end of input.
 */
final class JsonLinesSink implements Sink<DecisionRecord> {
  private static final long serialVersionUID = 1L;

  private final String path;

  JsonLinesSink(Path path) {
    this.path = path.toAbsolutePath().toString();
  }

  @Override
  public SinkWriter<DecisionRecord> createWriter(WriterInitContext context) throws IOException {
    if (context.getTaskInfo().getNumberOfParallelSubtasks() != 1) {
      throw new IllegalStateException("the JSON lines sink writes one file: run it with parallelism 1");
    }
    BufferedWriter out = Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new SinkWriter<>() {
      @Override
      public void write(DecisionRecord decision, Context ctx) throws IOException {
        out.write(DecisionJson.toJson(decision));
        out.newLine();
      }

      @Override
      public void flush(boolean endOfInput) throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }
}
