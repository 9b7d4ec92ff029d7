package io.lezflow.ops.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;

/**
 * Drops Flink's "Name collision" warnings for two metrics that Flink's own sink operators register
 * again on purpose, and nothing else. Why a filter and not a fix in lezflow: the collisions are not
 * in a metric group or operator name of ours (every operator has a unique name and uid):
 *
 * <ul>
 *   <li>{@code pendingCommittables}: the sink committer ({@code CommittableCollector}) builds a new
 *       collector at every checkpoint and each one registers this gauge on the same committer
 *       group, so every exactly-once sink warns once per subtask per checkpoint (four lines every
 *       five seconds in the demo);
 *   <li>{@code currentSendTime}: the Kafka connector's writer registers it again for each new
 *       transactional producer.
 * </ul>
 *
 * The first registration stays and is reported; the warning says nothing an operator can act on.
 * Any other name collision (e.g. one of ours, after a code change) still reaches the log.
 */
public final class FlinkSinkMetricCollisionFilter extends Filter<ILoggingEvent> {
  static final String PREFIX = "Name collision: Group already contains a Metric with the name '";
  static final Set<String> FLINK_REREGISTERED = Set.of("pendingCommittables", "currentSendTime");

  @Override
  public FilterReply decide(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message == null || !message.startsWith(PREFIX)) return FilterReply.NEUTRAL;
    int end = message.indexOf('\'', PREFIX.length());
    if (end < 0) return FilterReply.NEUTRAL;
    return FLINK_REREGISTERED.contains(message.substring(PREFIX.length(), end)) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
