package io.lezflow.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A reusable fake for tests on a MiniCluster in this JVM: collects what reaches it into a
 * JVM-wide queue under a name, and fails on demand ({@link #failAfter}) to kill a job mid-stream.
 */
public final class CollectingSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> FAIL_AFTER = new ConcurrentHashMap<>();

  private final String name;

  private CollectingSink(String name) {
    this.name = name;
  }

  /** A sink collecting under {@code name}; starts empty and not failing. */
  public static <T> CollectingSink<T> named(String name) {
    COLLECTED.put(name, new ConcurrentLinkedQueue<>());
    FAIL_AFTER.put(name, new AtomicInteger(-1));
    return new CollectingSink<>(name);
  }

  /** Every element written so far, in arrival order. */
  @SuppressWarnings("unchecked")
  public List<T> collected() {
    return new ArrayList<>((Queue<T>) (Queue<?>) COLLECTED.get(name));
  }

  /**
   * After {@code elements} more elements, the next one written fails its task (with no restart
   * strategy: the job fails): a crash in the middle of the stream.
   */
  public void failAfter(int elements) {
    FAIL_AFTER.get(name).set(elements);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Queue<Object> queue = COLLECTED.get(name);
    AtomicInteger failAfter = FAIL_AFTER.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        if (failAfter.get() >= 0 && failAfter.getAndDecrement() == 0) {
          throw new IllegalStateException("injected failure: the test kills the job here");
        }
        queue.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
