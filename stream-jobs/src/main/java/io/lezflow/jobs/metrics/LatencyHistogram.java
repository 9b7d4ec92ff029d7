package io.lezflow.jobs.metrics;

import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * A Flink histogram of latencies recorded in milliseconds and reported in seconds (Prometheus'
 * base unit: the reporter exports {@code ..._lez_job_decision_latency_seconds{quantile="0.99"}}).
 *
 * <p>Statistics cover a rolling window of one to two {@code window}s: values go into the current
 * interval; when it is {@code window} old it becomes the previous one and the one before is
 * dropped. Why rolling: a quantile over all time hides today's slowdown behind yesterday's
 * traffic. {@link #getCount()} counts every value since the start, as Flink histograms do.
 *
 * <p>Backed by HdrHistogram (2 significant digits, 1 ms to {@code highestMs}; a value above is
 * counted as {@code highestMs}, a negative one as 0), so memory is fixed whatever the rate.
 * Thread-safe: the task thread records, the reporter thread reads.
 */
public final class LatencyHistogram implements org.apache.flink.metrics.Histogram {
  private final long windowMs;
  private final long highestMs;
  private final LongSupplier clockMs;
  private Histogram current;
  private Histogram previous;
  private long currentSince;
  private long count;

  public LatencyHistogram(long windowMs, long highestMs, LongSupplier clockMs) {
    if (windowMs <= 0) throw new IllegalArgumentException("window must be > 0 ms, was " + windowMs);
    if (highestMs < 2) throw new IllegalArgumentException("highest latency must be >= 2 ms, was " + highestMs);
    this.windowMs = windowMs;
    this.highestMs = highestMs;
    this.clockMs = clockMs;
    this.current = new Histogram(highestMs, 2);
    this.previous = new Histogram(highestMs, 2);
    this.currentSince = clockMs.getAsLong();
  }

  /** Five-minute windows, up to one day (a read decided a day after capture is late anyway). */
  public static LatencyHistogram decisionLatency() {
    return new LatencyHistogram(300_000, 86_400_000, System::currentTimeMillis);
  }

  /** Records one latency in milliseconds. */
  @Override
  public synchronized void update(long latencyMs) {
    rotateIfDue();
    current.recordValue(Math.max(0, Math.min(highestMs, latencyMs)));
    count++;
  }

  @Override
  public synchronized long getCount() {
    return count;
  }

  @Override
  public synchronized HistogramStatistics getStatistics() {
    rotateIfDue();
    Histogram window = previous.copy();
    window.add(current);
    return new Seconds(window);
  }

  private void rotateIfDue() {
    long now = clockMs.getAsLong();
    if (now - currentSince < windowMs) return;
    Histogram dropped = previous;
    dropped.reset();
    if (now - currentSince < 2 * windowMs) {
      previous = current;
      current = dropped;
    } else {
      current.reset(); // a silence longer than two windows: nothing recent is left
    }
    currentSince = now;
  }

  /** A snapshot of the window, in seconds. */
  private static final class Seconds extends HistogramStatistics {
    private final Histogram window;

    Seconds(Histogram window) {
      this.window = window;
    }

    @Override
    public double getQuantile(double quantile) {
      return window.getTotalCount() == 0 ? 0 : window.getValueAtPercentile(quantile * 100) / 1000.0;
    }

    /** HdrHistogram keeps buckets, not samples: no raw values (no reporter of lezflow reads them). */
    @Override
    public long[] getValues() {
      return new long[0];
    }

    @Override
    public int size() {
      return (int) Math.min(Integer.MAX_VALUE, window.getTotalCount());
    }

    @Override
    public double getMean() {
      return window.getTotalCount() == 0 ? 0 : window.getMean() / 1000.0;
    }

    @Override
    public double getStdDev() {
      return window.getTotalCount() == 0 ? 0 : window.getStdDeviation() / 1000.0;
    }

    /** Whole seconds (the interface's type); the quantiles carry the precision. */
    @Override
    public long getMax() {
      return window.getTotalCount() == 0 ? 0 : window.getMaxValue() / 1000;
    }

    @Override
    public long getMin() {
      return window.getTotalCount() == 0 ? 0 : window.getMinValue() / 1000;
    }
  }
}
