package io.lezflow.sim.mqtt;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one executor a camera fleet gives to all its Paho clients (and uses for its own ticker).
 *
 * <p>Why this shape: Paho 1.2.5 runs each connection's sender, receiver and callback loops as
 * long-lived blocking tasks submitted through {@code execute}/{@code submit}, and its keep-alive
 * pings through {@code schedule}. A plain {@link ScheduledThreadPoolExecutor} has a fixed number
 * of threads, so the loops of later clients would never start. Here the loops run on one shared
 * cached pool (3 threads per connected client, reused across reconnects and closes, no per-client
 * ping timer thread) and everything scheduled runs on two scheduler threads. Invariant: after
 * {@link #shutdownNow()} and a successful {@link #awaitTermination}, no thread of it is left.
 */
final class FleetExecutor extends ScheduledThreadPoolExecutor {
  private final ExecutorService loops;

  FleetExecutor(String name) {
    super(2, daemonThreads(name + "-sched"));
    this.loops = Executors.newCachedThreadPool(daemonThreads(name + "-mqtt"));
    setRemoveOnCancelPolicy(true);
  }

  @Override
  public void execute(Runnable command) {
    loops.execute(command);
  }

  @Override
  public Future<?> submit(Runnable task) {
    return loops.submit(task);
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return loops.submit(task, result);
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return loops.submit(task);
  }

  @Override
  public void shutdown() {
    super.shutdown();
    loops.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> pending = super.shutdownNow();
    pending.addAll(loops.shutdownNow());
    return pending;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    boolean scheduler = super.awaitTermination(timeout, unit);
    return scheduler && loops.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean isTerminated() {
    return super.isTerminated() && loops.isTerminated();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
