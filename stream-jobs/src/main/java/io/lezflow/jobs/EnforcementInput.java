package io.lezflow.jobs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Where one input of the {@link EnforcementJob} comes from: a Flink {@link Source} (Kafka in
 * production) or a bounded list of elements (replay files read by the caller, tests). The job
 * decides the watermark strategy; the input only says how to produce the stream, so the same
 * topology runs on either.
 */
public abstract class EnforcementInput<T> {

  /** The stream of this input on {@code env}, with the job's watermarks, named and with a stable uid. */
  public abstract DataStream<T> attach(
      StreamExecutionEnvironment env, WatermarkStrategy<T> watermarks, TypeInformation<T> type, String name, String uid);

  /** An unbounded or bounded Source V2, e.g. a {@code KafkaSource}. */
  public static <T> EnforcementInput<T> fromSource(Source<T, ?, ?> source) {
    Objects.requireNonNull(source, "source");
    return new EnforcementInput<>() {
      @Override
      public DataStream<T> attach(StreamExecutionEnvironment env, WatermarkStrategy<T> watermarks, TypeInformation<T> type,
          String name, String uid) {
        return env.fromSource(source, watermarks, name, type).uid(uid);
      }
    };
  }

  /**
   * A bounded input of these elements, in this order (parallelism 1). An empty collection is an
   * input that ends at once.
   */
  public static <T> EnforcementInput<T> fromElements(Collection<? extends T> elements) {
    List<T> copy = new ArrayList<>(elements);
    return new EnforcementInput<>() {
      @Override
      public DataStream<T> attach(StreamExecutionEnvironment env, WatermarkStrategy<T> watermarks, TypeInformation<T> type,
          String name, String uid) {
        // Flink's fromData cannot be empty: its generator source is then asked for one element
        // anyway and fails with "Reached the end of the collection". An empty input is one
        // sequence number that a flatMap turns into nothing, and ends at once.
        DataStream<T> elements = copy.isEmpty()
            ? env.fromSequence(0, 0).name(name).uid(uid).flatMap(new NoElements<T>(), type).name(name + " (empty)").uid(uid + "-empty")
            : env.fromData(copy, type).name(name).uid(uid);
        return elements.assignTimestampsAndWatermarks(watermarks).name(name + " event time").uid(uid + "-event-time");
      }
    };
  }

  /** Emits nothing for whatever it is given: the body of an empty bounded input. */
  private static final class NoElements<T> implements FlatMapFunction<Long, T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Long ignored, Collector<T> out) {}
  }

  /** An input without elements (a replay without permits, a zone without cameras file). */
  public static <T> EnforcementInput<T> empty() {
    return fromElements(List.of());
  }
}
