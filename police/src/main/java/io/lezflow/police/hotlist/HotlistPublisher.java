package io.lezflow.police.hotlist;

import io.lezflow.schemas.v1.HotlistEntry;

/**
 * Where hotlist changes go for the hotlist job to match reads against (Kafka {@code
 * lez.hotlists.v1} in production: {@link KafkaHotlistPublisher}). Must return only once the change
 * is durable, or throw.
 */
@FunctionalInterface
public interface HotlistPublisher {
  void publish(HotlistEntry entry);
}
