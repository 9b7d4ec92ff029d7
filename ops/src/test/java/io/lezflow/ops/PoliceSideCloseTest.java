package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The demo's shutdown (Ctrl-C gives it 9 s in all) cannot be held up by the police side: its parts
 * stop together and {@link PoliceSide#close} returns after its budget even when one of them blocks
 * (e.g. the alert notifier's MQTT publish after the broker went away first), having stopped the
 * others.
 */
class PoliceSideCloseTest {

  @Test
  void aBlockingPartDoesNotHoldUpTheOthersNorTheShutdown() {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger stopped = new AtomicInteger();
    AutoCloseable quick = stopped::incrementAndGet;
    AutoCloseable blocking = never::await;
    AutoCloseable failing = () -> {
      stopped.incrementAndGet();
      throw new IllegalStateException("already gone");
    };
    PoliceSide side = PoliceSide.of(List.of(quick, blocking, failing, quick));
    // Bounded by the budget plus scheduling slack on a loaded machine, far below the 9 s of Ctrl-C.
    assertTimeoutPreemptively(PoliceSide.STOP_BUDGET.plusSeconds(3), side::close);
    assertThat(stopped).as("the parts that can stop did, the failing one too").hasValue(3);
    never.countDown();
  }

  @Test
  void partsThatStopAtOnceDoNotWaitForTheBudget() {
    AtomicInteger stopped = new AtomicInteger();
    PoliceSide side = PoliceSide.of(List.of(stopped::incrementAndGet, stopped::incrementAndGet));
    assertTimeoutPreemptively(PoliceSide.STOP_BUDGET.minusSeconds(1), side::close);
    assertThat(stopped).hasValue(2);
  }
}
