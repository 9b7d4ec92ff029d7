package io.lezflow.sim.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** An immutable discrete distribution: {@link #pick} returns each value with probability weight / total. */
final class Weighted<T> {
  private final List<T> values;
  private final double[] cumulative;

  private Weighted(List<T> values, double[] cumulative) {
    this.values = values;
    this.cumulative = cumulative;
  }

  static <T> Builder<T> builder() {
    return new Builder<>();
  }

  T pick(SplittableRandom random) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) return values.get(i);
    }
    return values.get(values.size() - 1);
  }

  static final class Builder<T> {
    private final List<T> values = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();

    Builder<T> add(T value, double weight) {
      if (!(weight > 0)) throw new IllegalArgumentException("weight must be > 0: " + weight);
      values.add(value);
      weights.add(weight);
      return this;
    }

    Weighted<T> build() {
      double[] cumulative = new double[weights.size()];
      double sum = 0;
      for (int i = 0; i < cumulative.length; i++) {
        sum += weights.get(i);
        cumulative[i] = sum;
      }
      return new Weighted<>(List.copyOf(values), cumulative);
    }
  }
}
