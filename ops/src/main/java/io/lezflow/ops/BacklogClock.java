package io.lezflow.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The demo cameras' clock: for the first {@code backlog} of the run it reads {@code offset} in the
 * past, then jumps to the present. Candidates of a day three days ago have their grace window
 * (day pass, foreign registration: until midnight of the day after) long closed, so once the
 * live reads move event time past it the enforcement job settles them and the review queue fills
 * within the demo instead of two days later.
 */
final class BacklogClock extends Clock {
  private final Clock base;
  private final long offsetMs;
  private final long liveFromMs;

  BacklogClock(Clock base, Duration offset, Duration backlog) {
    this.base = base;
    this.offsetMs = offset.toMillis();
    this.liveFromMs = base.millis() + backlog.toMillis();
  }

  @Override
  public long millis() {
    long now = base.millis();
    return now < liveFromMs ? now - offsetMs : now;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the demo's camera clock is UTC only");
  }
}
